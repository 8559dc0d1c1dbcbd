/**
 * A fast path for the YAML that Kubernetes manifests are made of: block mappings and sequences, one-line plain
 * and quoted scalars, literal block scalars (`|`), comments, `{}`, `[]` and one-line flow sequences of simple
 * items. It builds the same
 * value js-yaml 5 builds (plain scalars resolve through js-yaml's own core schema), in one pass over the lines
 * without an event list, which makes reading a large dump several times faster and far lighter on the heap.
 *
 * Anything else returns `undefined` and the caller parses the document with js-yaml: anchors, aliases, tags,
 * folded scalars, multi-line flow scalars, escapes, complex keys, tabs, lone CRs, directives, duplicate keys,
 * `__proto__` keys, deep nesting, odd indentation — and every error, so error messages and positions are
 * always js-yaml's. The fast path only ever declines; it never reports anything itself. tests/core/
 * blockFastPath.test.ts checks it against js-yaml on the corpora and on generated and mutated documents.
 */
import { CORE_SCHEMA } from 'js-yaml';
import { scalarText } from '../model/text.ts';

/** Collections nested deeper than this are left to js-yaml, which enforces the real limit with its message. */
const MAX_FAST_DEPTH = 64;

/** What js-yaml rejects as non-printable (its own check, so such documents reach it and get its error). */
const NON_PRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Plain keys the fast path takes: label keys, field names. Others (spaces, indicators) go to js-yaml. */
const SIMPLE_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
/** Plain items of a one-line flow sequence that the fast path takes. */
const SIMPLE_FLOW_ITEM = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const SQUOTE = 0x27;
const DQUOTE = 0x22;
const LBRACKET = 0x5b;
const LBRACE = 0x7b;
const PIPE = 0x7c;

/** Thrown (and caught in parseBlockFastPath) when the document needs js-yaml. */
class Decline {}
const DECLINE = new Decline();

function decline(): never {
  throw DECLINE;
}

/**
 * Short scalars repeat across a cluster dump (`TCP`, `Ingress`, label values, namespace names): they are
 * resolved once and share one string. Only strings shorter than V8's sliced-string threshold (13) are kept,
 * because those are copies; a longer slice would pin the whole input text in memory after it is gone.
 */
const SHORT = 13;
const SHARED_LIMIT = 50_000;
const shared = new Map<string, unknown>();

/** A plain scalar's value, exactly as js-yaml's core schema resolves it (null, booleans, ints, floats, strings). */
function plainValue(source: string): unknown {
  if (source.length >= SHORT) return CORE_SCHEMA.resolveImplicitScalarTag(source).value;
  const known = shared.get(source);
  if (known !== undefined) return known;
  const value = CORE_SCHEMA.resolveImplicitScalarTag(source).value;
  // null is not cached (undefined/null would need a second lookup); it is rare and cheap to resolve.
  if (value !== null) remember(source, value);
  return value;
}

/** A quoted scalar's value, shared when short. */
function quotedValue(value: string): string {
  if (value.length >= SHORT) return value;
  const known = shared.get('\0' + value);
  if (typeof known === 'string') return known;
  remember('\0' + value, value);
  return value;
}

function remember(key: string, value: unknown): void {
  if (shared.size >= SHARED_LIMIT) shared.clear();
  shared.set(key, value);
}

/**
 * The value of `body` when it is in the subset described above, else undefined. `body` is one document's text
 * without its `---` line (see documents.ts).
 */
export function parseBlockFastPath(body: string): { value: unknown } | undefined {
  const parsed = run(body, false);
  return parsed === DECLINE ? undefined : { value: parsed };
}

