/**
 * An aggregated flow of a collapsed namespace (src/ui/canvas/collapse.ts): what it stands for. It has no concrete
 * pod group at its collapsed end, so it is not edited here; each of its flows opens in the flow inspector, where
 * it is.
 */
import { useMemo } from 'react';
import { collapsedView, isAggregate } from '../canvas/collapse.ts';
import { useCollapse } from '../canvas/collapseState.ts';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { displayText } from '../text.ts';

export function AggregateInspector({ id }: { id: string }) {
  const store = useDesignerStore();
  const graph = useDesigner((s) => s.graph);
  const collapsed = useCollapse((s) => s.collapsed);
  const view = useMemo(() => collapsedView(graph, collapsed), [graph, collapsed]);
  const edge = view.graph.edges.find((e) => e.id === id);
  if (!edge || !isAggregate(edge)) return null;
  const label = (nodeId: string) => displayText(graph.nodes.find((n) => n.id === nodeId)?.label ?? nodeId);
  const members = edge.members.map((m) => graph.edges.find((e) => e.id === m)).filter((e) => e !== undefined);
  return (
    <div data-aggregate={edge.id}>
      <h2>{members.length === 1 ? 'Flow' : `${members.length} flows`}</h2>
      <p>
        <strong>{label(edge.source)}</strong> → <strong>{label(edge.target)}</strong>
      </p>
      <p className="edge-ports-label">{displayText(edge.label)}</p>
      {edge.effective === 'oneSided' ? (
        <p className="warning" data-effective="oneSided">
          ⚠ One-sided: {displayText(edge.explanation, 2000)}
        </p>
      ) : null}
      <p className="muted">
        A collapsed namespace draws its pod groups&apos; flows as one. Expand it to edit them on the canvas, or open one
        here:
      </p>
      <ul className="plain aggregate-members">
        {members.map((m) => (
          <li key={m.id}>
            <button type="button" className="link" onClick={() => store.getState().select({ kind: 'edge', id: m.id })}>
              {m.effective === 'oneSided' ? '⚠ ' : ''}
              {label(m.source)} → {label(m.target)}: {displayText(m.label)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
