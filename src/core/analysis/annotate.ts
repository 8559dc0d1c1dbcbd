/**
 * Edge annotation for the designer: for each drawn flow (an edge of the PolicyGraph), whether it is effective
 * end to end. A flow written on one side (an ingress rule of the destination's policy, or an egress rule of
 * the source's) is `allowed` when the other side does not block it: the source's egress AND the destination's
 * ingress allow it on the ports the edge shows. Otherwise it is `oneSided`, and the explanation names the
 * policies whose isolation blocks it.
 *
 * Each end of an edge is evaluated on representative endpoints: the inventory's workloads that the node
 * stands for, or (without an inventory, or when none matches) pods synthesised from the policies
 * (synthesize.ts); an ipBlock by its first address, `anywhere` by an external address.
 */
import { formatIp } from '../cidr.ts';
import { selectorMatches } from '../selector.ts';
import type { NodeRef, PolicyGraph, GraphEdge } from '../graph/types.ts';
import type { Inventory, NetworkPolicy, NetworkPolicyPort, PolicyEntry } from '../types.ts';
import { endpointOfWorkload, explainConnection, type Endpoint, type PodEndpoint } from './explain.ts';
import {
  buildModel,
  ipBlockSet,
  normalizePolicy,
  portsOnDestination,
  type AnalysisOptions,
  type Model,
} from './model.ts';
import { coversConnections, formatConnections, isEmptyConnections } from './portset.ts';
import { synthesizeInventory } from './synthesize.ts';

/** Representative endpoints for a graph node. */
function representatives(model: Model, ref: NodeRef): Endpoint[] {
  switch (ref.kind) {
    case 'anywhere':
      // An address outside every private range: what "anywhere" adds beyond the cluster's pods.
      return [{ kind: 'ip', ip: '203.0.113.1' }];
    case 'ipBlock': {
      const set = ipBlockSet(ref.cidr, ref.except ?? []);
      const first = set?.v4[0] ?? set?.v6[0];
      if (!set || !first) return [];
      return [{ kind: 'ip', ip: formatIp(set.v4.length ? 4 : 6, first[0]) }];
    }
    case 'namespace':
    case 'pods':
    case 'namespacePods': {
      const pods: PodEndpoint[] = [];
      for (const w of model.workloads) {
        const nsLabels = model.namespaces.get(w.namespace) ?? {};
        const ok =
          ref.kind === 'namespace'
            ? w.namespace === ref.namespace
            : ref.kind === 'pods'
              ? w.namespace === ref.namespace && selectorMatches(ref.podSelector, w.labels)
              : selectorMatches(ref.namespaceSelector, nsLabels) &&
                (!ref.podSelector || selectorMatches(ref.podSelector, w.labels));
        if (ok) pods.push(endpointOfWorkload(w));
      }
      return pods;
    }
  }
}

const list = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** Where the flow is written, for the explanation: `ns/a (ingress) and ns/b (egress)`. */
function writtenIn(edge: GraphEdge): string {
  const seen: string[] = [];
  for (const r of edge.rules) {
    const t = `${r.policy} (${r.direction})`;
    if (!seen.includes(t)) seen.push(t);
  }
  return list(seen);
}

export interface AnnotateOptions extends AnalysisOptions {
  /** Cap on representative pairs evaluated per edge (large inventories). Default 200. */
  maxPairsPerEdge?: number;
}

/**
 * Returns the graph with `effective` and `explanation` set on every edge that has representatives on both
 * ends (the input graph is not modified). Without `inventory`, a representative one is synthesised from the
 * policies; with one, nodes that match none of its workloads still get synthesised representatives.
 */
export function annotateEffective(
  graph: PolicyGraph,
  policies: readonly (PolicyEntry | NetworkPolicy)[],
  inventory?: Inventory,
  options: AnnotateOptions = {},
): PolicyGraph {
  const model = buildModel({ policies, inventory: synthesizeInventory(policies, inventory) }, options);
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const reps = new Map<string, Endpoint[]>();
  const repsOf = (id: string): Endpoint[] => {
    const hit = reps.get(id);
    if (hit) return hit;
    const node = nodes.get(id);
    const r = node ? representatives(model, node.ref) : [];
    reps.set(id, r);
    return r;
  };
  const maxPairs = options.maxPairsPerEdge ?? 200;

  const edges = graph.edges.map((edge): GraphEdge => {
    const srcs = repsOf(edge.source);
    const dsts = repsOf(edge.target);
    // The edge's ports as one rule, so named ports resolve on each destination like the rules themselves.
    const portsRule = normalizePolicy(
      {
        metadata: { name: 'edge' },
        spec: { podSelector: {}, ingress: [{ ports: edge.ports as NetworkPolicyPort[] }] },
      },
      'edge',
      model.options,
    ).ingress[0]!;
    let pairs = 0;
    let checked = 0;
    let blocked: { reason: string; src: string; dst: string } | undefined;
    let blockedCount = 0;
    for (const s of srcs) {
      for (const d of dsts) {
        if (pairs++ >= maxPairs) break;
        if (s.kind === 'pod' && d.kind === 'pod' && s.name === d.name) continue; // loopback says nothing
        const required =
          d.kind === 'pod' ? portsOnDestination(portsRule, d.ports ?? []) : portsOnDestination(portsRule, undefined);
        if (isEmptyConnections(required)) continue;
        checked++;
        const x = explainConnection(model, s, d, {}, options);
        if (coversConnections(x.conns, required)) continue;
        blockedCount++;
        if (!blocked) {
          const side = [x.egress, x.ingress].find((dir) => !coversConnections(dir.conns, required));
          blocked = {
            reason:
              side?.reason ??
              `Egress allows ${formatConnections(x.egress.conns)} and ingress allows ${formatConnections(x.ingress.conns)}; together they do not cover ${formatConnections(required)}.`,
            src: x.src,
            dst: x.dst,
          };
        }
      }
    }
    const rest: GraphEdge = { ...edge };
    delete rest.effective;
    delete rest.explanation;
    if (checked === 0) return rest;
    if (!blocked)
      return {
        ...rest,
        effective: 'allowed',
        explanation: `Allowed end to end: written in ${writtenIn(edge)}, and the other side does not block it.`,
      };
    const scope =
      checked > 1
        ? ` (blocked for ${blockedCount} of ${checked} representative pairs, e.g. ${blocked.src} → ${blocked.dst})`
        : '';
    return {
      ...rest,
      effective: 'oneSided',
      explanation: `One-sided: written in ${writtenIn(edge)}, but it is blocked${scope}. ${blocked.reason}`,
    };
  });
  return { ...graph, edges };
}
