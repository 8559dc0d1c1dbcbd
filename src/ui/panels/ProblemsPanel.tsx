import { useState } from 'react';
import { useDesigner, useDesignerStore } from '../store/designerContext.ts';
import { TEST_IDS } from '../testIds.ts';
import { displayText } from '../text.ts';

const ICON = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

/**
 * Rows listed at first, and added by each "Show more". A 2,000-policy cluster has some 4,000 lint findings: as
 * rows (with their quick fixes) they were 20,000 elements, and laying the page out again cost a second of its
 * thread whenever the list changed.
 */
export const PROBLEM_ROWS = 200;

/** Every diagnostic, positioned: a click puts the editor's cursor on the line. */
export function ProblemsPanel() {
  const store = useDesignerStore();
  const diagnostics = useDesigner((s) => s.diagnostics);
  const lintRun = useDesigner((s) => s.lintRun);
  const stale = useDesigner((s) => s.stale);
  const [listed, setListed] = useState(PROBLEM_ROWS);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity] += 1;
  return (
    <section className="problems" aria-label="Problems" data-testid={TEST_IDS.problems}>
      <h2>
        Problems{' '}
        <span className="muted">
          ({counts.error} errors, {counts.warning} warnings, {counts.info} notes)
        </span>
      </h2>
      {diagnostics.length === 0 ? <p className="muted">No problems.</p> : null}
      <ul className="plain">
        {diagnostics.slice(0, listed).map((d, i) => (
          <li key={`${d.line}:${d.column}:${d.code}:${i}`}>
            <button
              type="button"
              className={`problem problem-${d.severity}`}
              data-testid={TEST_IDS.problem}
              data-line={d.line}
              onClick={() => store.getState().revealLine(d.line, d.column)}
            >
              <span aria-hidden="true">{ICON[d.severity]}</span> <span className="where">line {d.line}</span>{' '}
              <span className="code">{displayText(d.code)}</span>{' '}
              {d.object ? <code>{displayText(d.object)}</code> : null}{' '}
              {d.path ? <code className="path">{displayText(d.path)}</code> : null} {displayText(d.message, 1000)}
              {d.fix ? <span className="fix"> Fix: {displayText(d.fix)}</span> : null}
            </button>
            {(lintRun?.fixesFor(d) ?? []).map((fix) => (
              <button
                type="button"
                key={displayText(fix.title)}
                className="quick-fix"
                disabled={stale}
                title={
                  fix.safe
                    ? 'Keeps what the policy allows exactly'
                    : 'Changes what the policy allows to what was probably meant'
                }
                onClick={() => store.getState().applyQuickFix(fix)}
              >
                {fix.safe ? 'Fix' : 'Fix (changes access)'}: {displayText(fix.title)}
              </button>
            ))}
          </li>
        ))}
      </ul>
      {diagnostics.length > listed ? (
        <button type="button" className="show-more" onClick={() => setListed(listed + PROBLEM_ROWS)}>
          Show {Math.min(PROBLEM_ROWS, diagnostics.length - listed)} more (of {diagnostics.length - listed} not listed)
        </button>
      ) : null}
    </section>
  );
}
