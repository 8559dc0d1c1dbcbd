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
import { formatIp, type IpFamily } from '../model/cidr.ts';
import { selectorMatches } from '../model/selector.ts';
import type { AdminPolicyEntry } from '../model/admin.ts';
import type { NodeRef, PolicyGraph, GraphEdge } from '../graph/types.ts';
import type { Inventory, NetworkPolicy, NetworkPolicyPort, PolicyEntry } from '../model/types.ts';
import { endpointOfWorkload, explainConnection, type Endpoint, type PodEndpoint } from './explain.ts';
import {
  buildModel,
  ipBlockSet,
  normalizePolicy,
  portsOnDestination,
  type AnalysisOptions,
  type Model,
} from './model.ts';
import { ConnectivityEngine, type Segment } from './connectivity.ts';
import { coversConnections, formatConnections, isEmptyConnections, type ConnectionSet } from '../model/portset.ts';
import { synthesizeInventory } from './synthesize.ts';

/**
 * A representative of a node: a pod class (every workload of a class is decided alike, so one stands for
 * all) or an address.
 */
export type Rep =
  | { kind: 'class'; classId: number; endpoint: PodEndpoint }
  | { kind: 'ip'; family: IpFamily; value: bigint; endpoint: Endpoint };

function ipRep(family: IpFamily, value: bigint): Rep {
  return { kind: 'ip', family, value, endpoint: { kind: 'ip', ip: formatIp(family, value) } };
}

/** Representative endpoints for a graph node. */
export function representatives(model: Model, ref: NodeRef): Rep[] {
  switch (ref.kind) {
    case 'anywhere':
      // An address outside every private range: what "anywhere" adds beyond the cluster's pods.
      return [ipRep(4, 0xcb007101n)]; // 203.0.113.1 (TEST-NET-3)
    case 'ipBlock': {
      const set = ipBlockSet(ref.cidr, ref.except ?? []);
      const first = set?.v4[0] ?? set?.v6[0];
      if (!set || !first) return [];
      return [ipRep(set.v4.length ? 4 : 6, first[0])];
    }
    case 'namespace':
    case 'pods':
    case 'namespacePods': {
      const reps: Rep[] = [];
      for (const c of model.classes) {
        const ok =
          ref.kind === 'namespace'
            ? c.namespace === ref.namespace
            : ref.kind === 'pods'
              ? c.namespace === ref.namespace && selectorMatches(ref.podSelector, c.labels)
              : selectorMatches(ref.namespaceSelector, c.nsLabels) &&
                (!ref.podSelector || selectorMatches(ref.podSelector, c.labels));
        if (ok)
          reps.push({ kind: 'class', classId: c.id, endpoint: endpointOfWorkload(model.workloads[c.members[0]!]!) });
      }
      return reps;
    }
  }
}

/** Index of the segment holding an address (segments partition the address space of their family). */
function segmentOf(segments: readonly Segment[], family: IpFamily, value: bigint): number {
  return segments.findIndex((g) => g.family === family && g.first <= value && value <= g.last);
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
  /** Cap on representative pairs evaluated per edge (large inventories). Default 64. */
  maxPairsPerEdge?: number;
  /** ClusterNetworkPolicies (ANP, BANP): NetworkPolicy flows are then judged with the tiers. */
  adminPolicies?: readonly AdminPolicyEntry[];
}

/**
 * The model the designer's graph is judged on: the policies (and tiers) over the inventory extended with pods
 * synthesised from the policies' selectors (synthesize.ts), so every node has representatives.
 */
