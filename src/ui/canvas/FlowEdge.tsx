import { BaseEdge, EdgeText, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useDesignerStore } from '../store/designerContext.ts';
import { TEST_IDS } from '../testIds.ts';
import type { GraphFlowEdge } from './toFlow.ts';

const LABEL_PADDING: [number, number] = [6, 2];

/** An allowed flow, labelled with its ports; a one-sided flow (blocked on the other side) is dashed and red. */
export function FlowEdge(props: EdgeProps<GraphFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const store = useDesignerStore();
  const edge = data?.edge;
  const oneSided = edge?.effective === 'oneSided';
  const explanation = edge?.explanation ?? edge?.rules.map((r) => r.path).join('\n');
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={oneSided ? 'flow-edge one-sided' : 'flow-edge'}
        style={{
          stroke: oneSided ? '#d93025' : selected ? '#1a56db' : '#5f6b7a',
          strokeWidth: selected ? 2.5 : 1.6,
          strokeDasharray: oneSided ? '6 4' : undefined,
        }}
      />
      {/* The label is drawn inside the edge's SVG (no HTML overlay per edge: those are re-positioned on every
          viewport change). The wrapper's <title> is the hover tooltip; it sits outside the labelled group so the
          label's text stays just the ports. */}
      <g>
        <title>{explanation}</title>
        <EdgeText
          x={labelX}
          y={labelY}
          label={`${oneSided ? '⚠ ' : ''}${edge?.label ?? ''}`}
          labelBgPadding={LABEL_PADDING}
          labelBgBorderRadius={8}
          className={`edge-label nopan${oneSided ? ' one-sided' : ''}${selected ? ' is-selected' : ''}`}
          onClick={() => store.getState().select({ kind: 'edge', id })}
          data-testid={TEST_IDS.edgeLabel}
          data-edge-id={id}
          data-effective={edge?.effective ?? 'unknown'}
        />
      </g>
    </>
  );
}

export const EDGE_TYPES = { flow: FlowEdge };
