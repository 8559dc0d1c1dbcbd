import { useState } from 'react';
import type { LabelSelector } from '../../core/index.ts';
import { displayText } from '../text.ts';

type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
const OPERATORS: Operator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

interface LabelRow {
  key: string;
  value: string;
}
interface ExpressionRow {
  key: string;
  operator: Operator;
  values: string;
}

function rowsOf(selector: LabelSelector | undefined): { labels: LabelRow[]; expressions: ExpressionRow[] } {
  return {
    labels: Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({ key, value: displayText(value) })),
    expressions: (Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : []).map((e) => ({
      key: displayText(e?.key),
      operator: (OPERATORS.includes(e?.operator as Operator) ? e.operator : 'In') as Operator,
      values: Array.isArray(e?.values) ? e.values.map((v) => displayText(v)).join(', ') : displayText(e?.values),
    })),
  };
}

export function selectorFromRows(labels: LabelRow[], expressions: ExpressionRow[]): LabelSelector {
  const matchLabels: Record<string, string> = {};
  for (const row of labels) if (row.key.trim()) matchLabels[row.key.trim()] = row.value.trim();
  const matchExpressions = expressions
    .filter((e) => e.key.trim())
    .map((e) => {
      const values = e.values
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      return {
        key: e.key.trim(),
        operator: e.operator,
        ...(e.operator === 'In' || e.operator === 'NotIn' ? { values } : {}),
      };
    });
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}

/** Edits a label selector in full: every matchLabels entry and every matchExpressions requirement. */
export function SelectorEditor({
  title,
  selector,
  emptyMeaning,
  onApply,
  disabled,
}: {
  title: string;
  selector: LabelSelector | undefined;
  emptyMeaning: string;
  onApply: (selector: LabelSelector) => void;
  disabled?: boolean;
}) {
  const initial = rowsOf(selector);
  const [labels, setLabels] = useState<LabelRow[]>(initial.labels);
  const [expressions, setExpressions] = useState<ExpressionRow[]>(initial.expressions);
  const update = <T,>(list: T[], index: number, patch: Partial<T>) =>
    list.map((row, i) => (i === index ? { ...row, ...patch } : row));

  return (
    <fieldset className="selector-editor" aria-label={title}>
      <legend>{title}</legend>
      {!labels.length && !expressions.length ? <p className="muted">Empty: {emptyMeaning}.</p> : null}
      {labels.map((row, i) => (
        <div className="row" key={`l${i}`}>
          <input
            aria-label={`${title} label key ${i + 1}`}
            value={row.key}
            placeholder="key"
            onChange={(e) => setLabels(update(labels, i, { key: e.target.value }))}
          />
          <span>=</span>
          <input
            aria-label={`${title} label value ${i + 1}`}
            value={row.value}
            placeholder="value"
            onChange={(e) => setLabels(update(labels, i, { value: e.target.value }))}
          />
          <button
            type="button"
            aria-label={`Remove label ${i + 1}`}
            onClick={() => setLabels(labels.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      {expressions.map((row, i) => (
        <div className="row" key={`e${i}`}>
          <input
            aria-label={`${title} expression key ${i + 1}`}
            value={row.key}
            placeholder="key"
            onChange={(e) => setExpressions(update(expressions, i, { key: e.target.value }))}
          />
          <select
            aria-label={`${title} expression operator ${i + 1}`}
            value={row.operator}
            onChange={(e) => setExpressions(update(expressions, i, { operator: e.target.value as Operator }))}
          >
            {OPERATORS.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
          <input
            aria-label={`${title} expression values ${i + 1}`}
            value={row.values}
            placeholder="a, b"
            disabled={row.operator === 'Exists' || row.operator === 'DoesNotExist'}
            onChange={(e) => setExpressions(update(expressions, i, { values: e.target.value }))}
          />
          <button
            type="button"
            aria-label={`Remove expression ${i + 1}`}
            onClick={() => setExpressions(expressions.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <div className="actions">
        <button type="button" onClick={() => setLabels([...labels, { key: '', value: '' }])}>
          + label
        </button>
        <button type="button" onClick={() => setExpressions([...expressions, { key: '', operator: 'In', values: '' }])}>
          + expression
        </button>
        <button
          type="button"
          className="primary"
          disabled={disabled}
          onClick={() => onApply(selectorFromRows(labels, expressions))}
        >
          Apply {title.toLowerCase()}
        </button>
      </div>
    </fieldset>
  );
}
