/**
 * How a projection crosses from the derive worker to the page without copying what the page already has.
 *
 * Reading the message is work on the page's thread (structured clone): for 1,000 policies the parsed documents are
 * most of it, and a keystroke changes one of them. So the worker sends each document's parsed value once per
 * distinct body; afterwards it sends the body alone and the page takes the value it kept for that body. Policies
 * and other objects are the documents' values (or items of a List), so they are sent as their place only. The
 * page's copy of the text is not sent back at all. Likewise the graph: a node, edge or policy equal to the one
 * with its id in the last graph sent goes as its id, and the page keeps its object (so unchanged items also keep
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

/** Items of a graph: the item itself, or (a string) the id of the equal item in the last graph sent. */
export interface WireGraph {
  nodes: (GraphNode | string)[];
  edges: (GraphEdge | string)[];
  policies: (GraphPolicy | string)[];
}

export interface WireProjection {
  /** The projection, its graph left out (see `graph`). */
  projection: Projection;
  graph: WireGraph | null;
  /** The page drops its table of values before this message (the sender's table was full). */
  reset: boolean;
  /** Documents whose `value` was left out: the page has it, under the document's body. */
  omittedValues: number[];
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

/** The last graph sent, item by id. */
type Sent<T> = Map<string, T>;

/**
 * The items, each equal to the one with its id in the last graph sent replaced by that id. Unchanged items of a
 * projection made with a ProjectionMemo share their parts with the last ones, so most comparisons end at
 * references (JSON signatures of the ~4,500 items of a 1,000-policy graph took ~40 ms a keystroke).
 */
function delta<T>(items: T[], idOf: (item: T) => string, last: Sent<T>): (T | string)[] {
  const out = items.map((item) => {
    const id = idOf(item);
    return sameContent(last.get(id), item) ? id : item;
  });
  last.clear();
  for (const item of items) last.set(idOf(item), item);
  return out;
}

function restore<T>(items: (T | string)[], idOf: (item: T) => string, last: Map<string, T>): T[] {
  const out = items.map((item) => {
    if (typeof item !== 'string') return item;
    const kept = last.get(item);
    if (!kept) throw new Error(`the derive worker referred to ${item}, which the page does not have`);
    return kept;
  });
  last.clear();
  for (const item of out) last.set(idOf(item), item);
  return out;
}

const nodeIdOf = (n: GraphNode) => n.id;
const edgeIdOf = (e: GraphEdge) => e.id;
const policyIdOf = (p: GraphPolicy) => p.key;

export class WireSender {
  private readonly sent = new Set<string>();
  private readonly nodes: Sent<GraphNode> = new Map();
  private readonly edges: Sent<GraphEdge> = new Map();
  private readonly policies: Sent<GraphPolicy> = new Map();
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
    const documents = result.documents.map((doc, i) => {
      if (doc.value === undefined) return doc;
      if (this.sent.has(doc.body)) {
        omittedValues.push(i);
        const { value: _value, ...rest } = doc;
        return rest;
      }
      this.sent.add(doc.body);
      return doc;
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
      omittedPolicies,
      omittedOthers,
    };
  }
}

export class WireReceiver {
  private readonly values = new Map<string, unknown>();
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();
  private readonly policies = new Map<string, GraphPolicy>();

  /** The projection, whole again (`text` is the text that was sent to the worker). Call it for every message. */
  decode(wire: WireProjection, text: string): Projection {
    if (wire.reset) this.values.clear();
    const { result } = wire.projection;
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
          nodes: restore(wire.graph.nodes, nodeIdOf, this.nodes),
          edges: restore(wire.graph.edges, edgeIdOf, this.edges),
          policies: restore(wire.graph.policies, policyIdOf, this.policies),
        }
      : null;
    return { result, graph };
  }
}
