/**
 * selectorKey is written for speed (it runs for every peer of a projection); this checks it against the
 * plain definition — sorted terms, `k In (v)` as `k=v`, duplicates once — on generated selectors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LabelSelector } from '../../src/core/index.ts';
import { selectorKey, selectorMatches } from '../../src/core/model/selector.ts';

/** The definition, written the obvious way (the implementation before it was optimised). */
function referenceKey(selector: LabelSelector): string {
  const parts: string[] = [];
  const ml = selector.matchLabels ?? {};
  for (const k of Object.keys(ml).sort()) parts.push(`${k}=${String(ml[k])}`);
  const exprs = (selector.matchExpressions ?? []).map((e) => {
    const vals = [...(e.values ?? [])].map(String).sort();
    switch (e.operator) {
      case 'Exists':
        return `${e.key}`;
      case 'DoesNotExist':
        return `!${e.key}`;
      case 'In':
        return vals.length === 1 ? `${e.key}=${vals[0]}` : `${e.key} in (${vals.join(',')})`;
      case 'NotIn':
        return `${e.key} notin (${vals.join(',')})`;
      default:
        return `${e.key} ${String(e.operator)} (${vals.join(',')})`;
    }
  });
  const all = [...new Set([...parts, ...exprs])].sort();
  return all.length ? all.join(',') : '{}';
}

/** The plain definition of matching, for selectorMatches. */
function referenceMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(labels[e.key]!))) return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key]!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const word = fc.constantFrom('a', 'b', 'app', 'tier', 'B', 'z', 'a.b/c', 'é', 'x-1', '');
const requirement = fc.record(
  {
    key: word,
    operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
    values: fc.array(word, { maxLength: 4 }),
  },
  { requiredKeys: ['key', 'operator'] },
);
const selector: fc.Arbitrary<LabelSelector> = fc.record(
  {
    matchLabels: fc.dictionary(word, word, { maxKeys: 4 }),
    matchExpressions: fc.array(requirement, { maxLength: 5 }),
  },
  { requiredKeys: [] },
);

describe('selectorKey', () => {
  it('equals the plain definition on generated selectors', () => {
    fc.assert(
      fc.property(selector, (s) => {
        expect(selectorKey(s)).toBe(referenceKey(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('is the same for selectors that differ only in order or in `In (v)` versus a label', () => {
    expect(selectorKey({ matchLabels: { b: '2', a: '1' } })).toBe('a=1,b=2');
    expect(
      selectorKey({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }] }),
    ).toBe('a=1');
    expect(selectorKey({ matchExpressions: [{ key: 't', operator: 'In', values: ['y', 'x'] }] })).toBe('t in (x,y)');
    expect(selectorKey({})).toBe('{}');
  });
});

describe('selectorMatches', () => {
  const labels = fc.dictionary(word, word, { maxKeys: 4 });
  it('equals the plain definition on generated selectors and label sets', () => {
    fc.assert(
      fc.property(selector, labels, (s, l) => {
        expect(selectorMatches(s, l)).toBe(referenceMatches(s, l));
      }),
      { numRuns: 2000 },
    );
  });
});
