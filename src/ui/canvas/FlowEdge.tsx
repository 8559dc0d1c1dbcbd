import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useDesignerStore } from '../store/designerContext.ts';
import { TEST_IDS } from '../testIds.ts';
import type { GraphFlowEdge } from './toFlow.ts';

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
      <EdgeLabelRenderer>
        <div
          className={`edge-label nopan${oneSided ? ' one-sided' : ''}${selected ? ' is-selected' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, pointerEvents: 'all' }}
          onClick={() => store.getState().select({ kind: 'edge', id })}
          title={explanation}
          data-testid={TEST_IDS.edgeLabel}
          data-edge-id={id}
          data-effective={edge?.effective ?? 'unknown'}
        >
          {oneSided ? '⚠ ' : ''}
          {edge?.label}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const EDGE_TYPES = { flow: FlowEdge };
