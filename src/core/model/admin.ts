/**
 * The cluster-scoped policy kinds of kubernetes-sigs/network-policy-api (admin-network-policy.md):
 * ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`) and the legacy AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy (`v1alpha1`). Their API types, and the one normal form every feature uses
 * (analysis, explain, lint, graph, migration): "ANP → CNP tier Admin, BANP → CNP tier Baseline; the model stays
 * the same" (upstream's ClusterNetworkPolicy blog post), so all three are read into `AdminPolicy`.
 *
 * The normal form is built from input exactly as parsed: any field may be missing or of the wrong type (the
 * validator reports those); what cannot be read adds no rule, and a peer with no known field is kept as
 * `unknown` so the analyzer can fail closed (spec §4.4).
 */
import type { LabelSelector, ObjectMeta } from 'kubernetes-types/meta/v1';
import { cidrRangeView, parseCidr, type IpRange } from './cidr.ts';
import type { KubeObject, ObjectSource, Protocol } from './types.ts';

export const ADMIN_GROUP = 'policy.networking.k8s.io';
export const CNP_API_VERSION = 'policy.networking.k8s.io/v1alpha2';
export const ANP_API_VERSION = 'policy.networking.k8s.io/v1alpha1';

export type AdminKind = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
export const ADMIN_KINDS: readonly AdminKind[] = [
  'ClusterNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
];
export const isAdminKind = (kind: unknown): kind is AdminKind => ADMIN_KINDS.includes(kind as AdminKind);

/** `kubectl` short names, used in keys and explanations: `cnp/deny-a`, `anp/x`, `banp/default`. */
export const ADMIN_SHORT_NAME: Record<AdminKind, string> = {
  ClusterNetworkPolicy: 'cnp',
  AdminNetworkPolicy: 'anp',
  BaselineAdminNetworkPolicy: 'banp',
};

export type AdminTier = 'Admin' | 'Baseline';
/** v1alpha2 actions. v1alpha1's `Allow` means `Accept`. */
export type AdminAction = 'Accept' | 'Deny' | 'Pass';

// ---- API types (v1alpha2) -------------------------------------------------------------------------

export interface NamespacedPod {
  namespaceSelector?: LabelSelector;
  podSelector?: LabelSelector;
}
export interface ClusterNetworkPolicySubject {
  namespaces?: LabelSelector;
  pods?: NamespacedPod;
}
export interface ClusterNetworkPolicyPort {
  number?: number;
  range?: { start?: number; end?: number };
}
export interface ClusterNetworkPolicyProtocol {
  tcp?: { destinationPort?: ClusterNetworkPolicyPort };
  udp?: { destinationPort?: ClusterNetworkPolicyPort };
  sctp?: { destinationPort?: ClusterNetworkPolicyPort };
  destinationNamedPort?: string;
}
export interface ClusterNetworkPolicyPeer {
  namespaces?: LabelSelector;
  pods?: NamespacedPod;
  /** Egress only. */
  networks?: string[];
  /** Egress only, experimental channel. */
  nodes?: LabelSelector;
  /** Egress only, experimental channel. */
  domainNames?: string[];
}
export interface ClusterNetworkPolicyIngressRule {
  name?: string;
  action?: string;
  from?: ClusterNetworkPolicyPeer[];
  protocols?: ClusterNetworkPolicyProtocol[];
}
export interface ClusterNetworkPolicyEgressRule {
  name?: string;
  action?: string;
  to?: ClusterNetworkPolicyPeer[];
  protocols?: ClusterNetworkPolicyProtocol[];
}
export interface ClusterNetworkPolicySpec {
  tier?: string;
  priority?: number;
  subject?: ClusterNetworkPolicySubject;
  ingress?: ClusterNetworkPolicyIngressRule[];
  egress?: ClusterNetworkPolicyEgressRule[];
}
export interface ClusterNetworkPolicy {
  apiVersion?: string;
  kind?: 'ClusterNetworkPolicy';
  metadata?: ObjectMeta;
  spec?: ClusterNetworkPolicySpec;
}

// ---- API types (v1alpha1) -------------------------------------------------------------------------

export interface AdminNetworkPolicyPort {
  portNumber?: { protocol?: string; port?: number };
  portRange?: { protocol?: string; start?: number; end?: number };
  namedPort?: string;
}
export interface AdminNetworkPolicyIngressRule {
  name?: string;
  action?: string;
  from?: ClusterNetworkPolicyPeer[];
  ports?: AdminNetworkPolicyPort[];
}
export interface AdminNetworkPolicyEgressRule {
  name?: string;
  action?: string;
  to?: ClusterNetworkPolicyPeer[];
  ports?: AdminNetworkPolicyPort[];
}
export interface AdminNetworkPolicySpec {
  /** AdminNetworkPolicy only. */
  priority?: number;
  subject?: ClusterNetworkPolicySubject;
  ingress?: AdminNetworkPolicyIngressRule[];
  egress?: AdminNetworkPolicyEgressRule[];
}
export interface AdminNetworkPolicy {
  apiVersion?: string;
  kind?: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  metadata?: ObjectMeta;
  spec?: AdminNetworkPolicySpec;
}

