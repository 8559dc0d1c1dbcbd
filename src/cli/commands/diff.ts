import {
  analyzeConnectivity,
  diffConnectivity,
  DIFF_FORMATS,
  formatConnectivityDiff,
  isEmptyDiff,
  type DiffFormat,
} from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliCommand } from '../types.ts';
import { loadForAnalysis, reportInputErrors } from './analyze.ts';

export const command: CliCommand = {
  name: 'diff',
  summary: 'what NEW allows or blocks that OLD did not: the connectivity diff of two inputs (np-guard diff)',
  usage: `usage: netpol diff [--format txt|csv|md|json|dot] [--exit-code] [--ipblock-matches-pods] OLD NEW

Compares the connectivity of two inputs (each a file, a folder read recursively, or - for standard
input; process substitution works too: netpol diff <(git show main:policies.yaml) policies.yaml),
as np-guard's diff --dir1 OLD --dir2 NEW does. Both sides are analysed as netpol analyze does, and
the allowed connections are compared, not the text: a reordered or reformatted file shows no change,
and a workload whose labels changed shows what that changes.

  Connectivity diff:
  diff-type: changed, source: default/frontend[Deployment], destination: default/backend[Deployment], dir1: TCP 9090, dir2: TCP 9090,UDP 53
  diff-type: added, source: 0.0.0.0-255.255.255.255[External], destination: default/backend[Deployment], dir1: No Connections, dir2: TCP 9090

changed: both sides allow something and the connections differ; added: only NEW allows something;
removed: only OLD does. An added (removed) line says workloads-diff-info: workload W added (removed)
when an end is a workload OLD (NEW) does not have at all. External addresses are ranges over which
both sides are constant. Lines are grouped changed, added, removed, each sorted. No difference
prints nothing (json: []).

Options:
  --format F               txt (default), csv, md, json or dot (a graph with unchanged connections in grey)
  --exit-code              exit 1 when there are differences (as git diff --exit-code)
  --ipblock-matches-pods   let an ipBlock match pods whose IP lies in it (see netpol analyze --help)

Invalid input: errors go to standard error, the documents that can be read are still compared, and
the exit code is 1.

Exit codes: 0 ok (also with differences, unless --exit-code); 1 differences with --exit-code, or an
input has errors; 2 usage or I/O error.`,
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, {
      format: true,
      'exit-code': false,
      'ipblock-matches-pods': false,
    });
    const format = (flags.get('format') ?? 'txt') as string;
    if (!DIFF_FORMATS.includes(format as DiffFormat))
      throw new UsageError(`unknown format "${format}" (use ${DIFF_FORMATS.join(', ')})`);
    if (positionals.length !== 2)
      throw new UsageError(`needs two inputs, OLD and NEW (got ${positionals.length}; see netpol diff --help)`);
    const [oldPath, newPath] = positionals as [string, string];
    if (oldPath === '-' && newPath === '-') throw new UsageError('only one of OLD and NEW can be standard input');
    const options = { ipBlockMatchesPods: flags.has('ipblock-matches-pods') };
    const oldSide = await loadForAnalysis([oldPath], io);
    const newSide = await loadForAnalysis([newPath], io);
    const oldErrors = reportInputErrors('diff', oldSide, io);
    const newErrors = reportInputErrors('diff', newSide, io);
    const diff = diffConnectivity(
      analyzeConnectivity(oldSide.input, options),
      analyzeConnectivity(newSide.input, options),
    );
    io.stdout(formatConnectivityDiff(diff, format as DiffFormat));
    if (oldErrors || newErrors) return 1;
    return flags.has('exit-code') && !isEmptyDiff(diff) ? 1 : 0;
  },
};
