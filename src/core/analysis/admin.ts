/**
 * The cluster-scoped tiers in the connectivity engine (admin-network-policy.md §4). Per direction and per
 * connection (protocol, port), for the pod whose policies decide that direction (the source for egress, the
 * destination for ingress):
 *
 *   Admin tier (ClusterNetworkPolicy tier Admin, AdminNetworkPolicy) by priority, then rule order: the first rule
 *     whose peer and ports match decides; Accept (v1alpha1 Allow) allows, Deny denies, Pass leaves the tier;
 *   NetworkPolicies: if any selects the pod for the direction, it decides (allowed iff some rule allows);
 *   Baseline tier (ClusterNetworkPolicy tier Baseline, the BaselineAdminNetworkPolicy) likewise; Pass → default;
 *   default: allowed.
 *
 * Conventions (np-guard's, conformance.md §6, so `netpol analyze` reproduces its connlists): `networks` peers
 * match external addresses only, never pods (unless `ipBlockMatchesPods`, the API's own reading); IPv6 `networks`,
 * `nodes` and `domainNames` peers match nothing (they cannot be decided from manifests) and are reported by
 * `undecidableAdminPeers`; named ports resolve on the destination pod with that container port's protocol and
 * never match an external address; a peer with no known field fails closed (§4.4): it matches nothing in an
 * Accept rule and everything in a Deny or Pass rule. Equal priorities keep input order (the API leaves it
 * undefined; lint reports overlaps).
 */
import type { IpFamily } from '../model/cidr.ts';
import {
  compareAdminPolicies,
  normalizeAdminEntry,
  type AdminAction,
  type AdminPeer,
  type AdminPolicy,
  type AdminPolicyEntry,
  type AdminRule,
  type AdminTier,
} from '../model/admin.ts';
import {
  ALL_CONNECTIONS,
  connectionsOf,
  intersectConnections,
  isEmptyConnections,
  NO_CONNECTIONS,
  subtractConnections,
  unionConnections,
  type ConnectionSet,
} from '../model/portset.ts';
import { selectorMatches } from '../model/selector.ts';
import type { ContainerPort, Diagnostic, Direction, Finding, ObjectSource, ReadResult } from '../model/types.ts';
import { adminPeerPath } from '../model/admin.ts';
import { positionFindings } from '../read/read.ts';
import type { IpSet, PodClass, ResolvedOptions } from './model.ts';

export interface AdminModel {
  /** Admin tier, in evaluation order. */
  admin: AdminPolicy[];
  /** Baseline tier, in evaluation order. */
  baseline: AdminPolicy[];
  any: boolean;
  /** Per tier and direction: class id → the rules that apply to it, in evaluation order (lazy). */
  rulesCache: Map<string, AdminRule[]>;
}

export function buildAdminModel(entries: readonly (AdminPolicyEntry | AdminPolicy)[] | undefined): AdminModel {
  const all = (entries ?? []).map((e, i) => ('tier' in e ? e : normalizeAdminEntry(e, i)));
  const admin = all.filter((p) => p.tier === 'Admin').sort(compareAdminPolicies);
  const baseline = all.filter((p) => p.tier === 'Baseline').sort(compareAdminPolicies);
  return { admin, baseline, any: all.length > 0, rulesCache: new Map() };
}

const selectable = (options: ResolvedOptions, c: PodClass): boolean =>
  !(c.hostNetwork && options.hostNetworkMode === 'asNode');

/** Whether a policy's subject selects pods of this class. */
export function adminSubjectSelects(options: ResolvedOptions, p: AdminPolicy, c: PodClass): boolean {
  if (!selectable(options, c)) return false;
  switch (p.subject.kind) {
    case 'none':
      return false;
    case 'namespaces':
      return selectorMatches(p.subject.namespaceSelector, c.nsLabels);
    case 'pods':
      return (
        selectorMatches(p.subject.namespaceSelector, c.nsLabels) && selectorMatches(p.subject.podSelector, c.labels)
      );
  }
}

/** The rules of one tier and direction that apply to a class, in evaluation order. */
export function adminRulesFor(
  am: AdminModel,
  options: ResolvedOptions,
  tier: AdminTier,
  direction: Direction,
  c: PodClass,
): AdminRule[] {
  const cacheable = c.id >= 0;
  const key = `${tier}|${direction}|${c.id}`;
  if (cacheable) {
    const hit = am.rulesCache.get(key);
    if (hit) return hit;
  }
  const rules: AdminRule[] = [];
  for (const p of tier === 'Admin' ? am.admin : am.baseline)
    if (p[direction].length && adminSubjectSelects(options, p, c)) rules.push(...p[direction]);
  if (cacheable) am.rulesCache.set(key, rules);
  return rules;
}

