import { projectGraph, type PolicyGraph, type ReadResult } from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { readAll } from '../inputs.ts';
import type { CliCommand } from '../types.ts';
import { formatDiagnostic } from './validate.ts';

export const command: CliCommand = {
  name: 'graph',
  summary: 'print the policy graph (nodes and allowed flows) as JSON',
  usage: `usage: netpol graph [FILE…|DIR…|-]

Prints {"nodes":[…],"edges":[…]} for all inputs together. Node types: namespace, podGroup,
namespaceSelector, ipBlock, anywhere; each node has id, type, label, ref (what it selects), and
parentId (its namespace or namespace selector), isolation (pod groups that policies select). Each edge
is an allowed flow: id, source, target, ports (as written; [] = all ports and protocols, as in Kubernetes),
label, and rules (every policy rule that writes the flow, e.g. "prod/web-allow spec.ingress[0].from[1]",
each with its own ports, [] = all).

Exit codes: 0 ok; 1 an input has errors (the graph still shows what could be read; the errors go to
standard error, one positioned line each, as netpol validate prints them); 2 usage or I/O error.`,
  async run(args, io) {
    const { positionals } = parseArgs(args, {});
    const results = await readAll(positionals, io);
    const merged: Pick<ReadResult, 'policies' | 'inventory'> = {
      policies: results.flatMap((r) => r.policies),
      inventory: {
        namespaces: results.flatMap((r) => r.inventory.namespaces),
        workloads: results.flatMap((r) => r.inventory.workloads),
      },
    };
    io.stdout(`${JSON.stringify(graphJson(projectGraph(merged)), null, 2)}\n`);
    let errors = 0;
    for (const r of results)
      for (const d of r.diagnostics)
        if (d.severity === 'error') {
          errors++;
          io.stderr(`${formatDiagnostic(d)}\n`);
        }
    return errors > 0 ? 1 : 0;
  },
};

/**
 * The graph as printed: every edge and every rule ref carries `ports`, `[]` meaning all ports and protocols
 * (as an empty or absent `ports` in a NetworkPolicy rule does), so consumers never meet an absent key.
 */
export function graphJson(graph: PolicyGraph): PolicyGraph {
  return {
    ...graph,
    edges: graph.edges.map(({ id, source, target, ports, ...rest }) => ({
      id,
      source,
      target,
      ports: ports ?? [],
      ...rest,
      rules: rest.rules.map((rule) => ({ ...rule, ports: rule.ports ?? [] })),
    })),
  };
}
