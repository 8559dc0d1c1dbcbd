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
