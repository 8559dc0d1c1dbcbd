/**
 * The canvas's own bar: search by name or label (`/` focuses it, Enter zooms to the matches), the namespace
 * filter, and the focus direction of a selected node. Esc clears the selection and the search.
 */
import { Panel, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { TEST_IDS } from '../testIds.ts';
import { useCanvasView } from './canvasView.ts';
import { CollapseAllButtons } from './CollapseControls.tsx';
import { collapsedView } from './collapse.ts';
import { useCollapse } from './collapseState.ts';
import { drawnMatches, namespacesOf, searchMatches, type FocusDirection } from './focus.ts';

const DIRECTIONS: { value: FocusDirection; label: string; title: string }[] = [
  { value: 'in', label: 'In', title: 'Flows into the selected node' },
  { value: 'out', label: 'Out', title: 'Flows out of the selected node' },
  { value: 'both', label: 'Both', title: 'Flows in and out of the selected node' },
];

/** Keys typed here belong to a field or the editor, not to the canvas's shortcuts. */
function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element?.closest?.('input, textarea, select, [contenteditable="true"], .monaco-editor, dialog');
}

export function CanvasFinder() {
  const store = useDesignerStore();
  const graph = useDesigner((s) => s.graph);
  const selection = useDesigner((s) => s.selection);
  const { direction, query, namespace, setDirection, setQuery, setNamespace } = useCanvasView();
  const searchBox = useRef<HTMLInputElement>(null);
  const flow = useReactFlow();
  const namespaces = useMemo(() => namespacesOf(graph), [graph]);
  const collapsed = useCollapse((s) => s.collapsed);
  const matches = useMemo(() => searchMatches(graph, query), [graph, query]);
  // Enter zooms to what is drawn for the matches: a match inside a collapsed namespace is that namespace.
  const drawn = useMemo(
    () => drawnMatches(graph, query, collapsedView(graph, collapsed).drawnNode),
    [graph, query, collapsed],
  );

  // A filter on a namespace that no longer exists (deleted, or another document imported) shows everything again.
  useEffect(() => {
    if (namespace !== null && !namespaces.includes(namespace)) setNamespace(null);
  }, [namespace, namespaces, setNamespace]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/' && !typingIn(event.target)) {
        event.preventDefault();
        searchBox.current?.focus();
        searchBox.current?.select();
      } else if (event.key === 'Escape' && (!typingIn(event.target) || event.target === searchBox.current)) {
        store.getState().select(null);
        setQuery('');
        searchBox.current?.blur();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, setQuery]);

  const zoomToMatches = () => {
    if (!drawn.size) return;
    void flow.fitView({ nodes: [...drawn].map((id) => ({ id })), padding: 0.3, maxZoom: 1.2, duration: 200 });
  };

  return (
    <Panel position="top-left" className="canvas-finder nokey" data-testid={TEST_IDS.canvasFinder}>
      <input
        ref={searchBox}
        type="search"
        placeholder="Search  /"
        aria-label="Search nodes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') zoomToMatches();
        }}
      />
      {query.trim() ? (
        <span className="finder-count" role="status" aria-label="Search matches">
          {matches.size === 1 ? '1 match' : `${matches.size} matches`}
        </span>
      ) : null}
      <select
        aria-label="Filter by namespace"
        value={namespace ?? ''}
        onChange={(e) => setNamespace(e.target.value === '' ? null : e.target.value)}
      >
        <option value="">All namespaces</option>
        {namespaces.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <CollapseAllButtons />
      {selection?.kind === 'node' ? (
        <span className="finder-direction" role="group" aria-label="Focus direction">
          {DIRECTIONS.map((d) => (
            <button
              key={d.value}
              type="button"
              title={d.title}
              aria-pressed={direction === d.value}
              onClick={() => setDirection(d.value)}
            >
              {d.label}
            </button>
          ))}
        </span>
      ) : null}
    </Panel>
  );
}
