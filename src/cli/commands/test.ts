import { buildModel } from '../../core/index.ts';
import { readTestFile, runPolicyTests, testsFromFlows } from '../../core/policytests.ts';
import { parseArgs } from '../args.ts';
import { readFlowCapture, reportFlowErrors, takeListFlags } from '../flowInput.ts';
import { UsageError, type CliCommand } from '../types.ts';
import { loadForAnalysis, reportInputErrors } from './analyze.ts';

export const command: CliCommand = {
  name: 'test',
  summary: 'check a file of connectivity assertions (allow/deny) against policies, without a cluster',
  usage: `usage: netpol test TESTS.yaml [--ipblock-matches-pods] PATH…
       netpol test --from-flows FLOWS…

TESTS.yaml is a mapping with one key, tests: a list of {name, from, to, port?, expect: allow|deny}.
from/to: a workload of the inputs (ns/name[Kind], ns/name, or name in namespace default), a labelled pod
{namespace, podLabels, namespaceLabels?}, an IP address, or a CIDR (every address of it). port: PORT,
PORT/PROTOCOL or an integer (default TCP); without it, any connection. Each test is checked with the
engine of netpol analyze and netpol explain; one line per test, in file order, then a summary:
  PASS NAME: FROM -> TO PORT: expected X, got Y (decided by …)

--from-flows FLOWS…  print a test file pinning the observed traffic of Hubble flow logs: one
                     expect: allow test per observed connection (see netpol flows --help).

Exit codes: 0 every test passes; 1 a test fails (--from-flows: an invalid flow line); 2 bad input (the
tests file is unreadable, not YAML, or breaks the format: TESTS.yaml:LINE:COL: error: … (test NAME);
an unknown or ambiguous workload; both ends external), an unreadable PATH, or a usage error. Errors
inside the policy inputs are reported as by netpol analyze and do not change the exit code.`,
  async run(args, io) {
    const { rest, lists } = takeListFlags(args, ['from-flows']);
    const fromFlows = lists.get('from-flows');
    if (fromFlows) {
      const { positionals } = parseArgs(rest, {});
      const capture = await readFlowCapture([...fromFlows, ...positionals], io);
      const bad = reportFlowErrors(capture, io);
      io.stdout(testsFromFlows(capture));
      return bad ? 1 : 0;
    }
    const { positionals, flags } = parseArgs(rest, { 'ipblock-matches-pods': false });
    const [testsPath, ...paths] = positionals;
    if (!testsPath) throw new UsageError('TESTS.yaml is required');
    if (paths.length === 0) throw new UsageError('no policy inputs: netpol test TESTS.yaml PATH…');
    const testsName = testsPath === '-' ? '<stdin>' : testsPath;
    const parsed = readTestFile(await io.readFile(testsPath));
    const printErrors = (errors: { line: number; column: number; message: string; test?: string }[]) => {
      for (const e of errors)
        io.stderr(`${testsName}:${e.line}:${e.column}: error: ${e.message}${e.test ? ` (test ${e.test})` : ''}\n`);
      return 2;
    };
    if (!parsed.tests) return printErrors(parsed.errors);
    const loaded = await loadForAnalysis(paths, io);
    reportInputErrors('test', loaded, io);
    const options = { ipBlockMatchesPods: flags.has('ipblock-matches-pods') };
    const run = runPolicyTests(parsed.tests, buildModel(loaded.input, options), options);
    if ('errors' in run) return printErrors(run.errors);
    io.stdout(run.results.map((r) => `${r.text}\n`).join('') + `${run.summary}\n`);
    return run.failed > 0 ? 1 : 0;
  },
};
