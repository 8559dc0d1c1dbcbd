/**
 * Single connection queries with reasons: is `src → dst` (on a port) allowed, and which policies and rules
 * decide it. The same semantics as the connlist engine (§3.2): the source's egress AND the destination's
 * ingress; each side is either not isolated (everything allowed), or isolated by named policies and allowed
 * only by the listed rules (`ns/name spec.ingress[0].from[1]`).
 */
import { parseIp } from '../model/cidr.ts';
import { NAMESPACE_NAME_LABEL, namespaceOrDefault } from '../model/normalize.ts';
import type { ContainerPort, Direction, FieldPath, Protocol, WorkloadInfo } from '../model/types.ts';
import { workloadId } from './connectivity.ts';
import { describeAdminRule, type AdminTier } from '../model/admin.ts';
import { tieredAllows, type AdminOther } from './admin.ts';
import {
  buildModel,
  ipSetContains,
  peerMatchesClass,
  policySelectsClass,
  portsOnDestination,
  rulePeerPath,
  type AnalysisInput,
  type AnalysisOptions,
  type IpSet,
  type Model,
  type NormPeer,
  type NormRule,
  type PodClass,
} from './model.ts';
import {
  ALL_CONNECTIONS,
  allowsPort,
  connectionsOf,
  formatConnections,
  intersectConnections,
  isEmptyConnections,
  NO_CONNECTIONS,
  unionConnections,
  type ConnectionSet,
} from '../model/portset.ts';

/** One end of a connection. */
export type Endpoint =
  /** A pod described by its labels (a workload, or a hypothetical pod). */
  | {
      kind: 'pod';
      namespace: string;
      labels: Record<string, string>;
      /** Labels of its namespace; default: the inventory's, else only `kubernetes.io/metadata.name`. */
      namespaceLabels?: Record<string, string>;
      /** Container ports, for named ports when this is the destination. */
      ports?: ContainerPort[];
      ips?: string[];
      hostNetwork?: boolean;
      /** Display name; also identifies the pod for loopback (same name = same pod). */
      name?: string;
    }
  | { kind: 'ip'; ip: string }
  /** The node the other end (a pod) runs on: ingress from a pod's own node is always allowed (§3.8). */
  | { kind: 'node' };

export type PodEndpoint = Extract<Endpoint, { kind: 'pod' }>;

export const endpointOfWorkload = (w: WorkloadInfo): PodEndpoint => ({
  kind: 'pod',
  namespace: w.namespace,
  labels: w.labels,
  ports: w.ports,
  ips: w.ips,
  hostNetwork: w.hostNetwork,
  name: workloadId(w),
});

export function describeEndpoint(e: Endpoint): string {
  switch (e.kind) {
    case 'ip':
      return e.ip;
    case 'node':
      return 'the pod’s node';
    case 'pod': {
      if (e.name) return e.name;
      const labels = Object.entries(e.labels).map(([k, v]) => `${k}=${v}`);
      return `${e.namespace}/[${labels.join(',') || 'any pod'}]`;
    }
  }
}

/** A rule that matches the other end, and what it allows (its ports, resolved on the destination). */
export interface RuleMatch {
  policy: string;
  /** `ns/name spec.ingress[0].from[1]` (no peer index when the rule has no peers). */
  path: string;
  /** The peer (or the rule, when it has no peers) in the policy's object, for positioning (locateExplanation). */
  field: FieldPath;
  conns: ConnectionSet;
  /** Where `field` is in the document (1-based), once located by `locateExplanation`. */
  line?: number;
  column?: number;
}

export interface DirectionExplanation {
  direction: Direction;
  /** The end whose policies decide this direction (the destination for ingress, the source for egress). */
  subject: string;
  /** False when that end is not a pod (an external address or a node): no NetworkPolicy governs it. */
  governed: boolean;
  isolated: boolean;
  /** Keys of the policies that select the subject and have this direction in their effective policyTypes. */
  isolatingPolicies: string[];
  /** Rules of those policies that match the other end (with the queried port, when one is given). */
  allowedBy: RuleMatch[];
  /** Rules that match the other end but not the queried port. */
  matchedPeerOnly: RuleMatch[];
  /** Everything this direction allows between the two ends. */
  conns: ConnectionSet;
  allowed: boolean;
  reason: string;
  /** With ClusterNetworkPolicies (or ANP/BANP): the tier rules that decided part of this direction, in order. */
  tierDecisions?: TierDecision[];
  /** With a port: the rule that decides it, `cnp/x ingress[1] (Admin, priority 10): Deny`, or the NetworkPolicy / default. */
  decidedBy?: string;
  /** Where each of `isolatingPolicies` selects the subject (its spec.podSelector), once located. */
  isolatingAt?: SourcePosition[];
}

