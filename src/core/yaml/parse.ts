/**
 * YAML parsing on js-yaml 5's event stream: one pass gives the value, and the same events locate a field
 * path's node in the source when a diagnostic needs a position (events are not kept: they are re-derived
 * only for the few documents that have findings).
 */
import { constructFromEvents, EVENT_ID, parseEvents, YAMLException, type Event } from 'js-yaml';
import type { FieldPath } from '../types.ts';

/** Explicit limits for untrusted input; see README "Security". */
export const YAML_LIMITS = {
  /** Collections nested deeper than this are rejected (js-yaml's parser counts them). */
  maxDepth: 100,
  /** Alias nodes (`*ref`) per document; a billion-laughs bomb needs many more. */
  maxAliases: 100,
} as const;

export type ParseOutcome =
  { ok: true; value: unknown; empty: boolean } | { ok: false; message: string; offset: number };

export function parseYamlDocument(body: string): ParseOutcome {
  try {
    const events = parseEvents(body, { maxDepth: YAML_LIMITS.maxDepth });
    const values = constructFromEvents(events, { source: body, maxAliases: YAML_LIMITS.maxAliases });
    if (values.length > 1) return { ok: false, message: 'unexpected document inside a document', offset: 0 };
    return { ok: true, value: values[0] ?? null, empty: values.length === 0 || values[0] === null };
  } catch (e) {
    if (e instanceof YAMLException) {
      return { ok: false, message: e.reason || e.message, offset: e.mark?.position ?? 0 };
    }
    // A RangeError from deeply nested aliases or similar: still a positioned diagnostic, never a throw.
    return { ok: false, message: e instanceof Error ? e.message : String(e), offset: 0 };
  }
}

/** Source range of a node, as offsets into the parsed text. */
export interface NodeRange {
  start: number;
  end: number;
}

function nodeStart(e: Event): number {
  switch (e.type) {
    case EVENT_ID.SCALAR:
      return e.anchorStart >= 0 ? Math.min(e.anchorStart, e.valueStart) : e.tagStart >= 0 ? e.tagStart : e.valueStart;
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return e.start;
    case EVENT_ID.ALIAS:
      return e.anchorStart - 1;
    default:
      return 0;
  }
}

/**
 * Finds the node at `path` (mapping keys and sequence indexes) in a document's events and returns the
 * range of its value; when the path does not exist, the range of the deepest existing ancestor, and when
 * the last step is a mapping key that exists, the key itself is used for collections so the marker sits on
 * the field name line.
 */
export function locatePath(body: string, path: FieldPath, listItem?: number): NodeRange {
  let events: Event[];
  try {
    events = parseEvents(body, { maxDepth: YAML_LIMITS.maxDepth });
  } catch {
    return { start: 0, end: 0 };
  }
  const fullPath: FieldPath = listItem === undefined ? path : ['items', listItem, ...path];
  // Walk the flat event stream with a cursor; `skip` jumps over a whole node.
  let i = 1; // events[0] is the DOCUMENT event
  const skip = (at: number): number => {
    const t = events[at]!.type;
    if (t !== EVENT_ID.MAPPING && t !== EVENT_ID.SEQUENCE) return at + 1;
    let depth = 0;
    let k = at;
    do {
      const ty = events[k]!.type;
      if (ty === EVENT_ID.MAPPING || ty === EVENT_ID.SEQUENCE) depth++;
      else if (ty === EVENT_ID.POP) depth--;
      k++;
    } while (depth > 0 && k < events.length);
    return k;
  };
  const endOf = (at: number): number => {
    const e = events[at]!;
    if (e.type === EVENT_ID.SCALAR) return e.valueEnd;
    if (e.type === EVENT_ID.ALIAS) return e.anchorEnd;
    // For a collection, the end is the end of its last scalar.
    let last = nodeStart(e) + 1;
    for (let k = at; k < skip(at); k++) {
      const ek = events[k]!;
      if (ek.type === EVENT_ID.SCALAR) last = Math.max(last, ek.valueEnd);
    }
    return last;
  };
  if (!events[i] || events[i]!.type === EVENT_ID.POP) return { start: 0, end: 0 };
  let best: NodeRange = { start: nodeStart(events[i]!), end: nodeStart(events[i]!) };
  for (const step of fullPath) {
    const node = events[i]!;
    let found = -1;
    let keyAt = -1;
    if (node.type === EVENT_ID.MAPPING && typeof step === 'string') {
      let k = i + 1;
      while (k < events.length && events[k]!.type !== EVENT_ID.POP) {
        const key = events[k]!;
        const valueAt = skip(k);
        if (
          key.type === EVENT_ID.SCALAR &&
          body.slice(key.valueStart, key.valueEnd).replace(/^["']|["']$/g, '') === step
        ) {
          found = valueAt;
          keyAt = k;
          break;
        }
        k = skip(valueAt);
      }
    } else if (node.type === EVENT_ID.SEQUENCE && typeof step === 'number') {
      let k = i + 1;
      let n = 0;
      while (k < events.length && events[k]!.type !== EVENT_ID.POP) {
        if (n === step) {
          found = k;
          break;
        }
        k = skip(k);
        n++;
      }
    }
    if (found < 0) return best;
    i = found;
    const valueStart = nodeStart(events[i]!);
    const start = keyAt >= 0 && events[i]!.type !== EVENT_ID.SCALAR ? nodeStart(events[keyAt]!) : valueStart;
    best = { start, end: Math.max(endOf(i), start + 1) };
  }
  return best;
}

/** Maps offsets of a whole text to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** `['spec','ingress',0,'from',1]` → `spec.ingress[0].from[1]` */
export function formatPath(path: FieldPath): string {
  let s = '';
  for (const step of path) {
    if (typeof step === 'number') s += `[${step}]`;
    else s += s ? `.${step}` : step;
  }
  return s;
}
