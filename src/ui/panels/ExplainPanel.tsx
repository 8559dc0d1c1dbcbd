import { useEffect, useMemo } from 'react';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { explainView, type ExplainDirectionView, type ExplainAnswer, type ExplainItem } from '../store/views.ts';
import { TEST_IDS } from '../testIds.ts';
import { displayText } from '../text.ts';

const ITEM_MARK: Record<ExplainItem['kind'], string> = {
  tier: '▲',
  isolating: '■',
  allows: '✓',
  peerOnly: '≠',
};

/**
 * "Can A reach B, and why?" on the canvas: `netpol explain` for two nodes of the graph (picked by clicks, or the
 * two ends of a flow). Shows the verdict, the ports allowed, and per direction (egress at the source, ingress at
 * the destination) the tier rules, isolating policies and rules that decide, each with a link to its line.
 */
export function ExplainPanel() {
  const store = useDesignerStore();
  const request = useDesigner((s) => s.explain);
  const selection = useDesigner((s) => s.selection);
  const graph = useDesigner((s) => s.graph);
  const result = useDesigner((s) => s.result);
  const view = useMemo(() => (request ? explainView(result, graph, request) : null), [request, result, graph]);
  const actions = store.getState();
  const picking = !!request?.picking;
  // Esc gives up waiting for a click on the canvas.
  useEffect(() => {
    if (!picking) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') store.getState().closeExplain();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [picking, store]);

  if (!request || !view) {
    const node = selection?.kind === 'node' ? graph.nodes.find((n) => n.id === selection.id) : undefined;
    return (
      <section className="explain-panel" aria-label="Explain" data-testid={TEST_IDS.explainPanel}>
        <div className="explain-actions">
          {selection?.kind === 'edge' ? (
            <button type="button" onClick={() => actions.explainFlow(selection.id)}>
              Explain this flow
            </button>
          ) : null}
          {node ? (
            <button type="button" onClick={() => actions.startExplain(node.id)}>
              Explain from {displayText(node.label, 60)} to…
            </button>
          ) : null}
          <button type="button" onClick={() => actions.startExplain()}>
            Explain a connection…
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="explain-panel is-open" aria-label="Explain" data-testid={TEST_IDS.explainPanel}>
      <h2>
        Explain{' '}
        <button type="button" className="link" aria-label="Close explain" onClick={() => actions.closeExplain()}>
          ✕
        </button>
      </h2>
      {view.kind === 'picking' ? (
        <p className="explain-hint" role="status" data-testid={TEST_IDS.explainHint}>
          {view.picking === 'source'
            ? 'Click the source node on the canvas.'
            : `From ${displayText(view.sourceLabel ?? '?', 120)}: click the destination node on the canvas.`}{' '}
          (Esc cancels){' '}
          <button type="button" onClick={() => actions.closeExplain()}>
            Cancel
          </button>
        </p>
      ) : (
        <>
          <p className="explain-ends">
            <strong>{displayText(view.sourceLabel ?? '?', 120)}</strong> →{' '}
            <strong>{displayText(view.destinationLabel ?? '?', 120)}</strong>
          </p>
          <label className="explain-port">
            Port{' '}
            <input
              type="text"
              value={request.port}
              placeholder="every port (e.g. 443, 53/UDP)"
              aria-label="Port to explain"
              onChange={(e) => actions.setExplainPort(e.target.value)}
            />
          </label>
          {view.kind === 'error' ? (
            <p className="explain-error" role="alert">
              {displayText(view.message, 500)}
            </p>
          ) : (
            <>
              {view.outdated ? (
                <p className="explain-outdated" role="status">
                  The document changed since this answer (its lines may have moved).{' '}
                  <button type="button" onClick={() => actions.refreshExplain()}>
                    Explain again
                  </button>
                </p>
              ) : null}
              <Answer answer={view.answer} onLine={(line, column) => actions.revealLine(line, column)} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function Answer({ answer, onLine }: { answer: ExplainAnswer; onLine: (line: number, column: number) => void }) {
  const end = (e: ExplainAnswer['from']) => (
    <>
      {displayText(e.description, 200)}
      {e.synthesized ? (
        <span className="muted"> (made up from the selectors: the document has no such workload)</span>
      ) : null}
      {e.candidates > 1 ? (
        <span className="muted"> (one of {e.candidates} kinds of pods or addresses this node stands for)</span>
      ) : null}
    </>
  );
  return (
    <div className="explain-answer">
      <p
        className={`explain-verdict ${answer.allowed ? 'is-allowed' : 'is-denied'}`}
        data-testid={TEST_IDS.explainVerdict}
        data-allowed={answer.allowed}
      >
        {answer.allowed ? 'ALLOWED' : 'DENIED'}
        {answer.port ? ` on ${answer.port}` : ''}
      </p>
      <p data-testid={TEST_IDS.explainPorts}>
        Allowed: <strong>{displayText(answer.conns, 300)}</strong>
      </p>
      <dl className="explain-endpoints">
        <dt>From</dt>
        <dd>{end(answer.from)}</dd>
        <dt>To</dt>
        <dd>{end(answer.to)}</dd>
      </dl>
      {answer.loopback ? (
        <p>A pod can always reach itself: loopback is never subject to NetworkPolicy.</p>
      ) : (
        <>
          <Direction title="Egress at the source" d={answer.egress} onLine={onLine} />
          <Direction title="Ingress at the destination" d={answer.ingress} onLine={onLine} />
        </>
      )}
    </div>
  );
}

function Direction({
  title,
  d,
  onLine,
}: {
  title: string;
  d: ExplainDirectionView;
  onLine: (line: number, column: number) => void;
}) {
  return (
    <div className="explain-direction" data-testid={TEST_IDS.explainDirection} data-direction={d.direction}>
      <h3>
        {title}: <span className={d.allowed ? 'is-allowed' : 'is-denied'}>{d.allowed ? 'allows' : 'blocks'}</span>{' '}
        <span className="muted">({displayText(d.conns, 200)})</span>
      </h3>
      <p className="explain-reason">{displayText(d.reason, 2000)}</p>
      {d.items.length ? (
        <ul className="plain">
          {d.items.map((item, i) => (
            <li key={`${item.kind}:${i}`} className={`explain-item explain-${item.kind}`}>
              <span aria-hidden="true">{ITEM_MARK[item.kind]}</span> {displayText(item.text, 500)}{' '}
              {item.line !== undefined ? (
                <button
                  type="button"
                  className="link"
                  data-testid={TEST_IDS.explainLine}
                  data-line={item.line}
                  onClick={() => onLine(item.line!, item.column ?? 1)}
                >
                  line {item.line}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