/** What the other end of a connection is, as admin peers see it. */
export type AdminOther =
  | { kind: 'class'; c: PodClass }
  /** An external address range (inside or outside each CIDR as a whole: segments are cut at their edges). */
  | { kind: 'ip'; family: IpFamily; first: bigint; last: bigint };

const inRanges = (ranges: readonly (readonly [bigint, bigint])[][], first: bigint, last: bigint): boolean =>
  ranges.some((rs) => rs.some(([f, l]) => f <= first && last <= l));

function overlapsIps(peer: Extract<AdminPeer, { kind: 'networks' }>, ips: IpSet): boolean {
  for (const [f, l] of ips.v4) for (const rs of peer.v4) for (const [g, m] of rs) if (f <= m && g <= l) return true;
  return false;
}

/** Whether a peer (not `unknown`) matches the other end. */
export function adminPeerMatches(options: ResolvedOptions, peer: AdminPeer, other: AdminOther): boolean {
  switch (peer.kind) {
    case 'namespaces':
      return (
        other.kind === 'class' &&
        selectable(options, other.c) &&
        selectorMatches(peer.namespaceSelector, other.c.nsLabels)
      );
    case 'pods':
      return (
        other.kind === 'class' &&
        selectable(options, other.c) &&
        selectorMatches(peer.namespaceSelector, other.c.nsLabels) &&
        selectorMatches(peer.podSelector, other.c.labels)
      );
    case 'networks':
      // IPv6 CIDRs are not evaluated (np-guard: "IPv6 addresses are not supported"); reported as undecidable.
      if (other.kind === 'ip') return other.family === 4 && inRanges(peer.v4, other.first, other.last);
      if (options.ipBlockMatchesPods || (other.c.hostNetwork && options.hostNetworkMode === 'asNode'))
        return overlapsIps(peer, other.c.ips);
      return false;
    case 'nodes':
    case 'domainNames':
    case 'unknown':
      return false;
  }
}

/** Whether one of the rule's peers matches; a peer with no known field fails closed. */
export function adminRuleMatchesPeer(
  options: ResolvedOptions,
  rule: AdminRule,
  other: AdminOther,
): AdminPeer | undefined {
  for (const peer of rule.peers) {
    if (peer.kind === 'unknown') {
      if (rule.action === 'Deny' || rule.action === 'Pass') return peer;
      continue;
    }
    if (adminPeerMatches(options, peer, other)) return peer;
  }
  return undefined;
}

/** The connections a rule's ports cover towards a destination (named ports need a destination pod). */
export function adminRulePorts(rule: AdminRule, dstPorts: readonly ContainerPort[] | undefined): ConnectionSet {
  if (!rule.ports) return ALL_CONNECTIONS;
  let acc = NO_CONNECTIONS;
  for (const p of rule.ports) {
    if (p.kind === 'range') acc = unionConnections(acc, connectionsOf(p.protocol, p.lo, p.hi));
    else if (p.kind === 'named' && dstPorts)
      for (const cp of dstPorts)
        if (cp.name === p.name)
          acc = unionConnections(acc, connectionsOf(cp.protocol, cp.containerPort, cp.containerPort));
  }
  return acc;
}

/** One rule's share of a decision: the connections it decided (first match) and how. */
export interface AdminDecision {
  rule: AdminRule;
  action: AdminAction;
  conns: ConnectionSet;
}

interface TierWalk {
  accept: ConnectionSet;
  pass: ConnectionSet;
  /** Not matched by any rule of the tier. */
  rest: ConnectionSet;
  decisions: AdminDecision[];
}

function walkTier(
  rules: readonly AdminRule[],
  start: ConnectionSet,
  options: ResolvedOptions,
  other: AdminOther,
  dstPorts: readonly ContainerPort[] | undefined,
  trace: boolean,
): TierWalk {
  let remaining = start;
  let accept = NO_CONNECTIONS;
  let pass = NO_CONNECTIONS;
  const decisions: AdminDecision[] = [];
  for (const rule of rules) {
    if (isEmptyConnections(remaining)) break;
    if (!rule.action) continue;
    if (!adminRuleMatchesPeer(options, rule, other)) continue;
    const conns = intersectConnections(adminRulePorts(rule, dstPorts), remaining);
    if (isEmptyConnections(conns)) continue;
    if (rule.action === 'Accept') accept = unionConnections(accept, conns);
    else if (rule.action === 'Pass') pass = unionConnections(pass, conns);
    if (trace) decisions.push({ rule, action: rule.action, conns });
    remaining = subtractConnections(remaining, conns);
  }
  return { accept, pass, rest: remaining, decisions };
}