export function representativeModel(
  policies: readonly (PolicyEntry | NetworkPolicy)[],
  inventory: Inventory | undefined,
  options: AnnotateOptions = {},
): Model {
  return buildModel(
    {
      policies,
      ...(options.adminPolicies ? { adminPolicies: options.adminPolicies } : {}),
      inventory: synthesizeInventory(policies, inventory),
    },
    options,
  );
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
  const model = representativeModel(policies, inventory, options);
  const engine = new ConnectivityEngine(model);
  const fromExt = new Map<number, ConnectionSet[]>();
  const toExt = new Map<number, ConnectionSet[]>();
  /** End-to-end connections between two representatives; undefined when no policy could decide (ip → ip). */
  const connsBetween = (s: Rep, d: Rep): ConnectionSet | undefined => {
    if (s.kind === 'class' && d.kind === 'class') return engine.podToPod(s.classId, d.classId);
    if (s.kind === 'ip' && d.kind === 'class') {
      const i = segmentOf(engine.ingressSegments, s.family, s.value);
      const list = fromExt.get(d.classId) ?? fromExt.set(d.classId, engine.fromExternal(d.classId)).get(d.classId)!;
      return i < 0 ? undefined : list[i];
    }
    if (s.kind === 'class' && d.kind === 'ip') {
      const i = segmentOf(engine.egressSegments, d.family, d.value);
      const list = toExt.get(s.classId) ?? toExt.set(s.classId, engine.toExternal(s.classId)).get(s.classId)!;
      return i < 0 ? undefined : list[i];
    }
    return undefined;
  };
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const reps = new Map<string, Rep[]>();
  const repsOf = (id: string): Rep[] => {
    const hit = reps.get(id);
    if (hit) return hit;
    const node = nodes.get(id);
    const r = node ? representatives(model, node.ref) : [];
    reps.set(id, r);
    return r;
  };
  const maxPairs = options.maxPairsPerEdge ?? 64;

  const edges = graph.edges.map((edge): GraphEdge => {
    const rest: GraphEdge = { ...edge };
    delete rest.effective;
    delete rest.explanation;
    // A ClusterNetworkPolicy flow states what its rule does (Accept, Deny, Pass), not an allowed flow to check.
    if (edge.action) return rest;
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
    let blockedCount = 0;
    let firstBlocked: { s: Rep; d: Rep; required: ConnectionSet } | undefined;
    for (const s of repsOf(edge.source)) {
      for (const d of repsOf(edge.target)) {
        if (pairs++ >= maxPairs) break;
        // A class with a single workload to itself is loopback, which says nothing about the flow.
        if (
          s.kind === 'class' &&
          d.kind === 'class' &&
          s.classId === d.classId &&
          model.classes[s.classId]!.members.length < 2
        )
          continue;
        const required = portsOnDestination(
          portsRule,
          d.kind === 'class' ? model.classes[d.classId]!.ports : undefined,
        );
        if (isEmptyConnections(required)) continue;
        const conns = connsBetween(s, d);
        if (!conns) continue;
        checked++;
        if (coversConnections(conns, required)) continue;
        blockedCount++;
        firstBlocked ??= { s, d, required };
      }
    }
    if (checked === 0) return rest;
    if (!firstBlocked)
      return {
        ...rest,
        effective: 'allowed',
        explanation: `Allowed end to end: written in ${writtenIn(edge)}, and the other side does not block it.`,
      };
    // Reasons come from the explainer, for one blocked pair.
    const x = explainConnection(model, firstBlocked.s.endpoint, firstBlocked.d.endpoint, {}, options);
    const required = firstBlocked.required;
    const side = [x.egress, x.ingress].find((dir) => !coversConnections(dir.conns, required));
    const reason =
      side?.reason ??
      `Egress allows ${formatConnections(x.egress.conns)} and ingress allows ${formatConnections(x.ingress.conns)}; together they do not cover ${formatConnections(required)}.`;
    const scope =
      checked > 1 ? ` (blocked for ${blockedCount} of ${checked} representative pairs, e.g. ${x.src} → ${x.dst})` : '';
    return {
      ...rest,
      effective: 'oneSided',
      explanation: `One-sided: written in ${writtenIn(edge)}, but it is blocked${scope}. ${reason}`,
    };
  });
  return { ...graph, edges };
}
