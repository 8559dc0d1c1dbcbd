/**
 * metav1.LabelSelector matching, exactly as apimachinery's `labels.Requirement.Matches`:
 * matchLabels and matchExpressions are ANDed; an empty selector matches everything;
 * `NotIn` and `DoesNotExist` are true when the key is absent.
 */
import type { LabelSelector } from './types.ts';

export type Labels = Readonly<Record<string, string>>;

export function selectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (!selector) return true;
  // Selectors reach here unvalidated (analysis of invalid inputs): a malformed one, which the API server
  // rejects, selects nothing rather than throwing (`values: ''` threw "map is not a function").
  if (typeof selector !== 'object' || Array.isArray(selector)) return false;
  const { matchLabels, matchExpressions } = selector as { matchLabels?: unknown; matchExpressions?: unknown };
  if (matchLabels !== undefined && matchLabels !== null) {
    if (typeof matchLabels !== 'object' || Array.isArray(matchLabels)) return false;
    for (const [k, v] of Object.entries(matchLabels)) {
      if (!Object.hasOwn(labels, k) || labels[k] !== String(v)) return false;
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null && !Array.isArray(matchExpressions)) return false;
  for (const req of (matchExpressions ?? []) as unknown[]) {
    if (!req || typeof req !== 'object') return false;
    const { key, operator, values: rawValues } = req as { key?: unknown; operator?: unknown; values?: unknown };
    if (typeof key !== 'string') return false;
    if (rawValues !== undefined && rawValues !== null && !Array.isArray(rawValues)) return false;
    const has = Object.hasOwn(labels, key);
    const values = ((rawValues ?? []) as unknown[]).map(String);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
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
  if (isMalformed(selector)) return false;
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A selector whose shape the API server rejects before judging its values (matchLabels not a map,
 * matchExpressions not a list of objects, values not a list). Such selectors reach graph projection and
 * analysis unvalidated; they must not throw there.
 */
export function isMalformed(selector: unknown): boolean {
  if (!isPlainObject(selector)) return true;
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null && !isPlainObject(matchLabels)) return true;
  if (matchExpressions === undefined || matchExpressions === null) return false;
  if (!Array.isArray(matchExpressions)) return true;
  return matchExpressions.some(
    (e) => !isPlainObject(e) || (e.values !== undefined && e.values !== null && !Array.isArray(e.values)),
  );
}

/**
 * Canonical text of a selector: sorted matchLabels, expressions sorted with sorted values, so two selectors
 * that mean the same have the same text. Used for node ids and equality.
 */
export function selectorKey(selector: LabelSelector | null | undefined): string {
  if (!selector) return '{}';
  // A malformed selector keeps its own text, so it is its own node and never equals a valid one.
  if (isMalformed(selector)) return `invalid ${JSON.stringify(selector)}`;
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