/** A cluster-scoped policy as read, with where it came from. `key` (`cnp/name`…) is unique within a read. */
export interface AdminPolicyEntry {
  key: string;
  kind: AdminKind;
  object: KubeObject;
  source: ObjectSource;
}

// ---- the normal form ------------------------------------------------------------------------------

/** The priority the Baseline tier gives a BaselineAdminNetworkPolicy: the value upstream used for every BANP it
 * converted to a ClusterNetworkPolicy (user-story-5.yaml, conformance/base/baseline_tier), and what `migrate` writes. */
export const BANP_PRIORITY = 10;

export type AdminPeer =
  | { index: number; kind: 'namespaces'; namespaceSelector: LabelSelector }
  | { index: number; kind: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector }
  /** IPv4 and IPv6 ranges of every CIDR that parses; `cidrs` as written. */
  | { index: number; kind: 'networks'; cidrs: string[]; v4: IpRange[][]; v6: IpRange[][] }
  | { index: number; kind: 'nodes'; nodeSelector: LabelSelector }
  | { index: number; kind: 'domainNames'; domainNames: string[] }
  /** No known field (or several): version skew or invalid input. The analyzer fails closed (§4.4). */
  | { index: number; kind: 'unknown' };

export type AdminPort =
  | { kind: 'range'; protocol: Protocol; lo: number; hi: number }
  /** Resolved on the destination pod's container ports by name, with that container port's protocol (§4.5). */
  | { kind: 'named'; name: string }
  /** An entry that cannot be read: it matches nothing. */
  | { kind: 'invalid' };

export interface AdminRule {
  direction: 'ingress' | 'egress';
  index: number;
  name?: string;
  /** The action in v1alpha2 terms (`Allow` → `Accept`); undefined when missing or unknown (the rule matches nothing). */
  action?: AdminAction;
  /** The action as written (`Allow`, `Accept`, `Deny`, `Pass`). */
  writtenAction: string;
  peers: AdminPeer[];
  /** null: no `protocols` / `ports`, every protocol and port. */
  ports: AdminPort[] | null;
  /** `cnp/name spec.ingress[0]` */
  path: string;
  policy: AdminPolicy;
}

export type AdminSubject =
  | { kind: 'namespaces'; namespaceSelector: LabelSelector }
  | { kind: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector }
  | { kind: 'none' };