/** A place in the document an explanation points at (1-based, as diagnostics). */
export interface SourcePosition {
  policy: string;
  line: number;
  column: number;
}

/** One ClusterNetworkPolicy (ANP, BANP) rule's share of a direction's verdict. */
export interface TierDecision {
  /** `cnp/x ingress[1] (Admin, priority 10)` */
  rule: string;
  /** The rule's path, as the graph's rule refs start: `cnp/x spec.ingress[1]`. */
  path: string;
  /** The policy's key (`cnp/x`) and the rule in its object, for positioning. */
  policy: string;
  field: FieldPath;
  tier: AdminTier;
  /** As written: `Accept`, `Allow`, `Deny`, `Pass`. */
  action: string;
  conns: ConnectionSet;
  line?: number;
  column?: number;
}

export interface ConnectionQuery {
  port?: number;
  protocol?: Protocol;
}

export interface ConnectionExplanation {
  src: string;
  dst: string;
  port?: number;
  protocol?: Protocol;
  allowed: boolean;
  /** End to end: egress ∩ ingress (everything, for loopback). */
  conns: ConnectionSet;
  loopback: boolean;
  egress: DirectionExplanation;
  ingress: DirectionExplanation;
  /** One or two sentences. */
  summary: string;
}

export interface ExplainOptions extends AnalysisOptions {
  /**
   * A pod can always reach itself (docs: "a pod cannot block access to itself"); default true. False decides
   * loopback by policy, as old cyclonus probe tables did.
   */
  loopbackAlwaysAllowed?: boolean;
}

export const asModel = (input: AnalysisInput | Model, options: AnalysisOptions = {}): Model =>
  'classes' in input ? input : buildModel(input, options);

function podClassOf(model: Model, e: PodEndpoint): PodClass {
  const nsLabels = e.namespaceLabels
    ? { [NAMESPACE_NAME_LABEL]: e.namespace, ...e.namespaceLabels }
    : (model.namespaces.get(e.namespace) ?? { [NAMESPACE_NAME_LABEL]: e.namespace });
  return {
    id: -1,
    namespace: e.namespace,
    nsLabels,
    labels: e.labels,
    ports: e.ports ?? [],
    hostNetwork: e.hostNetwork ?? false,
    ips: ipSetOf(e.ips ?? []),
    members: [],
  };
}

function ipSetOf(ips: readonly string[]): IpSet {
  const set: IpSet = { v4: [], v6: [] };
  for (const s of ips) {
    const ip = parseIp(s);
    if (ip) (ip.family === 4 ? set.v4 : set.v6).push([ip.value, ip.value]);
  }
  return set;
}

/** The peer of a rule that matches the other end: a NormPeer, `'all'` for a rule with no peers, or undefined. */
function matchingPeer(
  model: Model,
  rule: NormRule,
  other: Endpoint,
  otherClass: PodClass | undefined,
): NormPeer | 'all' | undefined {
  if (!rule.peers) return 'all';
  for (const peer of rule.peers) {
    if (otherClass) {
      if (peerMatchesClass(model, peer, rule.policy.namespace, otherClass)) return peer;
    } else if (other.kind === 'ip' && peer.kind === 'ipBlock') {
      const ip = parseIp(other.ip);
      if (ip && ipSetContains(peer.ips, ip.family, ip.value)) return peer;
    }
  }
  return undefined;
}

const list = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