/** The root value (or position tree), or DECLINE. */
function run(body: string, positions: boolean): unknown {
  if (body.includes('\t') || body.includes('\uFEFF') || NON_PRINTABLE.test(body)) return DECLINE;
  // CRLF line ends are read like LF; a lone CR (a line break to YAML) is left to js-yaml.
  if (body.includes('\r') && /\r(?!\n)/.test(body)) return DECLINE;
  try {
    const parser = new BlockParser(body, positions);
    return parser.count === 0 ? DECLINE : parser.parseRoot();
  } catch (e) {
    if (e === DECLINE) return DECLINE;
    throw e;
  } finally {
    scratch.length = 0;
  }
}

/**
 * Where a node is in its document, as js-yaml's events give it (see PathLocator in parse.ts): a scalar's
 * value range (inside the quotes; -1 for an empty value), a block collection's first key or dash, a flow
 * collection's bracket. `scalarEnd` is the furthest end of any scalar inside (keys included), -1 if none.
 */
export interface PositionNode {
  kind: 'scalar' | 'mapping' | 'sequence';
  start: number;
  end: number;
  scalarEnd: number;
  /** Mappings: each key as js-yaml decodes its text (not resolved: `True`, not `true`), and its node. */
  keys?: string[];
  keyNodes?: PositionNode[];
  /** Mapping values (parallel to keys) or sequence items. */
  children?: PositionNode[];
}

/**
 * The position tree of `body` when it is in the fast path's subset (literal block scalars excepted), else
 * undefined. Only documents with findings are positioned, so this is not the hot path.
 */
export function positionTreeFastPath(body: string): PositionNode | undefined {
  const tree = run(body, true);
  return tree === DECLINE ? undefined : (tree as PositionNode);
}

/** What a mapping collects in position mode. */
interface MappingPositions {
  keys: string[];
  keyNodes: PositionNode[];
  children: PositionNode[];
}

function scalarNode(start: number, end: number): PositionNode {
  return { kind: 'scalar', start, end, scalarEnd: end };
}

function collectionNode(
  kind: 'mapping' | 'sequence',
  start: number,
  children: PositionNode[],
  keyNodes?: PositionNode[],
  keys?: string[],
): PositionNode {
  let scalarEnd = -1;
  for (const c of children) scalarEnd = Math.max(scalarEnd, c.scalarEnd);
  if (keyNodes) for (const k of keyNodes) scalarEnd = Math.max(scalarEnd, k.scalarEnd);
  const node: PositionNode = { kind, start, end: Math.max(start + 1, scalarEnd), scalarEnd, children };
  if (keys && keyNodes) {
    node.keys = keys;
    node.keyNodes = keyNodes;
  }
  return node;
}

/** An empty value (`key:` or `-` with nothing after): js-yaml's event has no range. */
const EMPTY_SCALAR: PositionNode = { kind: 'scalar', start: -1, end: -1, scalarEnd: -1 };

/**
 * Sequence items are collected here and copied out at the exact length: an array grown by `push` keeps spare
 * capacity (17 slots for a two-item list), which for the many short lists of a policy is most of its memory.
 */
const scratch: unknown[] = [];

type LineTable = Int32Array<ArrayBuffer>;
let lineTables: { starts: LineTable; indents: LineTable; ends: LineTable } = {
  starts: new Int32Array(256),
  indents: new Int32Array(256),
  ends: new Int32Array(256),
};

class BlockParser {
  private readonly text: string;
  /** Content lines only (blank and comment-only lines are skipped): start offset, indentation, end offset. */
  private starts: LineTable;
  private indents: LineTable;
  private ends: LineTable;
  count = 0;
  /** Index of the content line being parsed. */
  private line = 0;
  private depth = 0;
  /** Build PositionNodes instead of values. */
  private readonly positions: boolean;

