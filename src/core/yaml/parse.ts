/**
 * YAML parsing on js-yaml 5's event stream: one pass gives the value, and the same events locate a field
 * path's node in the source when a diagnostic needs a position (events are not kept: they are re-derived
 * only for the few documents that have findings).
 */
import { constructFromEvents, EVENT_ID, getScalarValue, parseEvents, YAMLException, type Event } from 'js-yaml';
import type { FieldPath } from '../model/types.ts';
import { parseBlockFastPath, positionTreeFastPath, type PositionNode } from './blockFastPath.ts';
import { errorMessage } from '../model/text.ts';

/** Explicit limits for untrusted input; see README "Security". */
export const YAML_LIMITS = {
  /** Collections nested deeper than this are rejected (js-yaml's parser counts them). */
  maxDepth: 100,
  /** Alias nodes (`*ref`) per document. */
  maxAliases: 100,
  /**
   * What aliases may add to a document, in nodes plus scalar characters (each alias counted as a full copy
   * of its anchor, nested aliases included). Few aliases can still be a bomb: 9 levels of 9 aliases each
   * expand to 9^9 nodes, and everything downstream (canonical YAML output, copies for edits) expands them.
   */
  maxAliasExpansion: 1_000_000,
  /**
   * Documents read per input. Each costs a parser run (tens of microseconds even when tiny), so 100,000
   * `a: 1` documents took seconds; later documents are kept as they are, unread, with one error.
   */
  maxDocuments: 10_000,
} as const;

export type ParseOutcome =
  { ok: true; value: unknown; empty: boolean } | { ok: false; message: string; offset: number };

export function parseYamlDocument(body: string): ParseOutcome {
  // Plain manifests take the fast path; everything else (and every error) goes through js-yaml below.
  const fast = parseBlockFastPath(body);
  if (fast) return { ok: true, value: fast.value, empty: fast.value === null };
  try {
    const events = parseEvents(body, { maxDepth: YAML_LIMITS.maxDepth });
    // Every problem checkAliases finds involves an alias, and an alias needs a `*` in the text.
    const aliasProblem = body.includes('*') ? checkAliases(events, body) : undefined;
    if (aliasProblem) return { ok: false, ...aliasProblem };
    const values = constructFromEvents(events, { source: body, maxAliases: YAML_LIMITS.maxAliases });
    if (values.length > 1) return { ok: false, message: 'unexpected document inside a document', offset: 0 };
    return { ok: true, value: values[0] ?? null, empty: values.length === 0 || values[0] === null };
  } catch (e) {
    if (e instanceof YAMLException) {
      return { ok: false, message: plainMessage(e.reason || e.message), offset: e.mark?.position ?? 0 };
    }
    // A RangeError from deeply nested aliases or similar: still a positioned diagnostic, never a throw.
    return { ok: false, message: errorMessage(e), offset: 0 };
  }
}

/** js-yaml's wording for its limits names its option names; say what the limit is instead. */
function plainMessage(reason: string): string {
  if (/^nesting exceeded maxDepth/.test(reason)) return `nesting too deep (limit ${YAML_LIMITS.maxDepth} levels)`;
  if (/^aliases exceeded maxAliases/.test(reason)) return `too many aliases (limit ${YAML_LIMITS.maxAliases})`;
  return reason;
}

/** Marks an anchored collection that is still open: an alias to it would make the value cyclic. */
const OPEN = { weight: -1, height: -1 };

/**
 * What js-yaml's own limits do not catch, in one pass over the events, before anything is built:
 * - an alias to a collection that contains it (`a: &a [*a]`): js-yaml builds a cyclic value, on which every
 *   recursive walk (validation, canonical output, copies) would overflow the stack;
 * - aliases that expand the document too much (see `maxAliasExpansion`);
 * - nesting through aliases: js-yaml's maxDepth counts only the collections written out.
 * Unknown anchors are left to js-yaml, which reports them.
 */
