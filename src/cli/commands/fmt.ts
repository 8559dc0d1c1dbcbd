import { formatRead, read } from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { readInputs } from '../inputs.ts';
import { formatDiagnostic } from './validate.ts';
import type { CliCommand } from '../types.ts';

export const command: CliCommand = {
  name: 'fmt',
  summary: 'print policies as canonical, kubectl-apply-able YAML',
  usage: `usage: netpol fmt [FILE…|-]

Prints every input as canonical YAML on standard output: NetworkPolicies with a stable key order
(apiVersion, kind, metadata, spec), explicit namespace (when given), policyTypes and protocols, integer
ports, empty lists left out, server-populated metadata dropped; documents are separated by ---.
Other documents (Namespaces, Deployments, ConfigMaps, CRDs…) pass through byte for byte. A Markdown file
with \`\`\`yaml fences gives the YAML of its fences. Running fmt on its own output changes nothing.

Exit codes: 0 ok; 1 an input has YAML syntax errors or values of the wrong type (a name that is a mapping,
a port that is a list: those documents are printed unchanged and the errors go to standard error) or is not
UTF-8 text (nothing is printed for it); 2 usage or I/O error.`,
  async run(args, io) {
    const { positionals } = parseArgs(args, {});
    const inputs = await readInputs(positionals, io, { lenientEncoding: true });
    let status = 0;
    const outputs: string[] = [];
    for (const input of inputs) {
      if (input.encoding) {
        // Writing the text back would replace the bytes fmt could not read: report it and print nothing for it.
        io.stderr(`${input.encoding.message}\n`);
        status = 1;
        continue;
      }
      const result = read(input.text, { file: input.name });
      // Documents fmt cannot rewrite: syntax errors, and wrongly typed values (kept out of the model, so the
      // canonical form would lose them). They are printed as written; say why.
      for (const d of result.diagnostics.filter((x) => x.code === 'yaml-syntax' || x.code === 'type')) {
        io.stderr(`${formatDiagnostic(d)}\n`);
        status = 1;
      }
      const text = formatRead(result);
      if (text) outputs.push(text);
    }
    io.stdout(outputs.join('---\n'));
    return status;
  },
};