function explainNpDirection(
  model: Model,
  direction: Direction,
  subject: Endpoint,
  other: Endpoint,
  dstPorts: ContainerPort[] | undefined,
  query: ConnectionQuery,
): DirectionExplanation {
  const subjectName = describeEndpoint(subject);
  const otherName = describeEndpoint(other);
  const wanted =
    query.port !== undefined ? connectionsOf(query.protocol ?? 'TCP', query.port, query.port) : ALL_CONNECTIONS;
  const what = query.port !== undefined ? `${query.protocol ?? 'TCP'} ${query.port}` : 'any port';
  const base = { direction, subject: subjectName, allowedBy: [], matchedPeerOnly: [], isolatingPolicies: [] };
  if (subject.kind !== 'pod') {
    const reason =
      direction === 'ingress' && subject.kind === 'node'
        ? `${subjectName} is not a pod: no NetworkPolicy governs its ingress.`
        : `${subjectName} is not a pod: no NetworkPolicy governs its ${direction}.`;
    return { ...base, governed: false, isolated: false, conns: ALL_CONNECTIONS, allowed: true, reason };
  }
  const subjectClass = podClassOf(model, subject);
  const otherClass = other.kind === 'pod' ? podClassOf(model, other) : undefined;
  const policies = (model.policiesByNamespace.get(subjectClass.namespace) ?? [])
    .map((k) => model.policies[k]!)
    .filter(
      (p) =>
        (direction === 'ingress' ? p.isolatesIngress : p.isolatesEgress) && policySelectsClass(model, p, subjectClass),
    );
  if (policies.length === 0) {
    const hostNet = subjectClass.hostNetwork && model.options.hostNetworkMode === 'asNode';
    const reason = hostNet
      ? `${subjectName} uses the host network, which NetworkPolicies do not select, so its ${direction} is not restricted.`
      : `${subjectName} is not isolated for ${direction} (no NetworkPolicy with ${direction === 'ingress' ? 'Ingress' : 'Egress'} in its policyTypes selects it), so all ${direction} is allowed.`;
    return { ...base, governed: true, isolated: false, conns: ALL_CONNECTIONS, allowed: true, reason };
  }
  // Ingress from the pod's own node is always allowed (kubelet probes rely on it).
  if (direction === 'ingress' && other.kind === 'node') {
    return {
      ...base,
      governed: true,
      isolated: true,
      isolatingPolicies: policies.map((p) => p.key),
      conns: ALL_CONNECTIONS,
      allowed: true,
      reason: `${subjectName} is isolated for ingress, but traffic from its own node is always allowed.`,
    };
  }
  const allowedBy: RuleMatch[] = [];
  const matchedPeerOnly: RuleMatch[] = [];
  let conns = NO_CONNECTIONS;
  for (const p of policies)
    for (const rule of direction === 'ingress' ? p.ingress : p.egress) {
      const peer = matchingPeer(model, rule, other, otherClass);
      if (!peer) continue;
      const ruleConns = portsOnDestination(rule, dstPorts);
      const m: RuleMatch = {
        policy: p.key,
        path: rulePeerPath(rule, peer === 'all' ? undefined : peer),
        field: [
          'spec',
          direction,
          rule.index,
          ...(peer === 'all' ? [] : [direction === 'ingress' ? 'from' : 'to', peer.index]),
        ],
        conns: ruleConns,
      };
      if (isEmptyConnections(intersectConnections(ruleConns, wanted))) matchedPeerOnly.push(m);
      else allowedBy.push(m);
      conns = unionConnections(conns, ruleConns);
    }
  const isolating = policies.map((p) => p.key);
  const allowed = allowedBy.length > 0;
  const by = `isolated for ${direction} by ${list(isolating)}`;
  let reason: string;
  if (allowed)
    reason = `${subjectName} is ${by}; ${otherName}${query.port !== undefined ? ` on ${what}` : ''} is allowed by ${list(
      allowedBy.map((m) => `${m.path} (${formatConnections(intersectConnections(m.conns, wanted))})`),
    )}.`;
  else {
    reason = `${subjectName} is ${by}, and no ${direction} rule of ${policies.length > 1 ? 'these policies' : 'that policy'} allows ${otherName} on ${what}.`;
    if (matchedPeerOnly.length)
      reason += ` ${list(matchedPeerOnly.map((m) => m.path))} match${matchedPeerOnly.length > 1 ? '' : 'es'} ${otherName} but only allow${
        matchedPeerOnly.length > 1 ? '' : 's'
      } ${formatConnections(matchedPeerOnly.reduce((a, m) => unionConnections(a, m.conns), NO_CONNECTIONS))}.`;
  }
  return {
    ...base,
    governed: true,
    isolated: true,
    isolatingPolicies: isolating,
    allowedBy,
    matchedPeerOnly,
    conns,
    allowed,
    reason,
  };
}