  constructor(text: string, positions = false) {
    this.text = text;
    this.positions = positions;
    // The line tables are reused from one document to the next (parsing is synchronous and not reentrant).
    let capacity = lineTables.starts.length;
    this.starts = lineTables.starts;
    this.indents = lineTables.indents;
    this.ends = lineTables.ends;
    let start = 0;
    const length = text.length;
    while (start < length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = length;
      const next = end + 1;
      if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
      let first = start;
      while (first < end && text.charCodeAt(first) === SPACE) first++;
      if (first < end && text.charCodeAt(first) !== HASH) {
        if (first === start) {
          const c = text.charCodeAt(start);
          // Document markers and directives belong to the stream, not to a body.
          if (c === 0x25 /* % */) decline();
          if ((c === DASH || c === 0x2e) && /^(---|\.\.\.)(?= |$)/.test(text.slice(start, start + 4))) decline();
        }
        if (this.count === capacity) {
          capacity *= 2;
          this.starts = grow(this.starts, capacity);
          this.indents = grow(this.indents, capacity);
          this.ends = grow(this.ends, capacity);
          lineTables = { starts: this.starts, indents: this.indents, ends: this.ends };
        }
        this.starts[this.count] = start;
        this.indents[this.count] = first - start;
        this.ends[this.count] = end;
        this.count++;
      }
      start = next;
    }
  }

  parseRoot(): unknown {
    const indent = this.indents[0]!;
    const value = this.parseBlockNode(0, this.starts[0]! + indent, indent);
    if (this.line < this.count) decline(); // something after the root node (less indented, or stray)
    return value;
  }

  /** The node that starts at offset `at` of content line `line`, whose column is `column`. */
  private parseBlockNode(line: number, at: number, column: number): unknown {
    if (++this.depth > MAX_FAST_DEPTH) decline();
    this.line = line;
    let value: unknown;
    if (this.isSequenceItem(at, this.ends[line]!)) value = this.parseSequence(column);
    else if (this.keyEnd(at, this.ends[line]!) >= 0) value = this.parseMapping(column);
    else decline(); // a scalar on a line of its own: possibly multi-line, left to js-yaml
    this.depth--;
    return value;
  }

  private isSequenceItem(at: number, end: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    return at + 1 === end || this.text.charCodeAt(at + 1) === SPACE;
  }

  /**
   * Where a plain or quoted key starting at `at` ends (its `:` is at the returned offset), or -1 when the line
   * is not a simple `key:` / `key: value` entry.
   */
  private keyEnd(at: number, end: number): number {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === SQUOTE || c === DQUOTE) {
      const close = text.indexOf(String.fromCharCode(c), at + 1);
      if (close < 0 || close >= end) return -1;
      return text.charCodeAt(close + 1) === COLON && (close + 2 === end || text.charCodeAt(close + 2) === SPACE)
        ? close + 1
        : -1;
    }
    for (let i = at; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) return i;
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** Where a key's text starts: inside its quotes, or at `at` for a plain key. */
  private keyStart(at: number): number {
    const c = this.text.charCodeAt(at);
    return c === SQUOTE || c === DQUOTE ? at + 1 : at;
  }

  /** Where a key's text ends: before its closing quote, or before the spaces ahead of its colon. */
  private keyStop(at: number, colon: number): number {
    const c = this.text.charCodeAt(at);
    if (c === SQUOTE || c === DQUOTE) return colon - 1;
    let last = colon;
    while (last > at && this.text.charCodeAt(last - 1) === SPACE) last--;
    return last;
  }

  private parseKey(at: number, colon: number): string {
    const c = this.text.charCodeAt(at);
    let key = this.text.slice(this.keyStart(at), this.keyStop(at, colon));
    if (c === SQUOTE || c === DQUOTE) {
      if (c === DQUOTE ? key.includes('\\') || key.includes('"') : key.includes("'")) decline();
    } else {
      if (!SIMPLE_KEY.test(key)) decline();
      // Keys resolve like any plain scalar (`1.0:` is "1", `True:` is "true"), then become strings, as js-yaml does.
      key = scalarText(plainValue(key));
    }
    // js-yaml defines `__proto__` as an own property and reports `<<` merges: leave both to it.
    if (key === '__proto__' || key === '<<') decline();
    return key;
  }

