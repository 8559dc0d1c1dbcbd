import { projectGraph, type ReadResult } from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { readAll } from '../inputs.ts';
import type { CliCommand } from '../types.ts';

export const command: CliCommand = {
  name: 'graph',
  summary: 'print the policy graph (nodes and allowed flows) as JSON',
  usage: `usage: netpol graph [FILE…|DIR…|-]

Prints {"nodes":[…],"edges":[…]} for all inputs together. Node types: namespace, podGroup,
namespaceSelector, ipBlock, anywhere; each node has id, type, label, ref (what it selects), and
parentId (its namespace or namespace selector), isolation (pod groups that policies select). Each edge
is an allowed flow: id, source, target, ports (as written; absent = all ports), label, and rules (every
policy rule that writes the flow, e.g. "prod/web-allow spec.ingress[0].from[1]"). Flows of a
ClusterNetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy rule also carry action (Accept,
Deny, Pass) and tier (Admin, Baseline), e.g. rules "cnp/deny-a spec.ingress[0].from[0]".

Exit codes: 0 ok; 1 an input has errors (the graph still shows what could be read); 2 usage or I/O error.`,
  async run(args, io) {
    const { positionals } = parseArgs(args, {});
    const results = await readAll(positionals, io);
    const merged: Pick<ReadResult, 'policies' | 'adminPolicies' | 'inventory'> = {
      policies: results.flatMap((r) => r.policies),
      adminPolicies: results.flatMap((r) => r.adminPolicies),
      inventory: {
        namespaces: results.flatMap((r) => r.inventory.namespaces),
        workloads: results.flatMap((r) => r.inventory.workloads),
      },
    };
    io.stdout(`${JSON.stringify(projectGraph(merged), null, 2)}\n`);
    return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
  },
};