/**
 * One direction with the tiers (admin-network-policy.md §4.1): the Admin tier's first matching rules, then the
 * NetworkPolicies (explainNpDirection) for what the Admin tier passed or did not match, then the Baseline tier.
 */
function explainDirection(
  model: Model,
  direction: Direction,
  subject: Endpoint,
  other: Endpoint,
  dstPorts: ContainerPort[] | undefined,
  query: ConnectionQuery,
): DirectionExplanation {
  const np = explainNpDirection(model, direction, subject, other, dstPorts, query);
  if (!model.admin.any || subject.kind !== 'pod' || other.kind === 'node') return np;
  const subjectClass = podClassOf(model, subject);
  let otherAdmin: AdminOther;
  if (other.kind === 'pod') otherAdmin = { kind: 'class', c: podClassOf(model, other) };
  else {
    const ip = parseIp(other.ip);
    if (!ip) return np;
    otherAdmin = { kind: 'ip', family: ip.family, first: ip.value, last: ip.value };
  }
  const t = tieredAllows(
    model.admin,
    model.options,
    direction,
    subjectClass,
    otherAdmin,
    other.kind === 'pod' || direction === 'ingress' ? dstPorts : undefined,
    np.isolated ? np.conns : null,
    true,
  );
  if (t.admin.length === 0 && t.baseline.length === 0) return np;
  const wanted =
    query.port !== undefined ? connectionsOf(query.protocol ?? 'TCP', query.port, query.port) : ALL_CONNECTIONS;
  const decisions: TierDecision[] = [...t.admin, ...t.baseline]
    .filter((d) => !isEmptyConnections(intersectConnections(d.conns, wanted)))
    .map((d) => ({
      rule: describeAdminRule(d.rule),
      path: d.rule.path,
      policy: d.rule.policy.key,
      field: ['spec', d.rule.direction, d.rule.index],
      tier: d.rule.policy.tier,
      action: d.rule.writtenAction,
      conns: d.conns,
    }));
  const allowed =
    query.port !== undefined
      ? allowsPort(t.allowed, query.port, query.protocol ?? 'TCP')
      : !isEmptyConnections(t.allowed);
  const subjectName = describeEndpoint(subject);
  let decidedBy: string | undefined;
  let reason: string;
  if (query.port !== undefined) {
    const admin = decisions.find((d) => d.tier === 'Admin');
    const base = decisions.find((d) => d.tier === 'Baseline');
    if (admin && admin.action !== 'Pass') {
      decidedBy = `${admin.rule}: ${admin.action}`;
      reason = `${decidedBy} decides ${subjectName}'s ${direction}; no NetworkPolicy or Baseline rule is consulted.`;
    } else {
      const passed = admin ? `${admin.rule}: Pass hands it to the NetworkPolicies. ` : '';
      if (np.isolated) {
        decidedBy = 'NetworkPolicy';
        reason = `${passed}${np.reason}`;
      } else if (base && base.action !== 'Pass') {
        decidedBy = `${base.rule}: ${base.action}`;
        reason = `${passed}No NetworkPolicy isolates ${subjectName} for ${direction}; ${decidedBy} decides.`;
      } else {
        decidedBy = 'default';
        reason = `${passed}${base ? `${base.rule}: Pass. ` : ''}No tier decides ${subjectName}'s ${direction}: allowed by default.`;
      }
    }
  } else {
    const parts = decisions.map((d) => `${d.rule}: ${d.action} (${formatConnections(d.conns)})`);
    reason = `${parts.join('; ')}. ${np.isolated ? `The rest: ${np.reason}` : `Anything else is allowed by default.`}`;
  }
  return { ...np, conns: t.allowed, allowed, reason, tierDecisions: decisions, ...(decidedBy ? { decidedBy } : {}) };
}