  /** A block mapping whose keys are at `column`; the current line holds its first key. */
  private parseMapping(column: number): unknown {
    const text = this.text;
    const map: Record<string, unknown> = {};
    const start = this.starts[this.line]! + column;
    // Position mode only: reading values (the hot path) allocates nothing for positions.
    const tree: MappingPositions | undefined = this.positions ? { keys: [], keyNodes: [], children: [] } : undefined;
    for (;;) {
      const line = this.line;
      const end = this.ends[line]!;
      const at = this.starts[line]! + column;
      const colon = this.keyEnd(at, end);
      if (colon < 0) decline();
      const key = this.parseKey(at, colon);
      if (Object.prototype.hasOwnProperty.call(map, key)) decline(); // js-yaml reports duplicates
      if (tree) this.positionKey(at, colon, tree);
      let p = colon + 1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      let value: unknown;
      if (p === end || text.charCodeAt(p) === HASH) {
        // `key:` with the value on the following lines: deeper, or a sequence at the key's own column.
        const next = line + 1;
        if (next < this.count && this.indents[next]! > column) {
          value = this.parseBlockNode(next, this.starts[next]! + this.indents[next]!, this.indents[next]!);
        } else if (
          next < this.count &&
          this.indents[next]! === column &&
          this.isSequenceItem(this.starts[next]! + column, this.ends[next]!)
        ) {
          this.depth++;
          this.line = next;
          value = this.parseSequence(column);
          this.depth--;
        } else {
          value = this.positions ? EMPTY_SCALAR : null;
          this.line = next;
        }
      } else if (text.charCodeAt(p) === PIPE) {
        value = this.literalBlock(line, p, end, column);
      } else {
        value = this.inlineValue(p, end);
        this.line = line + 1;
      }
      map[key] = value;
      tree?.children.push(value as PositionNode);
      if (this.line >= this.count) break;
      const indent = this.indents[this.line]!;
      if (indent < column) break;
      if (indent > column) decline(); // continuation of a scalar, or bad indentation
      if (this.isSequenceItem(this.starts[this.line]! + column, this.ends[this.line]!)) {
        // A `- item` at the keys' column ends this mapping only when the mapping is itself a sequence item's
        // compact mapping whose parent sequence sits further left; at this column it is an error.
        decline();
      }
    }
    return tree ? collectionNode('mapping', start, tree.children, tree.keyNodes, tree.keys) : map;
  }

  /** A key's text as js-yaml decodes it (quotes removed, nothing resolved) and its range. */
  private positionKey(at: number, colon: number, tree: MappingPositions): void {
    const start = this.keyStart(at);
    const stop = this.keyStop(at, colon);
    tree.keys.push(this.text.slice(start, stop));
    tree.keyNodes.push(scalarNode(start, stop));
  }

