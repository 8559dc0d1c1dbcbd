/**
 * metav1.LabelSelector matching, exactly as apimachinery's `labels.Requirement.Matches`:
 * matchLabels and matchExpressions are ANDed; an empty selector matches everything;
 * `NotIn` and `DoesNotExist` are true when the key is absent.
 */
import type { LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { isRecord } from './clone.ts';
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
    const required = matchLabels as Record<string, unknown>;
    for (const k in required) {
      if (!Object.hasOwn(required, k)) continue;
      if (!Object.hasOwn(labels, k) || labels[k] !== String(required[k])) return false;
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null && !Array.isArray(matchExpressions)) return false;
  for (const req of (matchExpressions ?? []) as unknown[]) {
    if (!req || typeof req !== 'object') return false;
    const { key, operator, values: rawValues } = req as { key?: unknown; operator?: unknown; values?: unknown };
    if (typeof key !== 'string') return false;
    if (rawValues !== undefined && rawValues !== null && !Array.isArray(rawValues)) return false;
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !includesAsString(rawValues as unknown[] | null | undefined, labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && includesAsString(rawValues as unknown[] | null | undefined, labels[key]!)) return false;
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

/** Whether `value` is among `values` compared as strings (values are strings once validated). */
function includesAsString(values: readonly unknown[] | null | undefined, value: string): boolean {
  if (!values) return false;
  for (const v of values) if (String(v) === value) return true;
  return false;
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
  // Called for every peer of every policy when a graph is projected: one array, no per-call closures or sets.
  const terms: string[] = [];
  const ml = selector.matchLabels;
  if (ml) for (const k in ml) if (Object.hasOwn(ml, k)) terms.push(`${k}=${String(ml[k])}`);
  const exprs = selector.matchExpressions;
  if (exprs) for (const e of exprs) terms.push(expressionKey(e));
  if (terms.length === 0) return '{}';
  if (terms.length === 1) return terms[0]!;
  sortStrings(terms);
  // Sorted, so equal terms (`k=v` written as a label and as `k In (v)`) are adjacent: keep one of each.
  let key = terms[0]!;
  for (let i = 1; i < terms.length; i++) if (terms[i] !== terms[i - 1]) key += `,${terms[i]}`;
  return key;
}

/**
 * In-place sort by UTF-16 code units, as `Array.prototype.sort()` with no comparator; insertion sort for the
 * few terms a selector has (V8's sort allocates work arrays on every call, which added up over a projection).
 */
function sortStrings(list: string[]): void {
  if (list.length > 16) {
    list.sort();
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const item = list[i]!;
    let j = i - 1;
    while (j >= 0 && list[j]! > item) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = item;
  }
}

function expressionKey(e: LabelSelectorRequirement): string {
  const raw = e.values ?? [];
  const vals = raw.map(String);
  sortStrings(vals);
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
}

/** Short label for display: `app=web, tier in (a,b)` or `all`. */
export function selectorLabel(selector: LabelSelector | null | undefined): string {
  const key = selectorKey(selector);
  return key === '{}' ? 'all' : key.replace(/,(?![^()]*\))/g, ', ');
}

// ---------------------------------------------------------------------------------------------------------
// The selector algebra: requirements in a normal form, implication (subset), and an index over implication.

/** One requirement of a selector in a normal form: matchLabels `k: v` is `k In (v)`. */
interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'other';
  values: string[];
}

const requirementCache = new WeakMap<object, Requirement[] | null>();

/** A selector's requirements, memoised per selector object (rules compare the same selectors many times). */
function requirements(sel: LabelSelector | undefined): Requirement[] | undefined {
  if (!sel) return [];
  const cached = requirementCache.get(sel);
  if (cached !== undefined) return cached ?? undefined;
  const computed = computeRequirements(sel);
  requirementCache.set(sel, computed ?? null);
  return computed;
}

function computeRequirements(sel: LabelSelector): Requirement[] | undefined {
  const out: Requirement[] = [];
  const ml = sel.matchLabels;
  if (isRecord(ml)) for (const [k, v] of Object.entries(ml)) out.push({ key: k, op: 'In', values: [String(v)] });
  else if (ml !== undefined && ml !== null) return undefined;
  const me = sel.matchExpressions;
  if (me !== undefined && me !== null && !Array.isArray(me)) return undefined;
  for (const e of listOf(me)) {
    if (!isRecord(e) || typeof e.key !== 'string') return undefined;
    const op = e.operator;
    const values = listOf(e.values).map(String);
    if (op === 'In' || op === 'NotIn' || op === 'Exists' || op === 'DoesNotExist') out.push({ key: e.key, op, values });
    else return undefined;
  }
  return out;
}

