import { useMemo } from 'react';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { flowCheckView, observedView } from '../store/views.ts';
import { TEST_IDS } from '../testIds.ts';

/**
 * Observed traffic (an imported Hubble flow log) against the document, live as it changes: each connection
 * that went through is allowed or would be denied by the policies; dropped ones say whether the policies
 * would allow them. "Propose policies" appends what allows exactly the observed traffic (undoable). "Show observed
 * traffic" marks the same on the canvas (the store's `observedView`).
 */
export function FlowsPanel() {
  const store = useDesignerStore();
  const flows = useDesigner((s) => s.flows);
  const result = useDesigner((s) => s.result);
  const showObserved = useDesigner((s) => s.showObserved);
  const overlay = useDesigner(observedView);
  const lines = useMemo(() => (flows ? flowCheckView(result, flows.capture) : []), [flows, result]);
  if (!flows) return null;
  const marks = overlay ? [...overlay.edges.values()] : [];
  const unobserved = marks.filter((m) => m.state === 'unobserved').length;
  const denied = lines.filter((l) => l.status === 'DENIED').length;
  const allowed = lines.filter((l) => l.status === 'ALLOWED').length;
  return (
    <section className="flows-panel" aria-label="Observed flows" data-testid={TEST_IDS.flowsPanel}>
      <h2>
        Observed flows <span className="muted">({flows.source})</span>
      </h2>
      <p className="muted">
        {allowed} allowed, {denied} would be denied, {lines.length - allowed - denied} dropped
      </p>
      <label className="flows-toggle">
        <input
          type="checkbox"
          checked={showObserved}
          onChange={(e) => store.getState().setShowObserved(e.target.checked)}
        />{' '}
        Show observed traffic
      </label>
      {overlay && (
        <p className="muted" data-testid={TEST_IDS.flowsOverlaySummary}>
          On the graph: {marks.length - unobserved} drawn flows observed, {unobserved} not observed
          {overlay.extra.length ? `, ${overlay.extra.length} would-be-denied connections drawn dashed` : ''}
          {overlay.unshown.length ? `; ${overlay.unshown.length} connections have no drawn flow or node` : ''}
        </p>
      )}
      <div className="flows-actions">
        <button type="button" onClick={() => store.getState().proposeFromFlows()}>
          Propose policies
        </button>
        <button
          type="button"
          title="Pin every observed connection as an allow test (netpol test --from-flows)"
          onClick={() => void store.getState().testsFromFlows()}
        >
          Pin as tests
        </button>
        <button type="button" onClick={() => store.getState().clearFlows()}>
          Close
        </button>
      </div>
      <ul className="plain">
        {lines.map((l) => (
          <li
            key={`${l.group.src}>${l.group.dst}:${l.group.port}/${l.group.protocol}:${l.group.passed}`}
            className={`flow-line flow-${l.status.toLowerCase()}`}
            data-testid={TEST_IDS.flowLine}
            data-status={l.status}
            title={l.decidedBy}
          >
            <strong>{l.status === 'DENIED' ? 'WOULD BE DENIED' : l.status}</strong> {l.group.src} → {l.group.dst}{' '}
            {l.group.port}/{l.group.protocol} <span className="muted">({l.group.flows} flows)</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