export interface AdminPolicy {
  /** `cnp/name`, `anp/name`, `banp/name`. */
  key: string;
  kind: AdminKind;
  name: string;
  tier: AdminTier;
  /** Lower wins within a tier. BANP: BANP_PRIORITY. NaN when missing or not a number. */
  priority: number;
  /** Whether `priority` was written (a BANP has none). */
  hasPriority: boolean;
  subject: AdminSubject;
  ingress: AdminRule[];
  egress: AdminRule[];
  /** Input order, the tie-break between equal priorities (which the API leaves undefined). */
  order: number;
  entry?: AdminPolicyEntry;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asSelector = (v: unknown): LabelSelector | undefined => (isObj(v) ? (v as LabelSelector) : undefined);

export function adminKey(kind: AdminKind, name: string): string {
  return `${ADMIN_SHORT_NAME[kind]}/${name}`;
}

export function adminKeyOf(obj: KubeObject, kind: AdminKind): string {
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  return adminKey(kind, name);
}

const ONE_OF_PEER = ['namespaces', 'pods', 'networks', 'nodes', 'domainNames'] as const;

function normalizePeer(v: unknown, index: number): AdminPeer {
  if (!isObj(v)) return { index, kind: 'unknown' };
  const set = ONE_OF_PEER.filter((k) => v[k] !== undefined && v[k] !== null);
  if (set.length !== 1) return { index, kind: 'unknown' };
  const field = set[0]!;
  const value = v[field];
  switch (field) {
    case 'namespaces': {
      const s = asSelector(value);
      return s ? { index, kind: 'namespaces', namespaceSelector: s } : { index, kind: 'unknown' };
    }
    case 'pods': {
      if (!isObj(value)) return { index, kind: 'unknown' };
      // An absent selector inside `pods` is `{}` (v1alpha2 makes namespaceSelector optional; np-guard reads v1alpha1 so).
      return {
        index,
        kind: 'pods',
        namespaceSelector: asSelector(value.namespaceSelector) ?? {},
        podSelector: asSelector(value.podSelector) ?? {},
      };
    }
    case 'networks': {
      if (!Array.isArray(value)) return { index, kind: 'unknown' };
      const cidrs = value.filter((c): c is string => typeof c === 'string');
      const v4: IpRange[][] = [];
      const v6: IpRange[][] = [];
      for (const c of cidrs) {
        const p = parseCidr(c);
        if (!p) continue;
        const view = cidrRangeView(p);
        (view.family === 4 ? v4 : v6).push([[view.first, view.last]]);
      }
      return { index, kind: 'networks', cidrs, v4, v6 };
    }
    case 'nodes': {
      const s = asSelector(value);
      return s ? { index, kind: 'nodes', nodeSelector: s } : { index, kind: 'unknown' };
    }
    case 'domainNames':
      return Array.isArray(value)
        ? { index, kind: 'domainNames', domainNames: value.filter((d): d is string => typeof d === 'string') }
        : { index, kind: 'unknown' };
  }
}

const PROTOCOL_KEYS = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' } as const;
const isPortNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** A v1alpha2 `protocols[]` entry. `tcp: {}` (rejected by the CRD) is read as the API text says: all TCP ports. */
function normalizeProtocol(v: unknown): AdminPort {
  if (!isObj(v)) return { kind: 'invalid' };
  const keys = Object.keys(v).filter((k) => v[k] !== undefined && v[k] !== null);
  if (keys.length !== 1) return { kind: 'invalid' };
  const key = keys[0]!;
  if (key === 'destinationNamedPort')
    return typeof v[key] === 'string' ? { kind: 'named', name: v[key] } : { kind: 'invalid' };
  const protocol = PROTOCOL_KEYS[key as keyof typeof PROTOCOL_KEYS];
  if (!protocol || !isObj(v[key])) return { kind: 'invalid' };
  const dp = (v[key] as Obj).destinationPort;
  if (dp === undefined || dp === null) return { kind: 'range', protocol, lo: 1, hi: 65535 };
  if (!isObj(dp)) return { kind: 'invalid' };
  if (isPortNumber(dp.number) && dp.range == null) return { kind: 'range', protocol, lo: dp.number, hi: dp.number };
  if (isObj(dp.range) && dp.number == null && isPortNumber(dp.range.start) && isPortNumber(dp.range.end))
    return { kind: 'range', protocol, lo: dp.range.start, hi: dp.range.end };
  return { kind: 'invalid' };
}

const v1alpha1Protocol = (v: unknown): Protocol | undefined =>
  v === undefined || v === null ? 'TCP' : v === 'TCP' || v === 'UDP' || v === 'SCTP' ? v : undefined;

/** A v1alpha1 `ports[]` entry: portNumber, portRange (protocol default TCP) or namedPort. */
function normalizeV1Port(v: unknown): AdminPort {
  if (!isObj(v)) return { kind: 'invalid' };
  const keys = ['portNumber', 'portRange', 'namedPort'].filter((k) => v[k] !== undefined && v[k] !== null);
  if (keys.length !== 1) return { kind: 'invalid' };
  if (keys[0] === 'namedPort')
    return typeof v.namedPort === 'string' ? { kind: 'named', name: v.namedPort } : { kind: 'invalid' };
  if (keys[0] === 'portNumber') {
    const pn = v.portNumber;
    if (!isObj(pn) || !isPortNumber(pn.port)) return { kind: 'invalid' };
    const protocol = v1alpha1Protocol(pn.protocol);
    return protocol ? { kind: 'range', protocol, lo: pn.port, hi: pn.port } : { kind: 'invalid' };
  }
  const pr = v.portRange;
  if (!isObj(pr) || !isPortNumber(pr.start) || !isPortNumber(pr.end)) return { kind: 'invalid' };
  const protocol = v1alpha1Protocol(pr.protocol);
  return protocol ? { kind: 'range', protocol, lo: pr.start, hi: pr.end } : { kind: 'invalid' };
}

function normalizeAction(kind: AdminKind, v: unknown): AdminAction | undefined {
  if (kind === 'ClusterNetworkPolicy') return v === 'Accept' || v === 'Deny' || v === 'Pass' ? v : undefined;
  if (v === 'Allow') return 'Accept';
  if (v === 'Deny') return 'Deny';
  // A BANP has no Pass (enum Allow|Deny): np-guard rejects it as an unrecognized action; it matches nothing here.
  if (v === 'Pass' && kind === 'AdminNetworkPolicy') return 'Pass';
  return undefined;
}

function normalizeSubject(v: unknown): AdminSubject {
  if (!isObj(v)) return { kind: 'none' };
  const set = ['namespaces', 'pods'].filter((k) => v[k] !== undefined && v[k] !== null);
  if (set.length !== 1) return { kind: 'none' };
  if (set[0] === 'namespaces') {
    const s = asSelector(v.namespaces);
    return s ? { kind: 'namespaces', namespaceSelector: s } : { kind: 'none' };
  }
  if (!isObj(v.pods)) return { kind: 'none' };
  return {
    kind: 'pods',
    namespaceSelector: asSelector(v.pods.namespaceSelector) ?? {},
    podSelector: asSelector(v.pods.podSelector) ?? {},
  };
}

/** Reads one ClusterNetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy into the normal form. */
export function normalizeAdminPolicy(
  obj: KubeObject,
  kind: AdminKind,
  order = 0,
  key = adminKeyOf(obj, kind),
): AdminPolicy {
  const spec: Obj = isObj(obj.spec) ? obj.spec : {};
  const tier: AdminTier =
    kind === 'AdminNetworkPolicy'
      ? 'Admin'
      : kind === 'BaselineAdminNetworkPolicy'
        ? 'Baseline'
        : spec.tier === 'Baseline'
          ? 'Baseline'
          : 'Admin';
  const hasPriority = kind !== 'BaselineAdminNetworkPolicy' && isPortNumber(spec.priority);
  const policy: AdminPolicy = {
    key,
    kind,
    name: typeof obj.metadata?.name === 'string' ? obj.metadata.name : '',
    tier,
    priority: kind === 'BaselineAdminNetworkPolicy' ? BANP_PRIORITY : hasPriority ? (spec.priority as number) : NaN,
    hasPriority,
    subject: normalizeSubject(spec.subject),
    ingress: [],
    egress: [],
    order,
  };
  // A CNP with an unknown tier belongs to no tier (the API server rejects it): its rules are dropped.
  const knownTier = kind !== 'ClusterNetworkPolicy' || spec.tier === 'Admin' || spec.tier === 'Baseline';
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = Array.isArray(spec[direction]) && knownTier ? (spec[direction] as unknown[]) : [];
    rules.forEach((r, index) => {
      const rule: Obj = isObj(r) ? r : {};
      const peersRaw = rule[direction === 'ingress' ? 'from' : 'to'];
      const portsRaw = kind === 'ClusterNetworkPolicy' ? rule.protocols : rule.ports;
      const ports =
        Array.isArray(portsRaw) && portsRaw.length > 0
          ? portsRaw.map(kind === 'ClusterNetworkPolicy' ? normalizeProtocol : normalizeV1Port)
          : null;
      const action = normalizeAction(kind, rule.action);
      policy[direction].push({
        direction,
        index,
        ...(typeof rule.name === 'string' ? { name: rule.name } : {}),
        ...(action ? { action } : {}),
        writtenAction: typeof rule.action === 'string' ? rule.action : '',
        peers: Array.isArray(peersRaw) ? peersRaw.map(normalizePeer) : [],
        ports,
        path: `${key} spec.${direction}[${index}]`,
        policy,
      });
    });
  }
  return policy;
}

