/**
 * Minimal rewrites of one YAML document: a graph edit changes a few fields of a policy, and the rest of its
 * text — comments, quoting, flow style, blank lines, key order — should stay as the user wrote it. The
 * document is loaded with the `yaml` package (which keeps comments and styles on its nodes), only the
 * fields that differ between the old and the new value are set, added or deleted, and the document is
 * printed again.
 *
 * The result is checked, not trusted: it must read back (with the same parser `read` uses) as exactly the
 * new value, and the untouched document must have read as exactly the old one. Otherwise `undefined`, and
 * the caller writes the document canonically instead, as it always did.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { isRecord } from '../model/clone.ts';
import { parseYamlDocument } from './parse.ts';
import { scalarText } from '../model/text.ts';

type Path = (string | number)[];

/** Structural equality of parsed YAML values (plain data: no Dates, Maps or cycles reach here). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (isRecord(a)) {
    if (!isRecord(b) || Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      // Key order is part of the text a user sees, so it is part of "the same" here.
      if (ka[i] !== kb[i] || !sameData(a[ka[i]!], b[ka[i]!])) return false;
    }
    return true;
  }
  return false;
}

/** `after`'s text made from `body` (whose value is `before`) by changing only what differs; see above. */
export function patchDocument(body: string, before: unknown, after: unknown): string | undefined {
  if (!isRecord(before) || !isRecord(after)) return undefined;
  let doc: Document;
  try {
    doc = parseDocument(body, { prettyErrors: false, uniqueKeys: true });
  } catch {
    return undefined;
  }
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  // Both parsers must agree on what the document says before one of them rewrites it.
  if (!sameData(doc.toJS({ maxAliasCount: 100 }), before)) return undefined;
  applyDifferences(doc, [], before, after);
  let text: string;
  try {
    text = doc.toString({
      lineWidth: 0,
      indent: indentOf(body),
      indentSeq: sequencesIndented(body),
      flowCollectionPadding: false,
    });
  } catch {
    return undefined;
  }
  const reread = parseYamlDocument(text);
  return reread.ok && sameData(reread.value, after) ? text : undefined;
}

function applyDifferences(doc: Document, path: Path, a: unknown, b: unknown): void {
  if (sameData(a, b)) return;
  if (isRecord(a) && isRecord(b) && !Array.isArray(a) && !Array.isArray(b) && isMap(doc.getIn(path, true))) {
    for (const key of Object.keys(a)) if (!Object.hasOwn(b, key)) doc.deleteIn([...path, key]);
    for (const key of Object.keys(b)) {
      if (Object.hasOwn(a, key)) applyDifferences(doc, [...path, key], a[key], b[key]);
      else doc.setIn([...path, key], doc.createNode(b[key]));
    }
    // Keys the edit added land last; where the new value orders keys differently, follow it.
    reorderKeys(doc, path, Object.keys(b));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && isSeq(doc.getIn(path, true))) {
    const common = Math.min(a.length, b.length);
    // One item removed from the middle (a deleted peer or rule): delete it, so the rest keep their comments.
    if (a.length === b.length + 1) {
      const i = firstDifference(a, b);
      if (sameData(a.slice(i + 1), b.slice(i))) {
        doc.deleteIn([...path, i]);
        return;
      }
    }
    for (let i = 0; i < common; i++) applyDifferences(doc, [...path, i], a[i], b[i]);
    for (let i = a.length - 1; i >= common; i--) doc.deleteIn([...path, i]);
    for (let i = common; i < b.length; i++) doc.addIn(path, doc.createNode(b[i]));
    return;
  }
  const node = doc.getIn(path, true);
  if (isScalar(node) && !isRecord(b) && !Array.isArray(b)) {
    // Keep the scalar's node (and its comments); its old quoting may not fit the new value, so reset it.
    node.value = b;
    node.type = undefined;
    return;
  }
  // A value of another kind (a scalar becoming a list): a new node, which keeps the old one's comments.
  const fresh = doc.createNode(b);
  if (node && typeof node === 'object' && 'comment' in node) {
    const old = node as { comment?: string | null; commentBefore?: string | null };
    fresh.comment = old.comment ?? null;
    fresh.commentBefore = old.commentBefore ?? null;
  }
  doc.setIn(path, fresh);
}

function firstDifference(a: unknown[], b: unknown[]): number {
  let i = 0;
  while (i < b.length && sameData(a[i], b[i])) i++;
  return i;
}

function reorderKeys(doc: Document, path: Path, order: string[]): void {
  const map = doc.getIn(path, true);
  if (!isMap(map)) return;
  const rank = new Map(order.map((k, i) => [k, i]));
  const keyOf = (pair: (typeof map.items)[number]) => scalarText(isScalar(pair.key) ? pair.key.value : pair.key);
  const sorted = [...map.items].sort((x, y) => (rank.get(keyOf(x)) ?? 0) - (rank.get(keyOf(y)) ?? 0));
  if (sorted.some((pair, i) => pair !== map.items[i])) map.items = sorted;
}

/** The document's indentation step: the smallest indentation of a line, 2 when nothing is indented. */
function indentOf(body: string): number {
  let step = Infinity;
  for (const m of body.matchAll(/^( +)[^ #\n-]/gm)) step = Math.min(step, m[1]!.length);
  return Number.isFinite(step) && step <= 8 ? step : 2;
}

/** False when the document writes sequences at their key's column (`key:\n- item`), as kubectl does. */
function sequencesIndented(body: string): boolean {
  return !/^( *)[^ #\n-][^\n]*:[ ]*\n\1- /m.test(body);
}