const samePod = (a: Endpoint, b: Endpoint): boolean =>
  a.kind === 'pod' && b.kind === 'pod' && !!a.name && a.name === b.name && a.namespace === b.namespace;

/** Explains whether `src → dst` is allowed (on `query.port`/`query.protocol`, or at all) and why. */
export function explainConnection(
  input: AnalysisInput | Model,
  src: Endpoint,
  dst: Endpoint,
  query: ConnectionQuery = {},
  options: ExplainOptions = {},
): ConnectionExplanation {
  const model = asModel(input, options);
  const dstPorts = dst.kind === 'pod' ? (dst.ports ?? []) : undefined;
  const egress = explainDirection(model, 'egress', src, dst, dstPorts, query);
  const ingress = explainDirection(model, 'ingress', dst, src, dstPorts, query);
  const loopback = (options.loopbackAlwaysAllowed ?? true) && samePod(src, dst);
  const conns = loopback ? ALL_CONNECTIONS : intersectConnections(egress.conns, ingress.conns);
  const allowed =
    query.port !== undefined ? allowsPort(conns, query.port, query.protocol ?? 'TCP') : !isEmptyConnections(conns);
  const srcName = describeEndpoint(src);
  const dstName = describeEndpoint(dst);
  const what = query.port !== undefined ? ` on ${query.protocol ?? 'TCP'} ${query.port}` : '';
  let summary: string;
  if (loopback) summary = `${srcName} → ${dstName}${what} is allowed: a pod can always reach itself.`;
  else if (allowed)
    summary = `${srcName} → ${dstName}${what} is allowed${query.port === undefined ? ` (${formatConnections(conns)})` : ''}. ${egress.reason} ${ingress.reason}`;
  else {
    const blocking = [egress, ingress].filter((d) => !d.allowed);
    summary =
      blocking.length > 0
        ? `${srcName} → ${dstName}${what} is denied. ${blocking.map((d) => d.reason).join(' ')}`
        : `${srcName} → ${dstName}${what} is denied: egress allows ${formatConnections(egress.conns)} and ingress allows ${formatConnections(ingress.conns)}, which do not overlap. ${egress.reason} ${ingress.reason}`;
  }
  return {
    src: srcName,
    dst: dstName,
    ...(query.port !== undefined ? { port: query.port, protocol: query.protocol ?? 'TCP' } : {}),
    allowed,
    conns,
    loopback,
    egress,
    ingress,
    summary,
  };
}

/** Whether `src → dst` on `port`/`protocol` is allowed. */
export function connectionAllowed(
  input: AnalysisInput | Model,
  src: Endpoint,
  dst: Endpoint,
  port: number,
  protocol: Protocol = 'TCP',
  options: ExplainOptions = {},
): boolean {
  return explainConnection(input, src, dst, { port, protocol }, options).allowed;
}

/**
 * Finds an endpoint by text: an IP address, `ns/name[Kind]`, `ns/name` (a workload of any kind), or `name`
 * (namespace `default`). Returns an error message when nothing or more than one workload matches.
 */
export function resolveEndpoint(input: AnalysisInput | Model, text: string): Endpoint | { error: string } {
  const t = text.trim();
  if (parseIp(t)) return { kind: 'ip', ip: t };
  const model = asModel(input);
  const m = /^(?:([^/[\]]+)\/)?([^/[\]]+)(?:\[([^\]]+)\])?$/.exec(t);
  if (!m) return { error: `"${text}" is not an IP address, ns/name or ns/name[Kind]` };
  const ns = namespaceOrDefault(m[1]);
  const name = m[2]!;
  const kind = m[3];
  const found = model.workloads.filter((w) => w.namespace === ns && w.name === name && (!kind || w.kind === kind));
  if (found.length === 0) return { error: `no workload ${ns}/${name}${kind ? `[${kind}]` : ''} in the input` };
  if (found.length > 1)
    return { error: `${ns}/${name} is ambiguous: ${found.map((w) => workloadId(w)).join(', ')} (add [Kind])` };
  return endpointOfWorkload(found[0]!);
}