export interface TieredResult {
  allowed: ConnectionSet;
  /** Connections decided by the Admin tier (Accept or Deny); Pass decisions are listed too. */
  admin: AdminDecision[];
  /** Connections the NetworkPolicies decided (Admin passed or matched nothing, and NPs isolate the pod). */
  npConns: ConnectionSet;
  baseline: AdminDecision[];
  /** Connections no tier decided: allowed by default. */
  defaultConns: ConnectionSet;
}

/**
 * One direction's verdict with the tiers. `np` is what the pod's NetworkPolicies allow towards the other end, or
 * null when none isolates the pod for this direction.
 */
export function tieredAllows(
  am: AdminModel,
  options: ResolvedOptions,
  direction: Direction,
  subject: PodClass,
  other: AdminOther,
  dstPorts: readonly ContainerPort[] | undefined,
  np: ConnectionSet | null,
  trace = false,
): TieredResult {
  const adminRules = adminRulesFor(am, options, 'Admin', direction, subject);
  const a = adminRules.length
    ? walkTier(adminRules, ALL_CONNECTIONS, options, other, dstPorts, trace)
    : { accept: NO_CONNECTIONS, pass: NO_CONNECTIONS, rest: ALL_CONNECTIONS, decisions: [] };
  const undecided = unionConnections(a.pass, a.rest);
  if (np !== null)
    return {
      allowed: unionConnections(a.accept, intersectConnections(undecided, np)),
      admin: a.decisions,
      npConns: undecided,
      baseline: [],
      defaultConns: NO_CONNECTIONS,
    };
  const baseRules = adminRulesFor(am, options, 'Baseline', direction, subject);
  const b = baseRules.length
    ? walkTier(baseRules, undecided, options, other, dstPorts, trace)
    : { accept: NO_CONNECTIONS, pass: NO_CONNECTIONS, rest: undecided, decisions: [] };
  const defaultConns = unionConnections(b.pass, b.rest);
  return {
    allowed: unionConnections(a.accept, unionConnections(b.accept, defaultConns)),
    admin: a.decisions,
    npConns: NO_CONNECTIONS,
    baseline: b.decisions,
    defaultConns,
  };
}

/** The IPv4 CIDRs of every egress `networks` peer, each on its own: they cut destination ranges (conformance §6 rule 8). */
export function adminEgressNetworkSets(am: AdminModel): IpSet[] {
  const out: IpSet[] = [];
  for (const p of [...am.admin, ...am.baseline])
    for (const r of p.egress)
      for (const peer of r.peers) if (peer.kind === 'networks') for (const rs of peer.v4) out.push({ v4: rs, v6: [] });
  return out;
}

/** Whether any Admin-tier egress rule applies to the class (then its egress can reach beyond its NetworkPolicies). */
export const hasAdminEgress = (am: AdminModel, options: ResolvedOptions, c: PodClass): boolean =>
  am.any && adminRulesFor(am, options, 'Admin', 'egress', c).length > 0;

/**
 * Peers whose match cannot be decided from manifests, as positioned warnings (spec §4.6): the analyzer
 * assumes they match nothing, and says so rather than guess silently.
 */
export function undecidableAdminPeers(result: ReadResult): Diagnostic[] {
  const findings: { finding: Finding; source: ObjectSource; object?: string }[] = [];
  result.adminPolicies.forEach((entry, i) => {
    const p = normalizeAdminEntry(entry, i);
    for (const rule of [...p.ingress, ...p.egress])
      for (const peer of rule.peers) {
        let message: string | undefined;
        if (peer.kind === 'domainNames')
          message = `domainNames ${peer.domainNames.join(', ')}: which addresses these names resolve to cannot be known from manifests; the analysis assumes they match no address`;
        else if (peer.kind === 'nodes')
          message =
            'nodes peer: node addresses are not in the manifests; the analysis assumes it matches no address (as np-guard does)';
        else if (peer.kind === 'networks' && peer.v6.length)
          message =
            'IPv6 networks are not evaluated (np-guard: "IPv6 addresses are not supported"); they match no address in the analysis';
        else if (peer.kind === 'unknown')
          message = `a peer with no known field fails closed: it matches ${rule.action === 'Accept' ? 'nothing' : 'everything'} in this ${rule.writtenAction || 'rule'}`;
        if (message)
          findings.push({
            finding: { severity: 'warning', code: 'admin-undecidable', message, path: adminPeerPath(rule, peer) },
            source: entry.source,
            object: entry.key,
          });
      }
  });
  return positionFindings(result, findings);
}
