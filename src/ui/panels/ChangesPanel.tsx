import { useRef } from 'react';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import type { FlowChange } from '../store/designerStore.ts';

const MARK = { added: '+', removed: '−', changed: '~' } as const;

/** `removed: shop/{app=api}[Pod] → shop/{app=db}[Pod], All Connections → No Connections` */
export const changeText = (c: FlowChange): string =>
  `${c.type}: ${c.source} → ${c.destination}, ${c.before} → ${c.after}${c.info ? ` (${c.info})` : ''}`;

/**
 * Change impact: the flows the edits added, removed or changed end to end, against the baseline (the document as
 * opened or imported, or a file loaded with "Compare with…"). Computed by the derive engine with the lint; a
 * click selects the flow on the canvas.
 */
export function ChangesPanel() {
  const store = useDesignerStore();
  const changes = useDesigner((s) => s.changes);
  const baselineName = useDesigner((s) => s.baselineName);
  const selection = useDesigner((s) => s.selection);
  const file = useRef<HTMLInputElement>(null);
  const list = changes?.changes ?? [];
  return (
    <section className="changes" aria-label="Changes">
      <h2>
        Changes <span className="muted">against {baselineName}</span>{' '}
        <button type="button" className="link" onClick={() => file.current?.click()}>
          Compare with…
        </button>
        <input
          ref={file}
          type="file"
          accept=".yaml,.yml,.json,.txt"
          hidden
          aria-label="Compare with a file"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) store.getState().compareWith(await f.text(), f.name);
          }}
        />
      </h2>
      {changes === null ? (
        <p className="muted">Not compared yet.</p>
      ) : list.length === 0 ? (
        <p className="muted">No change in what is allowed.</p>
      ) : null}
      <ul className="plain">
        {list.map((c) => (
          <li key={`${c.type}|${c.source}|${c.destination}`}>
            <button
              type="button"
              className={`change change-${c.type}`}
              aria-pressed={!!c.edgeId && selection?.kind === 'edge' && selection.id === c.edgeId}
              disabled={!c.edgeId}
              title={c.edgeId ? 'Select the flow' : 'No drawn flow carries this connection'}
              onClick={() => c.edgeId && store.getState().select({ kind: 'edge', id: c.edgeId })}
            >
              <span aria-hidden="true">{MARK[c.type]}</span> {changeText(c)}
            </button>
          </li>
        ))}
      </ul>
      {changes && changes.total > list.length ? (
        <p className="muted">
          … and {changes.total - list.length} more (see <code>netpol diff</code>).
        </p>
      ) : null}
    </section>
  );
}
