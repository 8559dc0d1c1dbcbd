/**
 * How a projection crosses from the derive worker to the page without copying what the page already has.
 *
 * Reading the message is work on the page's thread (structured clone): for 1,000 policies the parsed documents are
 * most of it, and a keystroke changes one of them. So the worker sends each document's parsed value once per
 * distinct body; afterwards it sends the body alone and the page takes the value it kept for that body. Policies
 * and other objects are the documents' values (or items of a List), so they are sent as their place only. The
 * page's copy of the text is not sent back at all, nor are the documents' texts, which are slices of it (their
 * lengths say where). Likewise the graph: a node, edge or policy equal to the one with its id in the last graph
 * sent goes as that one's index in the last graph, and the page keeps its object (so unchanged items also keep
 * their identity, and the canvas skips them).
 *
 * Both sides see the same messages in the same order (the page decodes every message, stale or not, before it
 * drops it), so they agree on which bodies the page has. When the sender's table is full, both start over.
 */
import {
  sameContent,
  type GraphEdge,
  type GraphNode,
  type GraphPolicy,
  type KubeObject,
  type NetworkPolicy,
  type ObjectSource,
  type PolicyGraph,
  type SourceDocument,
} from '../../core/index.ts';
import type { Projection } from './derivation.ts';

/** Items of a graph: the item itself, or (a number) the index of the equal item in the last graph sent. */
export interface WireGraph {
  nodes: (GraphNode | number)[];
  edges: (GraphEdge | number)[];
  policies: (GraphPolicy | number)[];
}

export interface WireProjection {
  /** The projection, its graph left out (see `graph`). */
  projection: Projection;
  graph: WireGraph | null;
  /** The page drops its table of values before this message (the sender's table was full). */
  reset: boolean;
  /** Documents whose `value` was left out: the page has it, under the document's body. */
  omittedValues: number[];
  /**
   * Documents sent without their `header` and `body`, which are the text's slices before and at `startOffset`:
   * triples of the document's index, the header's length and the body's length.
   */
  sliced: number[];
  /** Policies and other objects left out: they are their document's value (or its List's item). */
  omittedPolicies: number[];
  omittedOthers: number[];
}

/** How many distinct bodies' values the page keeps, at most. */
export const WIRE_TABLE_LIMIT = 20_000;

function objectAt(documents: readonly SourceDocument[], source: ObjectSource): unknown {
  const value = documents[source.doc]?.value;
  if (source.item === undefined) return value;
  const items = (value as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? items[source.item] : undefined;
}

/** The last graph sent: its items, and each one's index by id. */
interface Sent<T> {
  items: T[];
  index: Map<string, number>;
}

const nothingSent = <T>(): Sent<T> => ({ items: [], index: new Map() });

/**
 * The items, each equal to the one with its id in the last graph sent replaced by that one's index. Unchanged
 * items of a projection made with a ProjectionMemo share their parts with the last ones, so most comparisons end at
 * references (JSON signatures of the ~4,500 items of a 1,000-policy graph took ~40 ms a keystroke).
 */
function delta<T>(items: T[], idOf: (item: T) => string, last: Sent<T>): (T | number)[] {
  const out: (T | number)[] = new Array<T | number>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const at = last.index.get(idOf(item));
    out[i] = at !== undefined && sameContent(last.items[at], item) ? at : item;
  }
  last.items = items;
  last.index.clear();
  for (let i = 0; i < items.length; i++) last.index.set(idOf(items[i]!), i);
  return out;
}

/** The graph's items again, from the wire's and the last graph's. */
function restore<T>(items: (T | number)[], last: readonly T[]): T[] {
  return items.map((item) => {
    if (typeof item !== 'number') return item;
    const kept = last[item];
    if (kept === undefined) throw new Error(`the derive worker referred to item ${item}, which the page does not have`);
    return kept;
  });
}

const nodeIdOf = (n: GraphNode) => n.id;
const edgeIdOf = (e: GraphEdge) => e.id;
const policyIdOf = (p: GraphPolicy) => p.key;

/**
 * Whether the documents' headers and bodies, in order, then the trailer, lie end to end over the whole text. The
 * split is lossless (splitText: joined, they are the text byte for byte), so then each header and body is the
 * slice of the text its offset and length say, and the page can take it from its own copy of the text.
 */
