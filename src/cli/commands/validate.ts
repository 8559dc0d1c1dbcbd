import type { Diagnostic } from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { clip } from '../clip.ts';
import { readAll } from '../inputs.ts';
import type { CliCommand } from '../types.ts';

/** `FILE:LINE:COL: error|warning|info: message (namespace/name field.path)` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.object, d.path]
    .filter(Boolean)
    .map((s) => clip(s!))
    .join(' ');
  return `${d.file ?? '<stdin>'}:${d.line}:${d.column}: ${d.severity}: ${d.message}${where ? ` (${where})` : ''}`;
}

export const command: CliCommand = {
  name: 'validate',
  summary: 'check policies against every rule the Kubernetes API server enforces',
  usage: `usage: netpol validate [--quiet] [FILE…|DIR…|-]

Reads each input (folders recursively: .yaml, .yml, .json) and prints one line per finding:
  FILE:LINE:COL: error|warning|info: message (namespace/name field.path)
Errors are what the API server would reject (names, labels, selectors, ports, protocols, CIDRs, except
outside cidr, ipBlock with a selector, empty peers, policyTypes) and YAML syntax errors; warnings are
accepted but suspicious (non-canonical CIDRs, missing namespace, duplicate policyTypes); infos are
template parameters such as {{TENANT_NAME}}.

Options:
  --quiet   print errors only

Exit codes: 0 no errors; 1 at least one error; 2 usage or I/O error.`,
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { quiet: false });
    const results = await readAll(positionals, io);
    let errors = 0;
    for (const result of results) {
      for (const d of result.diagnostics) {
        if (d.severity === 'error') errors++;
        else if (flags.has('quiet')) continue;
        io.stdout(`${formatDiagnostic(d)}\n`);
      }
    }
    return errors > 0 ? 1 : 0;
  },
};