/** Every label set satisfying `a` satisfies `b`. */
function requirementImplies(a: Requirement, b: Requirement): boolean {
  if (a.key !== b.key) return false;
  switch (b.op) {
    case 'Exists':
      return a.op === 'In' || a.op === 'Exists';
    case 'DoesNotExist':
      return a.op === 'DoesNotExist';
    case 'In':
      return a.op === 'In' && a.values.every((v) => b.values.includes(v));
    case 'NotIn':
      return (
        a.op === 'DoesNotExist' ||
        (a.op === 'NotIn' && b.values.every((v) => a.values.includes(v))) ||
        (a.op === 'In' && a.values.every((v) => !b.values.includes(v)))
      );
    default:
      return false;
  }
}

/**
 * Sound, syntactic selector implication: true only when every label set `narrow` matches is also matched
 * by `broad` (each requirement of `broad` follows from one requirement of `narrow`). Absent = `{}` = all.
 * Selectors that cannot be read (invalid operators, garbage) imply nothing and are implied by nothing but `{}`.
 */
export function selectorImplies(narrow: LabelSelector | undefined, broad: LabelSelector | undefined): boolean {
  const b = requirements(broad);
  if (!b) return false;
  if (b.length === 0) return true;
  const a = requirements(narrow);
  if (!a) return false;
  return b.every((rb) => a.some((ra) => requirementImplies(ra, rb)));
}

/** True for an absent or empty selector (matches everything); false for unreadable ones. */
export function selectsAll(sel: LabelSelector | undefined): boolean {
  return requirements(sel)?.length === 0;
}

/** A selector for messages: `app=web, tier in (a,b)`, `all`, or `invalid selector`; its canonical text. */
export function describeSelector(sel: LabelSelector | undefined): string {
  return requirements(sel) ? selectorLabel(sel) : 'invalid selector';
}

/**
 * Which selectors imply which, without comparing every pair: `broad` can imply `narrow` only if the first
 * requirement of `broad` follows from some requirement of `narrow`, so broad selectors are filed under the
 * requirement shapes that could imply their first requirement, and a narrow selector looks up its own.
 * Answers are verified with `selectorImplies`, so the index only prunes.
 */
export class ImplicationIndex<T> {
  private readonly always: number[] = [];
  private readonly byAnchor = new Map<string, number[]>();
  private readonly items: readonly T[];
  private readonly selectorOf: (item: T) => LabelSelector | undefined;

  constructor(items: readonly T[], selectorOf: (item: T) => LabelSelector | undefined) {
    this.items = items;
    this.selectorOf = selectorOf;
    items.forEach((item, i) => {
      const reqs = requirements(selectorOf(item));
      if (!reqs) return; // unreadable: implies nothing
      const first = reqs[0];
      if (!first) {
        this.always.push(i);
        return;
      }
      const file = (k: string) => {
        const list = this.byAnchor.get(k);
        if (list) list.push(i);
        else this.byAnchor.set(k, [i]);
      };
      // Implied by: In ⊆ values (any narrow In whose first value is one of these); Exists by In or Exists;
      // DoesNotExist by DoesNotExist; NotIn by any requirement on the key.
      if (first.op === 'In') for (const v of new Set(first.values)) file(`${first.key}\u0000in\u0000${v}`);
      else if (first.op === 'Exists') file(`${first.key}\u0000exists`);
      else if (first.op === 'DoesNotExist') file(`${first.key}\u0000dne`);
      else file(`${first.key}\u0000any`);
    });
  }

  /** Indexes of the items whose selector is implied by `narrow` (every object `narrow` matches, they match). */
  impliedBy(narrow: LabelSelector | undefined): number[] {
    const reqs = requirements(narrow);
    const out = new Set<number>(this.always);
    if (reqs) {
      const look = (k: string) => {
        for (const i of this.byAnchor.get(k) ?? []) out.add(i);
      };
      for (const r of reqs) {
        look(`${r.key}\u0000any`);
        if (r.op === 'In') {
          if (r.values[0] !== undefined) look(`${r.key}\u0000in\u0000${r.values[0]}`);
          look(`${r.key}\u0000exists`);
        } else if (r.op === 'Exists') look(`${r.key}\u0000exists`);
        else if (r.op === 'DoesNotExist') look(`${r.key}\u0000dne`);
      }
    }
    return [...out].filter((i) => selectorImplies(narrow, this.selectorOf(this.items[i]!))).sort((a, b) => a - b);
  }
}

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