export const normalizeAdminEntry = (entry: AdminPolicyEntry, order = 0): AdminPolicy => {
  const p = normalizeAdminPolicy(entry.object, entry.kind, order, entry.key);
  p.entry = entry;
  return p;
};

/** Evaluation order within one tier: priority ascending (lower wins), then input order. */
export function compareAdminPolicies(a: AdminPolicy, b: AdminPolicy): number {
  const pa = Number.isNaN(a.priority) ? Infinity : a.priority;
  const pb = Number.isNaN(b.priority) ? Infinity : b.priority;
  return pa - pb || a.order - b.order;
}

/** `cnp/deny-a ingress[1] (Admin, priority 10)`: how explanations and lint name a rule. */
export function describeAdminRule(rule: AdminRule): string {
  const p = rule.policy;
  const where =
    p.kind === 'BaselineAdminNetworkPolicy'
      ? 'Baseline'
      : `${p.tier}, priority ${Number.isNaN(p.priority) ? '?' : p.priority}`;
  return `${p.key} ${rule.direction}[${rule.index}] (${where})`;
}

/** The peer's field path inside its policy: `spec.egress[0].to[2]`. */
export const adminPeerPath = (rule: AdminRule, peer: AdminPeer): (string | number)[] => [
  'spec',
  rule.direction,
  rule.index,
  rule.direction === 'ingress' ? 'from' : 'to',
  peer.index,
];