  /** A block sequence whose dashes are at `column`; the current line holds its first item. */
  private parseSequence(column: number): unknown {
    const text = this.text;
    const start = this.starts[this.line]! + column;
    const base = scratch.length;
    const list = scratch;
    for (;;) {
      const line = this.line;
      const end = this.ends[line]!;
      const dash = this.starts[line]! + column;
      let p = dash + 1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p === end || text.charCodeAt(p) === HASH) {
        const next = line + 1;
        if (next < this.count && this.indents[next]! > column) {
          list.push(this.parseBlockNode(next, this.starts[next]! + this.indents[next]!, this.indents[next]!));
        } else {
          list.push(this.positions ? EMPTY_SCALAR : null);
          this.line = next;
        }
      } else if (this.isSequenceItem(p, end) || this.keyEnd(p, end) >= 0) {
        // A compact nested sequence or mapping: its column is where its first item or key starts.
        list.push(this.parseBlockNode(line, p, p - this.starts[line]!));
      } else if (text.charCodeAt(p) === PIPE) {
        list.push(this.literalBlock(line, p, end, column));
      } else {
        list.push(this.inlineValue(p, end));
        this.line = line + 1;
      }
      if (this.line >= this.count) break;
      const indent = this.indents[this.line]!;
      if (indent < column) break;
      if (indent > column) decline();
      if (!this.isSequenceItem(this.starts[this.line]! + column, this.ends[this.line]!)) break;
    }
    const items = list.slice(base);
    list.length = base;
    return this.positions ? collectionNode('sequence', start, items as PositionNode[]) : items;
  }

  /** A value written after `key: ` or `- ` on the same line, from `at` to the line's `end`. */
  private inlineValue(at: number, end: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === SQUOTE || c === DQUOTE) {
      let close: number;
      let value: string;
      if (c === DQUOTE) {
        close = text.indexOf('"', at + 1);
        if (close < 0 || close >= end) decline(); // multi-line: left to js-yaml
        value = text.slice(at + 1, close);
        if (value.includes('\\')) decline(); // escapes: left to js-yaml
      } else {
        close = at;
        for (;;) {
          close = text.indexOf("'", close + 1);
          if (close < 0 || close >= end) decline();
          if (text.charCodeAt(close + 1) !== SQUOTE) break;
          close++; // '' is an escaped quote
        }
        value = text.slice(at + 1, close).replaceAll("''", "'");
      }
      this.expectLineEnd(close + 1, end);
      return this.positions ? scalarNode(at + 1, close) : quotedValue(value);
    }
    if (c === LBRACKET) return this.flowSequence(at, end);
    if (c === LBRACE) {
      let p = at + 1;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (text.charCodeAt(p) !== 0x7d /* } */) decline(); // non-empty flow mappings: left to js-yaml
      this.expectLineEnd(p + 1, end);
      return this.positions ? collectionNode('mapping', at, [], [], []) : {};
    }
    // Indicators that start something other than a plain scalar (or a plain scalar js-yaml may read otherwise).
    if (
      c === 0x26 /* & */ ||
      c === 0x2a /* * */ ||
      c === 0x21 /* ! */ ||
      c === 0x7c /* | */ ||
      c === 0x3e /* > */ ||
      c === 0x25 /* % */ ||
      c === 0x40 /* @ */ ||
      c === 0x60 /* ` */ ||
      c === 0x3f /* ? */ ||
      c === COLON ||
      c === 0x2c /* , */ ||
      c === 0x5d /* ] */ ||
      c === 0x7d /* } */ ||
      c === HASH ||
      (c === DASH && (at + 1 === end || text.charCodeAt(at + 1) === SPACE))
    )
      decline();
    // A plain scalar runs to a ` #` comment or the end of the line, trailing spaces dropped.
    let stop = end;
    for (let i = at + 1; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        stop = i;
        break;
      }
      // `a: b: c` is an error, and `a: b:` too: js-yaml says so.
      if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) decline();
    }
    while (stop > at && text.charCodeAt(stop - 1) === SPACE) stop--;
    return this.positions ? scalarNode(at, stop) : plainValue(text.slice(at, stop));
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`, as kubectl writes `last-applied-configuration`) whose header is at
   * `at` on content line `line`; its content must be indented more than `column`. Explicit indentation
   * indicators, folded scalars, whitespace-only lines deeper than the content and a last line without a line
   * break are left to js-yaml. Leaves `this.line` at the first content line after the scalar.
   */
  private literalBlock(line: number, at: number, end: number, column: number): string {
    // js-yaml's ranges for block scalars (content lines, trailing breaks) are left to its own locator.
    if (this.positions) decline();
    const text = this.text;
    let p = at + 1;
    let chomping = 0; // clip: one final line break; -1 strip: none; 1 keep: all
    if (text.charCodeAt(p) === DASH) {
      chomping = -1;
      p++;
    } else if (text.charCodeAt(p) === 0x2b /* + */) {
      chomping = 1;
      p++;
    }
    this.expectLineEnd(p, end);
    const length = text.length;
    let lineStart = text.indexOf('\n', end);
    if (lineStart < 0) decline();
    lineStart++;
    let indent = -1;
    let emptyLines = 0;
    let lastHadBreak = true;
    const parts: string[] = [];
    while (lineStart < length) {
      let lineEnd = text.indexOf('\n', lineStart);
      const hasBreak = lineEnd >= 0;
      if (!hasBreak) lineEnd = length;
      let contentEnd = lineEnd;
      if (contentEnd > lineStart && text.charCodeAt(contentEnd - 1) === 0x0d) contentEnd--;
      let first = lineStart;
      while (first < contentEnd && text.charCodeAt(first) === SPACE) first++;
      if (first === contentEnd) {
        // An empty line; one with more spaces than the content's indentation would hold text (spaces).
        if (first > lineStart && (indent < 0 || first - lineStart > indent)) decline();
        emptyLines++;
        lineStart = lineEnd + 1;
        continue;
      }
      const lineIndent = first - lineStart;
      if (indent < 0) {
        if (lineIndent <= column) break;
        indent = lineIndent;
      }
      if (lineIndent < indent) break;
      for (; emptyLines > 0; emptyLines--) parts.push('');
      parts.push(text.slice(lineStart + indent, contentEnd));
      lastHadBreak = hasBreak;
      lineStart = lineEnd + 1;
    }
    if (parts.length === 0 || !lastHadBreak) decline();
    let value = parts.join('\n');
    if (chomping === 0) value += '\n';
    else if (chomping === 1) value += '\n'.repeat(1 + emptyLines);
    let next = line + 1;
    while (next < this.count && this.starts[next]! < lineStart) next++;
    this.line = next;
    return value;
  }

  /** `[a, b, "c"]` on one line, with simple items only. */
  private flowSequence(at: number, end: number): unknown {
    const text = this.text;
    const close = text.indexOf(']', at + 1);
    if (close < 0 || close >= end) decline();
    this.expectLineEnd(close + 1, end);
    let first = at + 1;
    while (first < close && text.charCodeAt(first) === SPACE) first++;
    if (first === close) return this.positions ? collectionNode('sequence', at, []) : [];
    const list: unknown[] = [];
    // Items between commas, spaces around them dropped (only spaces: YAML does not trim other white space).
    for (let from = at + 1; from <= close;) {
      let comma = text.indexOf(',', from);
      if (comma < 0 || comma > close) comma = close;
      let a = from;
      let b = comma;
      while (a < b && text.charCodeAt(a) === SPACE) a++;
      while (b > a && text.charCodeAt(b - 1) === SPACE) b--;
      const q = text.charCodeAt(a);
      if (q === DQUOTE || q === SQUOTE) {
        const content = text.slice(a + 1, b - 1);
        const quote = String.fromCharCode(q);
        if (b - a < 2 || text.charCodeAt(b - 1) !== q || content.includes(quote) || content.includes('\\')) decline();
        list.push(this.positions ? scalarNode(a + 1, b - 1) : quotedValue(content));
      } else {
        const item = text.slice(a, b);
        if (!SIMPLE_FLOW_ITEM.test(item)) decline();
        list.push(this.positions ? scalarNode(a, b) : plainValue(item));
      }
      from = comma + 1;
    }
    return this.positions ? collectionNode('sequence', at, list as PositionNode[]) : list;
  }

  /** After a quoted scalar or a flow collection: only spaces, then the end of the line or a comment. */
  private expectLineEnd(from: number, end: number): void {
    let p = from;
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p === end) return;
    if (this.text.charCodeAt(p) === HASH && p > from) return;
    decline();
  }
}

function grow(array: LineTable, capacity: number): LineTable {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}
