/**
 * metav1.LabelSelector matching, exactly as apimachinery's `labels.Requirement.Matches`:
 * matchLabels and matchExpressions are ANDed; an empty selector matches everything;
 * `NotIn` and `DoesNotExist` are true when the key is absent.
 */
import type { LabelSelector } from './types.ts';

export type Labels = Readonly<Record<string, string>>;

export function selectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (!selector) return true;
  if (selector.matchLabels) {
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      if (!Object.hasOwn(labels, k) || labels[k] !== String(v)) return false;
    }
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key);
    const values = (req.values ?? []).map(String);
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(labels[req.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[req.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An invalid operator is rejected by the API server; such a selector selects nothing here.
        return false;
    }
  }
  return true;
}

/** True for `{}`, `{matchLabels: {}}`, `{matchLabels: null}` and friends: a selector that matches everything. */
export function isEmptySelector(selector: LabelSelector | null | undefined): boolean {
  if (!selector) return true;
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/**
 * Canonical text of a selector: sorted matchLabels, expressions sorted with sorted values, so two selectors
 * that mean the same have the same text. Used for node ids and equality.
 */
export function selectorKey(selector: LabelSelector | null | undefined): string {
  if (!selector) return '{}';
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
        // `k In (v)` selects exactly what `k=v` does.
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

/** Short label for display: `app=web, tier in (a,b)` or `all`. */
export function selectorLabel(selector: LabelSelector | null | undefined): string {
  const key = selectorKey(selector);
  return key === '{}' ? 'all' : key.replace(/,(?![^()]*\))/g, ', ');
}