function checkAliases(events: readonly Event[], body: string): { message: string; offset: number } | undefined {
  /** Expanded weight (nodes + scalar characters) and height (collection levels) of each anchor's node. */
  const anchors = new Map<string, { weight: number; height: number }>();
  /** Open document and collections: their weight so far and the highest child's height. */
  const open: { weight: number; height: number; anchor: string | undefined }[] = [];
  let added = 0;
  const addToParent = (weight: number, height: number) => {
    const parent = open[open.length - 1];
    if (!parent) return;
    parent.weight += weight;
    parent.height = Math.max(parent.height, height);
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        open.push({ weight: 0, height: 0, anchor: undefined });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const anchor = e.anchorStart >= 0 ? body.slice(e.anchorStart, e.anchorEnd) : undefined;
        if (anchor !== undefined) anchors.set(anchor, OPEN);
        open.push({ weight: 1, height: 0, anchor });
        break;
      }
      case EVENT_ID.SCALAR: {
        const weight = 1 + Math.max(0, e.valueEnd - e.valueStart);
        if (e.anchorStart >= 0) anchors.set(body.slice(e.anchorStart, e.anchorEnd), { weight, height: 0 });
        addToParent(weight, 0);
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = body.slice(e.anchorStart, e.anchorEnd);
        const target = anchors.get(name);
        if (!target) break;
        const offset = Math.max(0, e.anchorStart - 1);
        if (target === OPEN)
          return {
            message: `alias *${name} refers to a collection that contains it (recursive aliases are not supported)`,
            offset,
          };
        added += target.weight;
        if (added > YAML_LIMITS.maxAliasExpansion)
          return {
            message: `aliases expand this document too much (limit ${YAML_LIMITS.maxAliasExpansion.toLocaleString('en-US')} nodes and characters): an alias bomb?`,
            offset,
          };
        // open[0] is the document: the collections around the alias are the rest of the stack.
        if (open.length - 1 + target.height >= YAML_LIMITS.maxDepth)
          return { message: `nesting too deep through alias *${name} (limit ${YAML_LIMITS.maxDepth} levels)`, offset };
        addToParent(target.weight, target.height);
        break;
      }
      case EVENT_ID.POP: {
        const closed = open.pop();
        if (!closed || open.length === 0) break; // the document itself
        // A collection is one level higher than its highest child.
        const height = closed.height + 1;
        if (closed.anchor !== undefined) anchors.set(closed.anchor, { weight: closed.weight, height });
        addToParent(closed.weight, height);
        break;
      }
    }
  }
  return undefined;
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
 * Locates field paths in one document. The events are parsed once; `after[i]` is the index just past node i,
 * and each collection's children are indexed on first use, so many lookups in a large document (a
 * 10,000-item List with a finding per item) stay linear.
 */
export class PathLocator implements Locator {
  private readonly events: Event[];
  private readonly after: Int32Array;
  private readonly children = new Map<number, number[]>();
  private readonly body: string;

