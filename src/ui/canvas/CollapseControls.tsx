/**
 * The canvas's collapse controls: a toggle on each namespace container, "Collapse all / Expand all" in the finder,
 * and what a collapsed namespace shows of what it hides. The drawing itself is collapse.ts's view of the graph.
 */
import { useMemo } from 'react';
import { useDesigner } from '../store/designerContext.ts';
import { collapsibleIds, type ViewNode } from './collapse.ts';
import { useCollapse } from './collapseState.ts';
import './collapse.css';

export function CollapseToggle({ id, name }: { id: string; name: string }) {
  const collapsed = useCollapse((s) => s.collapsed.has(id));
  const toggle = useCollapse((s) => s.toggle);
  return (
    <button
      type="button"
      className="collapse-toggle nodrag nopan"
      aria-expanded={!collapsed}
      aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${name}`}
      title={collapsed ? 'Expand: draw its pod groups and their flows' : 'Collapse into one node'}
      onClick={(event) => {
        event.stopPropagation();
        toggle(id);
      }}
    >
      {collapsed ? '▸' : '▾'}
    </button>
  );
}

/** On a collapsed container: how much it holds. */
export function CollapsedSummary({ node }: { node: ViewNode }) {
  const info = node.collapsed;
  if (!info) return null;
  const groups = info.podGroups === 1 ? '1 pod group' : `${info.podGroups} pod groups`;
  const inner =
    info.innerFlows === 0 ? '' : info.innerFlows === 1 ? ' · 1 flow inside' : ` · ${info.innerFlows} flows inside`;
  return (
    <div className="collapsed-summary" data-collapsed-summary>
      {groups}
      {inner}
    </div>
  );
}

export function CollapseAllButtons() {
  const graph = useDesigner((s) => s.graph);
  const collapsed = useCollapse((s) => s.collapsed);
  const setCollapsed = useCollapse((s) => s.setCollapsed);
  const ids = useMemo(() => collapsibleIds(graph), [graph]);
  if (!ids.length) return null;
  const anyCollapsed = ids.some((id) => collapsed.has(id));
  const allCollapsed = ids.every((id) => collapsed.has(id));
  return (
    <span className="finder-collapse" role="group" aria-label="Namespaces">
      <button
        type="button"
        disabled={allCollapsed}
        onClick={() => setCollapsed(ids)}
        title="Draw every namespace as one node"
      >
        Collapse all
      </button>
      <button type="button" disabled={!anyCollapsed} onClick={() => setCollapsed([])} title="Draw every pod group">
        Expand all
      </button>
    </span>
  );
}
