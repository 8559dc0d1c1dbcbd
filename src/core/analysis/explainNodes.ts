/**
 * `explain` between two nodes of the designer's graph (the canvas), and the positions of what decides.
 *
 * A graph node is not one pod: it stands for every pod its selector matches (or an address range). The
 * explanation is given for one representative endpoint of each node, chosen as the edge annotation chooses
 * them (annotate.ts `representatives`): a workload of the document's inventory the node stands for, else a pod
 * synthesised from the policies' selectors (synthesize.ts), with the fewest labels (the pod the selector alone
 * describes: "a pod matching app=web in namespace shop"); an ipBlock by its first address, `anywhere` by an
 * external address. How many kinds of pods the node stands for is reported, since another may be decided
 * differently. A node to itself asks about two pods alike (not a pod to itself, which is always allowed). The
 * verdict and its reasons are explainConnection's, the same as `netpol explain`.
 */
import type { NodeRef } from '../graph/types.ts';
import type { FieldPath, ObjectSource, ReadResult } from '../model/types.ts';
import { fieldLocator } from '../read/read.ts';
import { representatives, representativeModel, type Rep } from './annotate.ts';
import type { Model } from './model.ts';
import {
  explainConnection,
  type ConnectionExplanation,
  type ConnectionQuery,
  type DirectionExplanation,
  type Endpoint,
  type ExplainOptions,
} from './explain.ts';

/** One end of a node-to-node explanation. */
export interface ExplainedEnd {
  /** In words: `a pod matching app=web in namespace shop`, `shop/web (Deployment)`, `203.0.113.1 (anywhere)`. */
  description: string;
  endpoint: Endpoint;
  /** True when the pod is made up from the policies' selectors (no workload of the document stands for the node). */
  synthesized: boolean;
  /** How many kinds of pods (pod classes) or addresses the node stands for; the explanation is for one of them. */
  candidates: number;
}

export interface NodeExplanation {
  from: ExplainedEnd;
  to: ExplainedEnd;
  /** explainConnection's answer, with every deciding rule and isolating policy located (locateExplanation). */
  explanation: ConnectionExplanation;
}

const labelText = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

function describeRep(rep: Rep, ref: NodeRef, synthesized: boolean): string {
  const e = rep.endpoint;
  if (e.kind === 'ip') {
    if (ref.kind === 'anywhere') return `${e.ip}, an external address (anywhere)`;
    if (ref.kind === 'ipBlock') return `${e.ip}, an address in ${ref.cidr}`;
    return e.ip;
  }
  if (e.kind !== 'pod') return 'a node';
  if (!synthesized) return e.name ?? `a pod in namespace ${e.namespace}`;
  // The namespace's own name label is implied by "in namespace"; other labels are shown as matched.
  const labels = labelText(e.labels);
  return labels ? `a pod matching ${labels} in namespace ${e.namespace}` : `any pod in namespace ${e.namespace}`;
}

/**
 * The representative model of a read, kept while the read lives: the designer asks several questions of one
 * document (other nodes, another port), and building the model is most of the cost (about 0.3 s for 2,000 policies).
 */
const models = new WeakMap<ReadResult, { options: string; model: Model }>();

function modelOf(result: ReadResult, options: ExplainOptions): Model {
  const key = JSON.stringify(options);
  const hit = models.get(result);
  if (hit && hit.options === key) return hit.model;
  const model = representativeModel(result.policies, result.inventory, {
    ...options,
    adminPolicies: result.adminPolicies,
  });
  models.set(result, { options: key, model });
  return model;
}

/**
 * Explains `src → dst` between two graph nodes (on `query.port`, or every connection), for one representative
 * endpoint of each. An error (not thrown) when a node stands for nothing (an unparsable cidr, an unsatisfiable
 * selector).
 */