function tilesText(documents: readonly SourceDocument[], trailer: string, text: string): boolean {
  let end = 0;
  for (const doc of documents) {
    if (doc.startOffset - doc.header.length !== end) return false;
    end = doc.startOffset + doc.body.length;
  }
  return end + trailer.length === text.length;
}

export class WireSender {
  private readonly sent = new Set<string>();
  private readonly nodes = nothingSent<GraphNode>();
  private readonly edges = nothingSent<GraphEdge>();
  private readonly policies = nothingSent<GraphPolicy>();
  private readonly limit: number;

  constructor(limit = WIRE_TABLE_LIMIT) {
    this.limit = limit;
  }

  encode(projection: Projection): WireProjection {
    const { result } = projection;
    let reset = false;
    // Bodies typed over stay in the table; start over before they outnumber the live ones by far.
    const limit = Math.min(this.limit, 2 * result.documents.length + 2_000);
    if (this.sent.size + result.documents.length > limit) {
      this.sent.clear();
      reset = true;
    }
    const omittedValues: number[] = [];
    const sliced: number[] = [];
    const tiled = tilesText(result.documents, result.trailer, result.text);
    const documents = result.documents.map((doc, i) => {
      let out: SourceDocument = doc;
      if (doc.value !== undefined) {
        if (this.sent.has(doc.body)) {
          omittedValues.push(i);
          const { value: _value, ...rest } = doc;
          out = rest;
        } else this.sent.add(doc.body);
      }
      if (tiled) {
        sliced.push(i, doc.header.length, doc.body.length);
        out = { ...out, header: '', body: '' };
      }
      return out;
    });
    // A policy (other object) is left out only when it is exactly what its place in the documents holds.
    const omittedPolicies: number[] = [];
    const policies = result.policies.map((entry, i) => {
      if (objectAt(result.documents, entry.source) !== entry.policy) return entry;
      omittedPolicies.push(i);
      return { ...entry, policy: undefined as unknown as NetworkPolicy };
    });
    const omittedOthers: number[] = [];
    const others = result.others.map((other, i) => {
      if (objectAt(result.documents, other.source) !== other.object) return other;
      omittedOthers.push(i);
      return { ...other, object: undefined as unknown as KubeObject };
    });
    const graph = projection.graph
      ? {
          nodes: delta(projection.graph.nodes, nodeIdOf, this.nodes),
          edges: delta(projection.graph.edges, edgeIdOf, this.edges),
          policies: delta(projection.graph.policies, policyIdOf, this.policies),
        }
      : null;
    return {
      projection: { graph: null, result: { ...result, text: '', documents, policies, others } },
      graph,
      reset,
      omittedValues,
      sliced,
      omittedPolicies,
      omittedOthers,
    };
  }
}

export class WireReceiver {
  private readonly values = new Map<string, unknown>();
  /** The last graph received. */
  private last: PolicyGraph = { nodes: [], edges: [], policies: [] };

  /** The projection, whole again (`text` is the text that was sent to the worker). Call it for every message. */
  decode(wire: WireProjection, text: string): Projection {
    if (wire.reset) this.values.clear();
    const { result } = wire.projection;
    for (let k = 0; k < wire.sliced.length; k += 3) {
      const doc = result.documents[wire.sliced[k]!]!;
      const at = doc.startOffset;
      if (at + wire.sliced[k + 2]! > text.length) throw new Error('the derive worker read another text than this one');
      doc.header = text.slice(at - wire.sliced[k + 1]!, at);
      doc.body = text.slice(at, at + wire.sliced[k + 2]!);
    }
    const omitted = new Set(wire.omittedValues);
    result.documents.forEach((doc, i) => {
      if (omitted.has(i)) doc.value = this.values.get(doc.body);
      else if (doc.value !== undefined) this.values.set(doc.body, doc.value);
    });
    for (const i of wire.omittedPolicies) {
      const entry = result.policies[i]!;
      entry.policy = objectAt(result.documents, entry.source) as NetworkPolicy;
    }
    for (const i of wire.omittedOthers) {
      const other = result.others[i]!;
      other.object = objectAt(result.documents, other.source) as KubeObject;
    }
    result.text = text;
    const graph: PolicyGraph | null = wire.graph
      ? {
          nodes: restore(wire.graph.nodes, this.last.nodes),
          edges: restore(wire.graph.edges, this.last.edges),
          policies: restore(wire.graph.policies, this.last.policies),
        }
      : null;
    if (graph) this.last = graph;
    return { result, graph };
  }
}
