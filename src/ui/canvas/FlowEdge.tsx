import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useDesignerStore } from '../store/designerContext.ts';
import { TEST_IDS } from '../testIds.ts';
import { EdgeLabel } from './EdgeLabel.tsx';
import { oneSidedDash, useDetailed } from './lod.ts';
import type { GraphFlowEdge } from './toFlow.ts';
import { displayText } from '../text.ts';
import { adminEdgeLook } from './adminEdge.ts';

const LABEL_PADDING: [number, number] = [6, 2];

const strokeOf = (oneSided: boolean, selected: boolean | undefined) =>
  oneSided ? '#d93025' : selected ? '#1a56db' : '#5f6b7a';

const CHANGE_MARK = { added: '+ ', removed: '− ', changed: '~ ' } as const;
/**
 * Imported flows: ✓ observed traffic uses the flow, ✗ observed traffic between its ends would be denied (both when
 * both); a flow never observed is dimmed.
 */
const observedMark = (allowed: string[] = [], denied: string[] = []) =>
  allowed.length || denied.length ? `${allowed.length ? '✓' : ''}${denied.length ? '✗' : ''} ` : '';

/**
 * An allowed flow, labelled with its ports; a one-sided flow (blocked on the other side) is dashed and red. A flow
 * the edits changed against the baseline is marked (`+` added, `~` changed); a removed one no longer drawn is a
 * dashed ghost, still clickable. With a flow log imported, flows observed traffic uses are marked ✓, those it
 * would be denied on ✗ (red), never-observed ones dimmed; observed traffic no flow joins is a red dashed extra edge.
 */
function FlowEdgeComponent(props: EdgeProps<GraphFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const detailed = useDetailed();
  const store = useDesignerStore();
  const edge = data?.edge;
  const oneSided = edge?.effective === 'oneSided';
  const change = data?.change;
  const ghost = !!data?.ghost;
  const observed = data?.observed;
  const admin = adminEdgeLook(edge, selected);
  const changeClass = `${change ? ` change-${change}` : ''}${ghost ? ' is-ghost' : ''}${admin?.className ?? ''}${observed ? ` observed-${observed}` : ''}`;
  const denied = oneSided || observed === 'denied';
  if (!detailed) {
    // Zoomed far out (lod.ts): the line and its colour only. No label or tooltip (unreadable at this scale), no
    // arrowhead, no dash (a dashed path is dashed along its whole length, thousands of dashes for a long flow, on
    // every repaint), no wide invisible hit path.
    return (
      <path
        d={path}
        fill="none"
        className={`react-flow__edge-path flow-edge${oneSided ? ' one-sided' : ''}${observed ? ` observed-${observed}` : ''}`}
        data-lod="overview"
        style={{
          stroke: admin?.stroke ?? strokeOf(denied, selected),
          strokeWidth: admin?.width ?? (selected ? 2.5 : 1.6),
        }}
      />
    );
  }
  const written = data?.observedExtra
    ? undefined
    : displayText(edge?.explanation ?? edge?.rules.map((r) => displayText(r.path)).join('\n'), 2000);
  const observedAllowed = data?.observedAllowed ?? [];
  const observedDenied = data?.observedDenied ?? [];
  const seen = observed
    ? [
        ...(observedAllowed.length ? ['Observed traffic it allows:', ...observedAllowed] : []),
        ...(observedDenied.length ? ['Observed traffic the policies would deny:', ...observedDenied] : []),
        ...(observed === 'unobserved' ? ['Not observed in the imported flows'] : []),
      ]
        .map((l) => displayText(l))
        .join('\n')
    : undefined;
  const explanation = [written, seen].filter(Boolean).join('\n\n');
  const extra = !!data?.observedExtra;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={`${oneSided ? 'flow-edge one-sided' : 'flow-edge'}${changeClass}`}
        style={{
          stroke: admin?.stroke ?? strokeOf(denied, selected),
          strokeWidth: admin?.width ?? (selected ? 2.5 : 1.6),
          strokeDasharray:
            oneSided || ghost || extra ? oneSidedDash(sourceX, sourceY, targetX, targetY) : (admin?.dash ?? undefined),
        }}
      />
      {/* The label is drawn inside the edge's SVG (no HTML overlay per edge: those are re-positioned on every
          viewport change). The wrapper's <title> is the hover tooltip; it sits outside the labelled group so the
          label's text stays just the ports. */}
      <g>
        <title>{explanation}</title>
        <EdgeLabel
          x={labelX}
          y={labelY}
          label={`${observedMark(observedAllowed, observedDenied)}${change ? CHANGE_MARK[change] : ''}${oneSided ? '⚠ ' : ''}${admin?.mark ?? ''}${displayText(edge?.label)}`}
          labelBgPadding={LABEL_PADDING}
          labelBgBorderRadius={8}
          className={`edge-label nopan${oneSided ? ' one-sided' : ''}${selected ? ' is-selected' : ''}${changeClass}`}
          onClick={extra ? undefined : () => store.getState().select({ kind: 'edge', id })}
          data-testid={TEST_IDS.edgeLabel}
          data-edge-id={id}
          data-effective={edge?.effective ?? 'unknown'}
          data-change={change ?? 'none'}
          data-observed={observed ?? 'none'}
          data-action={edge?.action ?? 'allow'}
          data-tier={edge?.tier ?? 'NetworkPolicy'}
        />
      </g>
    </>
  );
}

/** Memoized: React Flow passes new props only when the flow's ends or its data change. */
export const FlowEdge = memo(FlowEdgeComponent);

export const EDGE_TYPES = { flow: FlowEdge };
