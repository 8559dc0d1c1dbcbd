/**
 * Change impact for the designer: the connectivity diff (diff.ts) between a baseline document and the current
 * one, with each changed pair tied to the drawn flow (graph edge) that carries it, so the designer can list the
 * changes, select the flow and mark it on the canvas.
 *
 * Both sides are analysed on the same workloads: each side's own inventory, plus pods synthesised from the
 * policies of both sides (synthesize.ts). A design without workloads then still has a pod for every selector
 * either side uses, so deleting a rule removes the connection between the same two pods, rather than the pods.
 */
import type { GraphEdge, PolicyGraph } from '../graph/types.ts';
import type { Inventory, NetworkPolicy, PolicyEntry } from '../model/types.ts';
import { formatConnections, type ConnectionSet } from '../model/portset.ts';
import { NAMESPACE_NAME_LABEL } from '../read/inventory.ts';
import { analyzeConnectivity, type ConnectivityResult } from './connectivity.ts';
import { diffConnectivity, type ConnectionDiff } from './diff.ts';
import { workloadsDiffInfo } from './diffFormat.ts';
import { edgeBetween, type NamespaceLabelsOf } from './covers.ts';
import { synthesizeInventory } from './synthesize.ts';

export interface FlowSide {
  graph: PolicyGraph;
  policies: readonly (PolicyEntry | NetworkPolicy)[];
  inventory?: Inventory;
}

export interface FlowChange {
  type: 'added' | 'removed' | 'changed';
  /** Peer ids as the connlist prints them: `ns/name[Kind]`, `a.b.c.d-e.f.g.h[External]`. */
  source: string;
  destination: string;
  /** Connections before (baseline) and after (current), as np-guard writes them (`No Connections` when none). */
  before: string;
  after: string;
  /** `workload … added|removed` when an end is a workload the other side does not have. */
  info: string;
  /**
   * The drawn flow that carries this connection: an edge of the current graph (added, changed, and removed
   * when a flow between those ends is still drawn), or of the baseline graph (a removed flow no longer drawn;
   * `ghost` then holds that edge, to draw it dashed).
   */
  edgeId?: string;
  ghost?: GraphEdge;
}

export interface FlowChanges {
  changes: FlowChange[];
  /** How many there were in all (the list stops at `limit`). */
  total: number;
}

/** The first edge of `graph` whose ends stand for the connection's ends. */
const flowOf = (graph: PolicyGraph, d: ConnectionDiff, nsLabels: NamespaceLabelsOf) =>
  edgeBetween(graph, d.src, d.dst, nsLabels);

/** Analyses one side on the shared workloads (see the module comment). */
export function analyzeFlowSide(
  side: FlowSide,
  allPolicies: readonly (PolicyEntry | NetworkPolicy)[],
): ConnectivityResult {
  return analyzeConnectivity({ policies: side.policies, inventory: synthesizeInventory(allPolicies, side.inventory) });
}

const conns = (c: ConnectionSet, none: boolean) => (none ? 'No Connections' : formatConnections(c));

/**
 * What changed from `baseline` to `current`, changed first, then added, then removed, each sorted by source
 * and destination; at most `limit` entries.
 */
export function flowChanges(baseline: FlowSide, current: FlowSide, limit = 500): FlowChanges {
  const all = [...baseline.policies, ...current.policies];
  const diff = diffConnectivity(analyzeFlowSide(baseline, all), analyzeFlowSide(current, all));
  const nsLabelsOf = (inventory: Inventory | undefined) => {
    const map = new Map((inventory?.namespaces ?? []).map((n) => [n.name, n.labels]));
    return (ns: string) => ({ ...map.get(ns), [NAMESPACE_NAME_LABEL]: ns });
  };
  const currentNs = nsLabelsOf(synthesizeInventory(all, current.inventory));
  const baselineNs = nsLabelsOf(synthesizeInventory(all, baseline.inventory));
  const list = [...diff.changed, ...diff.added, ...diff.removed];
  const changes = list.slice(0, limit).map((d): FlowChange => {
    const change: FlowChange = {
      type: d.type as FlowChange['type'],
      source: d.src.id,
      destination: d.dst.id,
      before: conns(d.before, d.type === 'added'),
      after: conns(d.after, d.type === 'removed'),
      info: workloadsDiffInfo(d),
    };
    const drawn = flowOf(current.graph, d, currentNs);
    if (drawn) change.edgeId = drawn.id;
    else if (d.type === 'removed') {
      const old = flowOf(baseline.graph, d, baselineNs);
      if (old) {
        change.edgeId = old.id;
        change.ghost = old;
      }
    }
    return change;
  });
  return { changes, total: list.length };
}
