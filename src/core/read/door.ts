/**
 * The door: the one step that turns a parsed YAML value into the core's model, checking every field the core
 * reads against its schema (`../model/schema.ts`). Nothing after it sees a value of the wrong type.
 *
 * A wrongly typed value is answered as the API server's decoder answers it (it refuses the object with
 * `cannot unmarshal … into … of type string`): a `type` error at the value's path naming what the field must
 * be and what it got (`must be a string, got a mapping`), and the value kept out of the model. Like Go's
 * decoder, which leaves the zero value where a value fails to decode and carries on, the door puts the zero
 * value there (a field becomes absent; a list item or map value becomes `''`, `0`, `false` or `{}`), so list
 * indices stay as written and the rest of the object is still read, drawn and analysed.
 *
 * `null` is Go's zero value too, and is decoded the same way without an error (`ingress: [null]` is the
 * allow-all rule `{}`; `matchLabels: {app: null}` requires `app=''`).
 *
 * The input is never modified. When every value is well typed and nothing is null, the model *is* the input
 * (no copy); otherwise the model is a copy that shares the unchanged parts. Keys such as `__proto__` are own
 * data properties in copies too. Never throws on data parsed from YAML (plain objects, lists, scalars).
 */
import { isRecord, setOwn } from '../model/clone.ts';
import type { Schema } from '../model/schema.ts';
import type { FieldPath, Finding } from '../model/types.ts';

export interface Admitted<T> {
  /** The model: the input with every wrongly typed value replaced by its zero value. */
  value: T;
  /** One `type` error per wrongly typed value, in document order. */
  findings: Finding[];
  /** The paths of the values kept out (empty when the input was well typed). */
  rejected: FieldPath[];
}

/** Applies `schema` to `value` (see the module comment). `T` is the model type the schema describes. */
export function admit<T>(value: unknown, schema: Schema): Admitted<T> {
  const door = new Door();
  let out = value === null || value === undefined ? zero(schema) : door.walk(value, schema);
  if (out === REJECTED) out = zero(schema);
  return { value: out as T, findings: door.findings, rejected: door.rejected };
}

/**
 * True when a finding at `path` is about a place the door already answered: at or under a rejected value, or
 * in the object (or list) that holds one. The API server answers a wrongly typed value with the decode error
 * alone, so rules that depend on it (a peer left empty, `endPort` without `port`, a name now "required") would
 * only repeat it. A rejected top-level field (`spec: []`) hides only what is under it.
 */
export function isUnderRejected(path: FieldPath, rejected: readonly FieldPath[]): boolean {
  outer: for (const r of rejected) {
    const n = r.length > 1 ? r.length - 1 : r.length;
    if (n > path.length) continue;
    for (let i = 0; i < n; i++) if (r[i] !== path[i]) continue outer;
    return true;
  }
  return false;
}

/** Go's zero value of a type, as the model holds it. */
function zero(schema: Schema): unknown {
  switch (schema.type) {
    case 'string':
      return '';
    case 'integer':
    case 'intOrString':
      return 0;
    case 'boolean':
      return false;
    case 'list':
      return [];
    case 'map':
    case 'object':
      return {};
  }
}

const REJECTED: unique symbol = Symbol('rejected');

/** How a value is named in a type error: `a mapping`, `a list`, `the number 80.5`, `the string "80"`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  return typeof v;
}

const EXPECTED: Record<Schema['type'], string> = {
  string: 'a string',
  integer: 'an integer',
  intOrString: 'an integer or a string',
  boolean: 'a boolean (true or false)',
  list: 'a list',
  map: 'a mapping',
  object: 'a mapping',
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const isInt32 = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;

/** The usual fix for a wrong value where `schema` is expected, when the schema has none of its own. */
function defaultFix(schema: Schema, got: unknown): string | undefined {
  if (schema.type === 'string' && (typeof got === 'number' || typeof got === 'boolean'))
    return `quote it: "${String(got)}"`;
  if (schema.type === 'list' && isRecord(got)) return 'make it a list item: start it with "- "';
  if (schema.type === 'integer' && typeof got === 'string' && /^\d+$/.test(got)) return `write it unquoted: ${got}`;
  if (schema.type === 'string' && isRecord(got))
    return 'a mapping here is often an indentation slip: put the value on the same line as its key';
  return undefined;
}

class Door {
  readonly findings: Finding[] = [];
  readonly rejected: FieldPath[] = [];
  /** The current field path, pushed and popped as the walk descends; copied only into findings. */
  private readonly path: (string | number)[] = [];

  private reject(schema: Schema, got: unknown): typeof REJECTED {
    const path = this.path.slice();
    const fix = schema.hint?.fix?.(got) ?? defaultFix(schema, got);
    const finding: Finding = {
      severity: 'error',
      code: 'type',
      message: `must be ${schema.hint?.expected ?? EXPECTED[schema.type]}, got ${describeValue(got)}`,
      path,
    };
    if (fix !== undefined) finding.fix = fix;
    this.findings.push(finding);
    this.rejected.push(path);
    return REJECTED;
  }

  /** `v` (not null) checked against `schema`: `v` itself when unchanged, a copy when changed, or REJECTED. */
  walk(v: unknown, schema: Schema): unknown {
    switch (schema.type) {
      case 'string':
        return typeof v === 'string' ? v : this.reject(schema, v);
      case 'integer':
        return isInt32(v) ? v : this.reject(schema, v);
      case 'intOrString':
        return typeof v === 'string' || isInt32(v) ? v : this.reject(schema, v);
      case 'boolean':
        return typeof v === 'boolean' ? v : this.reject(schema, v);
      case 'list':
        return Array.isArray(v) ? this.list(v, schema.items) : this.reject(schema, v);
      case 'map':
        return isRecord(v) ? this.map(v, schema.values) : this.reject(schema, v);
      case 'object':
        return isRecord(v) ? this.object(v, schema.fields) : this.reject(schema, v);
    }
  }

  /** An item or map value: null and rejected values become the zero value. */
  private element(v: unknown, schema: Schema): unknown {
    if (v === null || v === undefined) return zero(schema);
    const out = this.walk(v, schema);
    return out === REJECTED ? zero(schema) : out;
  }

  private list(items: readonly unknown[], schema: Schema): unknown[] {
    let copy: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      this.path.push(i);
      const out = this.element(item, schema);
      this.path.pop();
      if (out !== item) (copy ??= items.slice())[i] = out;
    }
    return copy ?? (items as unknown[]);
  }

  private map(map: Record<string, unknown>, schema: Schema): Record<string, unknown> {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(map)) {
      const v = map[key];
      this.path.push(key);
      const out = this.element(v, schema);
      this.path.pop();
      if (out !== v) setOwn((copy ??= shallowCopy(map)), key, out);
    }
    return copy ?? map;
  }

  private object(obj: Record<string, unknown>, fields: Readonly<Record<string, Schema>>): Record<string, unknown> {
    let copy: Record<string, unknown> | undefined;
    // In the object's own order, so findings come in document order.
    for (const key of Object.keys(obj)) {
      if (!Object.hasOwn(fields, key)) continue;
      const v = obj[key];
      let out: unknown;
      if (v === null || v === undefined)
        out = REJECTED; // absent: Go's zero value of a field
      else {
        this.path.push(key);
        out = this.walk(v, fields[key]!);
        this.path.pop();
      }
      if (out === v) continue;
      copy ??= shallowCopy(obj);
      if (out === REJECTED) delete copy[key];
      else setOwn(copy, key, out);
    }
    return copy ?? obj;
  }
}

function shallowCopy(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) setOwn(out, key, obj[key]);
  return out;
}
