import { migrateText, read } from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { readInputs } from '../inputs.ts';
import type { CliCommand } from '../types.ts';

export const command: CliCommand = {
  name: 'migrate',
  summary: 'convert AdminNetworkPolicies and BaselineAdminNetworkPolicies to ClusterNetworkPolicies',
  usage: `usage: netpol migrate [FILE…|DIR…|-]

Prints the inputs as one YAML stream with every AdminNetworkPolicy and BaselineAdminNetworkPolicy
(policy.networking.k8s.io/v1alpha1, also inside a List) replaced where it stands by the equivalent
ClusterNetworkPolicy (v1alpha2): ANP → tier Admin with its priority, BANP → tier Baseline priority 10,
Allow → Accept, ports → protocols. Every other document is printed byte for byte. Rules over the
v1alpha2 limit of 25 peers or ports are split into consecutive rules with the same action; an egress
rule mixing networks/nodes/domainNames with a named port is split in two (a named port never matches an
address). netpol analyze gives the same connections for the output as for the input.

Warnings (more than 25 rules in a direction, two policies becoming one cluster-wide name) go to standard
error. Folders are read recursively (.yaml, .yml, .json), sorted.

Exit codes: 0 ok; 1 an input has YAML syntax errors (those documents are printed unchanged); 2 usage or
I/O error.`,
  async run(args, io) {
    const { positionals } = parseArgs(args, {});
    const inputs = await readInputs(positionals, io);
    let status = 0;
    const outputs: string[] = [];
    for (const input of inputs) {
      const result = read(input.text, { file: input.name });
      for (const d of result.diagnostics.filter((x) => x.code === 'yaml-syntax')) {
        io.stderr(`${input.name}:${d.line}:${d.column}: error: ${d.message}\n`);
        status = 1;
      }
      const migrated = migrateText(result);
      for (const w of migrated.warnings) io.stderr(`${input.name}: warning: ${w}\n`);
      if (migrated.text.trim()) outputs.push(migrated.text.endsWith('\n') ? migrated.text : `${migrated.text}\n`);
    }
    // One stream: a separator between inputs unless the next one starts with its own.
    io.stdout(outputs.map((o, i) => (i > 0 && !o.startsWith('---') ? `---\n${o}` : o)).join(''));
    return status;
  },
};
