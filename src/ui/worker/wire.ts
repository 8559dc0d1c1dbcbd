/**
 * How a projection crosses from the derive worker to the page without copying what the page already has.
 *
 * Reading the message is work on the page's thread (structured clone): for 1,000 policies the parsed documents are
 * most of it, and a keystroke changes one of them. So the worker sends each document's parsed value once per
 * distinct body; afterwards it sends the body alone and the page takes the value it kept for that body. Policies
 * and other objects are the documents' values (or items of a List), so they are sent as their place only. The
 * page's copy of the text is not sent back at all.
 *
 * Both sides see the same messages in the same order (the page decodes every message, stale or not, before it
 * drops it), so they agree on which bodies the page has. When the sender's table is full, both start over.
 */
import type { KubeObject, NetworkPolicy, ObjectSource, SourceDocument } from '../../core/index.ts';
import type { Projection } from './derivation.ts';

export interface WireProjection {
  projection: Projection;
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

export class WireSender {
  private readonly sent = new Set<string>();
  private readonly limit: number;

  constructor(limit = WIRE_TABLE_LIMIT) {
    this.limit = limit;
  }

  encode(projection: Projection): WireProjection {
    const { result } = projection;
    let reset = false;
    if (this.sent.size + result.documents.length > this.limit) {
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
    return {
      projection: { ...projection, result: { ...result, text: '', documents, policies, others } },
      reset,
      omittedValues,
      omittedPolicies,
      omittedOthers,
    };
  }
}

export class WireReceiver {
  private readonly values = new Map<string, unknown>();

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
    return wire.projection;
  }
}
