/**
 * Copying parsed YAML data (plain objects, arrays, scalars). Keys such as `__proto__` are always set as own
 * properties, never as prototypes, so hostile input cannot pollute anything or vanish from the output.
 */

/** A YAML mapping (not a sequence, not a scalar, not null). */
export const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `target[key] = value` that is safe for keys from the input (a plain assignment of `__proto__` sets the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Deep copy. */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, cloneValue((value as Record<string, unknown>)[key]));
  return out as T;
}

/**
 * Deep equality of plain data, keys in the same order (as their JSON texts would be equal; a key whose value is
 * undefined counts as absent, as in JSON). Parts that are the same object are equal without being looked into,
 * so comparing two projections that share their unchanged parts (see graph/project.ts, ProjectionMemo) costs
 * little more than comparing references.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameContent(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const xs = Object.keys(x);
  const ys = Object.keys(y);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < xs.length && x[xs[i]!] === undefined) i++;
    while (j < ys.length && y[ys[j]!] === undefined) j++;
    if (i === xs.length || j === ys.length) return i === xs.length && j === ys.length;
    const key = xs[i]!;
    if (key !== ys[j] || !sameContent(x[key], y[key])) return false;
    i++;
    j++;
  }
}