  constructor(body: string) {
    this.body = body;
    let events: Event[];
    try {
      events = parseEvents(body, { maxDepth: YAML_LIMITS.maxDepth });
    } catch {
      events = [];
    }
    this.events = events;
    this.after = new Int32Array(events.length);
    const stack: number[] = [];
    for (let i = 0; i < events.length; i++) {
      const t = events[i]!.type;
      if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE || t === EVENT_ID.DOCUMENT) stack.push(i);
      else if (t === EVENT_ID.POP) {
        const open = stack.pop();
        if (open !== undefined) this.after[open] = i + 1;
      } else this.after[i] = i + 1;
    }
  }

  /** Child node indexes: for a mapping, alternating key and value; for a sequence, the items. */
  private childrenOf(at: number): number[] {
    let list = this.children.get(at);
    if (!list) {
      list = [];
      for (let k = at + 1; k < this.events.length && this.events[k]!.type !== EVENT_ID.POP; k = this.after[k]!)
        list.push(k);
      this.children.set(at, list);
    }
    return list;
  }

  private endOf(at: number): number {
    const e = this.events[at]!;
    if (e.type === EVENT_ID.SCALAR) return e.valueEnd;
    if (e.type === EVENT_ID.ALIAS) return e.anchorEnd;
    let last = nodeStart(e) + 1;
    for (let k = at; k < this.after[at]!; k++) {
      const ek = this.events[k]!;
      if (ek.type === EVENT_ID.SCALAR) last = Math.max(last, ek.valueEnd);
    }
    return last;
  }

  /**
   * The range of the node at `path` (mapping keys and sequence indexes); when the path does not exist, the
   * deepest existing ancestor. For a collection reached through a key, the range starts at the key, so the
   * marker sits on the field name's line.
   */
  locate(path: FieldPath, listItem?: number): NodeRange {
    const events = this.events;
    const fullPath: FieldPath = listItem === undefined ? path : ['items', listItem, ...path];
    let i = 1; // events[0] is the DOCUMENT event
    if (!events[i] || events[i]!.type === EVENT_ID.POP) return { start: 0, end: 0 };
    let best: NodeRange = { start: nodeStart(events[i]!), end: nodeStart(events[i]!) };
    for (const step of fullPath) {
      const node = events[i]!;
      let found = -1;
      let keyAt = -1;
      if (node.type === EVENT_ID.MAPPING && typeof step === 'string') {
        const kids = this.childrenOf(i);
        for (let c = 0; c + 1 < kids.length; c += 2) {
          const key = events[kids[c]!]!;
          if (key.type === EVENT_ID.SCALAR && getScalarValue(this.body, key) === step) {
            keyAt = kids[c]!;
            found = kids[c + 1]!;
            break;
          }
        }
      } else if (node.type === EVENT_ID.SEQUENCE && typeof step === 'number') {
        found = this.childrenOf(i)[step] ?? -1;
      }
      if (found < 0) return best;
      i = found;
      const start =
        keyAt >= 0 && events[i]!.type !== EVENT_ID.SCALAR ? nodeStart(events[keyAt]!) : nodeStart(events[i]!);
      best = { start, end: Math.max(this.endOf(i), start + 1) };
    }
    return best;
  }
}

/** Finds the source range of field paths in one document. */
export interface Locator {
  locate(path: FieldPath, listItem?: number): NodeRange;
}

/**
 * The same lookup as PathLocator, on the fast path's position tree (no js-yaml events): the ranges are the
 * ones js-yaml's events give, which tests/core/blockFastPath.test.ts checks path by path.
 */
class TreeLocator implements Locator {
  private readonly root: PositionNode;
  constructor(root: PositionNode) {
    this.root = root;
  }

  locate(path: FieldPath, listItem?: number): NodeRange {
    const fullPath: FieldPath = listItem === undefined ? path : ['items', listItem, ...path];
    let node = this.root;
    let best: NodeRange = { start: node.start, end: node.start };
    for (const step of fullPath) {
      let found: PositionNode | undefined;
      let key: PositionNode | undefined;
      if (node.kind === 'mapping' && typeof step === 'string') {
        const at = node.keys!.indexOf(step);
        if (at >= 0) {
          key = node.keyNodes![at];
          found = node.children![at];
        }
      } else if (node.kind === 'sequence' && typeof step === 'number') {
        found = node.children![step];
      }
      if (!found) return best;
      node = found;
      const start = key && found.kind !== 'scalar' ? key.start : found.start;
      best = { start, end: Math.max(found.end, start + 1) };
    }
    return best;
  }
}

/** A locator for `body`: on the fast path's position tree when the document is plain block YAML. */
export function createLocator(body: string): Locator {
  const tree = positionTreeFastPath(body);
  return tree ? new TreeLocator(tree) : new PathLocator(body);
}

/** One-off lookup; use a locator for many lookups in the same document. */
export function locatePath(body: string, path: FieldPath, listItem?: number): NodeRange {
  return createLocator(body).locate(path, listItem);
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
