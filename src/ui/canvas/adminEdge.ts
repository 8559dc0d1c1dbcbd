/**
 * How a flow written by a ClusterNetworkPolicy (or ANP/BANP) rule looks on the canvas, apart from NetworkPolicy
 * flows (which only allow): the action by colour and dash, the tier by stroke width, and a mark on the label.
 * - Deny: red, solid, `⊘` mark;
 * - Pass: grey, dashed (hands the decision over to the next tier), `↷` mark;
 * - Accept: green, solid, `✓` mark;
 * - Admin tier (decides before every NetworkPolicy): thick; Baseline tier (after them, the defaults): thin.
 */
import { MarkerType, type EdgeMarker } from '@xyflow/react';
import type { GraphEdge } from '../../core/index.ts';

export interface AdminEdgeLook {
  className: string;
  stroke: string;
  width: number;
  /** Pass flows are dashed with this pattern. */
  dash?: string;
  /** Label prefix, before the core's `Deny (Admin): TCP 80`. */
  mark: string;
}

const ACTION_LOOK = {
  Deny: { stroke: '#c5221f', mark: '⊘ ' },
  Pass: { stroke: '#80868b', mark: '↷ ', dash: '6 4' },
  Accept: { stroke: '#188038', mark: '✓ ' },
} as const;

/** The admin look of a flow, or undefined for a NetworkPolicy flow. */
export function adminEdgeLook(edge: GraphEdge | undefined, selected: boolean | undefined): AdminEdgeLook | undefined {
  if (!edge?.action || !edge.tier) return undefined;
  const look = ACTION_LOOK[edge.action];
  const base = edge.tier === 'Admin' ? 2.6 : 1.3;
  return {
    className: ` admin-edge action-${edge.action.toLowerCase()} tier-${edge.tier.toLowerCase()}`,
    stroke: look.stroke,
    width: selected ? base + 1 : base,
    ...('dash' in look ? { dash: look.dash } : {}),
    mark: look.mark,
  };
}

/** The arrowhead of an admin flow, in its action's colour (React Flow defines one marker per colour). */
export function adminEdgeMarker(edge: GraphEdge): EdgeMarker | undefined {
  if (!edge.action) return undefined;
  return { type: MarkerType.ArrowClosed, width: 16, height: 16, color: ACTION_LOOK[edge.action].stroke };
}
