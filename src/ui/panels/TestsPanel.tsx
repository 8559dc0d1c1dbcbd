import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { policyTestView } from '../store/views.ts';
import { downloadText } from '../export/downloads.ts';
import { TEST_IDS } from '../testIds.ts';
import { displayText } from '../text.ts';

/**
 * A policy test file (docs/policy-tests.md) run against the document, live as it changes: one line per test,
 * PASS or FAIL with what decided it. A file that breaks the format lists its errors by line and column instead.
 * The tests can be downloaded (for `netpol test` in CI), e.g. after pinning the imported flows as tests.
 */
export function TestsPanel() {
  const store = useDesignerStore();
  const tests = useDesigner((s) => s.policyTests);
  const view = useDesigner(policyTestView);
  if (!tests || !view) return null;
  const source = displayText(tests.source);
  return (
    <section className="tests-panel" aria-label="Policy tests" data-testid={TEST_IDS.testsPanel}>
      <h2>
        Policy tests <span className="muted">({source})</span>
      </h2>
      {'errors' in view ? (
        <>
          <p className="muted">The test file cannot run:</p>
          <ul className="plain">
            {view.errors.map((e, i) => (
              <li key={i} className="test-error" data-testid={TEST_IDS.testError} data-line={e.line}>
                {source}:{e.line}:{e.column}: error: {displayText(e.message)}
                {e.test !== undefined ? ` (test ${displayText(e.test)})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className={view.failed ? 'tests-summary failed' : 'tests-summary'} data-testid={TEST_IDS.testsSummary}>
          {view.summary}
        </p>
      )}
      <div className="flows-actions">
        <button type="button" onClick={() => downloadText('policy-tests.yaml', tests.text, 'application/yaml')}>
          Download tests
        </button>
        <button type="button" onClick={() => store.getState().clearTests()}>
          Close
        </button>
      </div>
      {'results' in view && (
        <ul className="plain">
          {view.results.map((r, i) => (
            <li
              key={i}
              className={`test-line ${r.passed ? 'test-pass' : 'test-fail'}`}
              data-testid={TEST_IDS.testLine}
              data-status={r.passed ? 'PASS' : 'FAIL'}
              title={displayText(r.text, 2000)}
            >
              <strong>{r.passed ? 'PASS' : 'FAIL'}</strong> {displayText(r.test.name)}: {displayText(r.what, 1000)}:
              expected {r.test.expect}, got {r.got}
              {r.detail ? ` (${displayText(r.detail)})` : ''}
              <div className="muted decided-by">decided by {displayText(r.decidedBy, 1000)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