export function explainNodes(
  result: ReadResult,
  src: NodeRef,
  dst: NodeRef,
  query: ConnectionQuery = {},
  options: ExplainOptions = {},
): NodeExplanation | { error: string } {
  const model = modelOf(result, options);
  const real = new Set(result.inventory.workloads.map((w) => `${w.namespace}\u0000${w.kind}\u0000${w.name}`));
  const isSynthesized = (rep: Rep): boolean => {
    if (rep.kind !== 'class') return false;
    const w = model.workloads[model.classes[rep.classId]!.members[0]!]!;
    return !real.has(`${w.namespace}\u0000${w.kind}\u0000${w.name}`);
  };
  const labelCount = (rep: Rep): number => (rep.endpoint.kind === 'pod' ? Object.keys(rep.endpoint.labels).length : 0);
  // The document's workloads first, then the pod with the fewest labels (the one the selector alone describes).
  const ordered = (ref: NodeRef): Rep[] =>
    representatives(model, ref)
      .map((rep, i) => ({ rep, i, synthesized: isSynthesized(rep) }))
      .sort((a, b) => +a.synthesized - +b.synthesized || labelCount(a.rep) - labelCount(b.rep) || a.i - b.i)
      .map((x) => x.rep);
  const srcReps = ordered(src);
  const dstReps = ordered(dst);
  if (srcReps.length === 0) return { error: 'the source stands for no pod or address (check its selector or cidr)' };
  if (dstReps.length === 0)
    return { error: 'the destination stands for no pod or address (check its selector or cidr)' };
  // A pod to itself is always allowed (loopback) and says nothing about the policies: prefer two distinct pods.
  const single = (r: Rep) => r.kind === 'class' && model.classes[r.classId]!.members.length < 2;
  let pair: [Rep, Rep] = [srcReps[0]!, dstReps[0]!];
  search: for (const s of srcReps)
    for (const d of dstReps)
      if (!(s.kind === 'class' && d.kind === 'class' && s.classId === d.classId && single(s))) {
        pair = [s, d];
        break search;
      }
  const end = (rep: Rep, ref: NodeRef, candidates: number): ExplainedEnd => {
    const synthesized = isSynthesized(rep);
    const description = describeRep(rep, ref, synthesized);
    // A made-up pod is named in the reasons as what it is ("a pod matching app=web in namespace shop"), not by
    // its placeholder workload name; the description is as unique as the pod, so loopback is still recognised.
    const endpoint: Endpoint =
      synthesized && rep.endpoint.kind === 'pod' ? { ...rep.endpoint, name: description } : rep.endpoint;
    return { description, endpoint, synthesized, candidates };
  };
  const from = end(pair[0], src, srcReps.length);
  let to = end(pair[1], dst, dstReps.length);
  // Only one pod for both ends (a node to itself): ask about two pods alike, which policies do decide, rather
  // than a pod to itself (loopback, always allowed).
  if (from.endpoint.kind === 'pod' && to.endpoint.kind === 'pod' && from.endpoint.name === to.endpoint.name) {
    const description = `another pod like ${from.description}`;
    to = { ...to, description, endpoint: { ...to.endpoint, name: description } };
  }
  const x = explainConnection(model, from.endpoint, to.endpoint, query, options);
  return { from, to, explanation: locateExplanation(result, x) };
}

/**
 * The explanation with a document position on every rule it names (the peer that matched, or the tier rule)
 * and on every isolating policy (its spec.podSelector), so a reader can go to the line. Policies not read from
 * `result` are left without one.
 */
export function locateExplanation(result: ReadResult, x: ConnectionExplanation): ConnectionExplanation {
  const locate = fieldLocator(result);
  const sources = new Map<string, ObjectSource>();
  for (const p of result.policies) sources.set(`np\u0000${p.key}`, p.source);
  for (const p of result.adminPolicies) sources.set(`admin\u0000${p.key}`, p.source);
  const at = (kind: 'np' | 'admin', policy: string, field: FieldPath) => {
    const source = sources.get(`${kind}\u0000${policy}`);
    return source ? locate(source, field) : undefined;
  };
  const direction = (d: DirectionExplanation): DirectionExplanation => {
    const rule = <T extends { policy: string; field: FieldPath }>(m: T): T => ({
      ...m,
      ...at('np', m.policy, m.field),
    });
    const isolatingAt = d.isolatingPolicies.flatMap((policy) => {
      const p = at('np', policy, ['spec', 'podSelector']);
      return p ? [{ policy, ...p }] : [];
    });
    return {
      ...d,
      allowedBy: d.allowedBy.map(rule),
      matchedPeerOnly: d.matchedPeerOnly.map(rule),
      isolatingAt,
      ...(d.tierDecisions
        ? { tierDecisions: d.tierDecisions.map((t) => ({ ...t, ...at('admin', t.policy, t.field) })) }
        : {}),
    };
  };
  return { ...x, egress: direction(x.egress), ingress: direction(x.ingress) };
}
