/**
 * The analysis model: NetworkPolicies normalised once (Kubernetes defaults applied in this one builder), the
 * namespaces with their labels, and the workloads grouped into equivalence classes.
 *
 * Defaults applied here (netpol-semantics.md §1): effective policyTypes (`["Ingress"]`, plus `"Egress"` only when
 * `spec.egress` is non-empty), port protocol TCP, missing `metadata.namespace` = `default`, missing
 * `spec.podSelector` = `{}`. Empty and absent `from`/`to`/`ports` both mean "all".
 *
 * Two workloads whose namespace, pod labels, container ports and (when ipBlocks may match pods) IPs are equal
 * are decided alike by every policy, so the engine computes per class and expands to workloads at the end.
 */
import type { IpFamily, IpRange } from '../model/cidr.ts';
import { cidrRangeView, normalizeRanges, parseCidr, parseIp, subtractRanges } from '../model/cidr.ts';
import { mergeWorkloads } from '../read/inventory.ts';
import { effectivePolicyTypes, NAMESPACE_NAME_LABEL, namespaceOrDefault, policyNamespace } from '../model/normalize.ts';
import {
  asRule,
  classifyPeer,
  DIRECTIONS,
  peerSelectsPod,
  peersOf,
  PEERS_KEY,
  rulesOf,
  type IpBlockPeer,
  type SelectorPeer,
} from '../model/peer.ts';
import { policyKey } from '../read/read.ts';
import { selectorKey, selectorMatches } from '../model/selector.ts';
import type {
  ContainerPort,
  Direction,
  Inventory,
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPort,
  NetworkPolicySpec,
  PolicyEntry,
  Protocol,
  WorkloadInfo,
} from '../model/types.ts';
import { PROTOCOLS } from '../model/types.ts';
import {
  ALL_CONNECTIONS,
  connectionsOf,
  NO_CONNECTIONS,
  unionConnections,
  type ConnectionSet,
} from '../model/portset.ts';

export interface AnalysisOptions {
  /**
   * Whether an ipBlock peer matches a pod whose IP lies in the block. Default false, np-guard's convention
   * ("a peer of type Pod cannot be selected by IPBlock"); true is what the upstream e2e tests assume.
   */
  ipBlockMatchesPods?: boolean;
  /**
   * Whether `endPort` is honoured. Default true (stable since 1.25). When false, a port range allows only its
   * first port, as the docs say a CNI without endPort support does.
   */
  endPortSupported?: boolean;
  /**
   * hostNetwork pods (§3.7). `asPod` (default, np-guard's convention): treated like any other pod.
   * `asNode` (the most common CNI behaviour): never a policy subject and never matched by pod/namespace
   * selectors; only ipBlocks match them, through their (node) IPs.
   */
  hostNetworkMode?: 'asPod' | 'asNode';
}

export type ResolvedOptions = Required<AnalysisOptions>;

export function resolveOptions(o: AnalysisOptions = {}): ResolvedOptions {
  return {
    ipBlockMatchesPods: o.ipBlockMatchesPods ?? false,
    endPortSupported: o.endPortSupported ?? true,
    hostNetworkMode: o.hostNetworkMode ?? 'asPod',
  };
}

/** What the engine analyses: policies as written (or as read, with keys) and the inventory. */
export interface AnalysisInput {
  policies: readonly (PolicyEntry | NetworkPolicy)[];
  inventory?: Inventory;
}

export type NormPort =
  | { protocol: Protocol; kind: 'range'; lo: number; hi: number }
  /** A named port: resolved on the destination pod's container ports with the same name and protocol. */
  | { protocol: Protocol; kind: 'named'; name: string };

export interface IpSet {
  v4: IpRange[];
  v6: IpRange[];
}

/** A peer as the model classifies it (model/peer.ts), with its index and, for an ipBlock, its addresses. */
export type NormPeer =
  | ({ index: number } & SelectorPeer)
  /** An unparsable cidr (rejected by the API server) has no addresses: it matches nothing. */
  | ({ index: number; ips: IpSet } & IpBlockPeer)
  /** `{}`, ipBlock together with a selector, a field of the wrong type: the API server rejects it; it matches nothing. */
  | { index: number; kind: 'invalid' };

export interface NormRule {
  direction: Direction;
  index: number;
  /** null: `from`/`to` absent or empty, every peer (pods, nodes and external addresses). */
  peers: NormPeer[] | null;
  /** null: `ports` absent or empty, every port of every protocol. */
  ports: NormPort[] | null;
  hasNamedPorts: boolean;
  /** The rule's ports when they do not depend on the destination (no named ports). */
  fixedPorts?: ConnectionSet;
  /** `ns/name spec.ingress[0]` */
  path: string;
  policy: NormPolicy;
}

export interface NormPolicy {
  key: string;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  /** Effective policyTypes (§1.2). */
  isolatesIngress: boolean;
  isolatesEgress: boolean;
  /** Rules of the directions in the effective policyTypes only (rules of other directions are ignored). */
  ingress: NormRule[];
  egress: NormRule[];
  policy: NetworkPolicy;
}

/** A group of workloads every policy decides alike. */
export interface PodClass {
  id: number;
  namespace: string;
  nsLabels: Record<string, string>;
  labels: Record<string, string>;
  ports: ContainerPort[];
  hostNetwork: boolean;
  ips: IpSet;
  /** Indices into Model.workloads. */
  members: number[];
}

export interface Model {
  options: ResolvedOptions;
  policies: NormPolicy[];
  /** Namespace name → labels (with kubernetes.io/metadata.name). */
  namespaces: Map<string, Record<string, string>>;
  /** Workloads merged as np-guard reports them (one per `ns/name[Kind]`). */
  workloads: WorkloadInfo[];
  /** Class of each workload. */
  workloadClass: number[];
  classes: PodClass[];
  classesByNamespace: Map<string, PodClass[]>;
  /** Per class: indices of the policies that select it and isolate it, per direction. */
  ingressPolicies: number[][];
  egressPolicies: number[][];
  /** Indices of the policies of each namespace (a policy only selects pods of its own namespace). */
  policiesByNamespace: Map<string, number[]>;
  /** Cache: selector-peer key → matching class ids. */
  peerCache: Map<string, number[]>;
}

const isPolicyEntry = (p: PolicyEntry | NetworkPolicy): p is PolicyEntry =>
  'policy' in p && 'key' in p && typeof (p as PolicyEntry).key === 'string';

const isProtocol = (v: unknown): v is Protocol => v === 'TCP' || v === 'UDP' || v === 'SCTP';

function normalizePorts(ports: NetworkPolicyPort[] | undefined | null, endPortSupported: boolean): NormPort[] | null {
  if (!Array.isArray(ports) || ports.length === 0) return null;
  const out: NormPort[] = [];
  for (const pp of ports) {
    if (!pp || typeof pp !== 'object') continue;
    // protocol defaults to TCP when absent; an unsupported value (rejected by the server) matches nothing.
    const protocol = pp.protocol ?? 'TCP';
    if (!isProtocol(protocol)) continue;
    const port = pp.port as number | string | undefined | null;
    if (port === undefined || port === null) out.push({ protocol, kind: 'range', lo: 1, hi: 65535 });
    else if (typeof port === 'number') {
      const end = typeof pp.endPort === 'number' && endPortSupported ? pp.endPort : port;
      out.push({ protocol, kind: 'range', lo: port, hi: end });
    } else out.push({ protocol, kind: 'named', name: String(port) });
  }
  return out;
}

const ipSetCache = new Map<string, IpSet | null>();

/** The addresses of an ipBlock: cidr minus its excepts (an IPv4-mapped block counts as IPv4, as Go compares). */
export function ipBlockSet(cidr: string, except: readonly string[]): IpSet | undefined {
  const key = `${cidr}|${except.join(',')}`;
  const hit = ipSetCache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let result: IpSet | undefined;
  const c = parseCidr(cidr);
  if (c) {
    const view = cidrRangeView(c);
    const removed: IpRange[] = [];
    for (const e of except) {
      const pe = parseCidr(e);
      if (!pe) continue;
      const ev = cidrRangeView(pe);
      if (ev.family === view.family) removed.push([ev.first, ev.last]);
    }
    const ranges = subtractRanges([[view.first, view.last]], removed);
    result = view.family === 4 ? { v4: ranges, v6: [] } : { v4: [], v6: ranges };
  }
  if (ipSetCache.size > 4096) ipSetCache.clear();
  ipSetCache.set(key, result ?? null);
  return result;
}

const NO_IPS: IpSet = Object.freeze({ v4: [], v6: [] }) as IpSet;

/** A rule's peers, classified by the model (model/peer.ts); an ipBlock whose cidr does not parse matches no address. */
function normalizePeers(peers: unknown[]): NormPeer[] | null {
  if (peers.length === 0) return null;
  return peers.map((peer, index): NormPeer => {
    const c = classifyPeer(peer);
    if (c.kind === 'ipBlock') return { index, ...c, ips: ipBlockSet(c.cidr, c.except) ?? NO_IPS };
    return { index, ...c };
  });
}

/** Applies the Kubernetes defaults to one policy (§1.2, §1.4). */
export function normalizePolicy(policy: NetworkPolicy, key: string, options: ResolvedOptions): NormPolicy {
  const spec: NetworkPolicySpec = policy.spec ?? { podSelector: {} };
  const types = effectivePolicyTypes(policy);
  const np: NormPolicy = {
    key,
    namespace: policyNamespace(policy),
    name: policy.metadata?.name ?? '',
    podSelector: spec.podSelector ?? {},
    isolatesIngress: types.includes('Ingress'),
    isolatesEgress: types.includes('Egress'),
    ingress: [],
    egress: [],
    policy,
  };
  const build = (direction: Direction, index: number, written: Record<string, unknown>): NormRule => {
    const nports = normalizePorts(written.ports as NetworkPolicyPort[] | undefined, options.endPortSupported);
    const hasNamedPorts = !!nports?.some((p) => p.kind === 'named');
    const rule: NormRule = {
      direction,
      index,
      peers: normalizePeers(peersOf(written, direction)),
      ports: nports,
      hasNamedPorts,
      path: `${key} spec.${direction}[${index}]`,
      policy: np,
    };
    if (!hasNamedPorts) rule.fixedPorts = portsOnDestination(rule, undefined);
    return rule;
  };
  // Hostile input may hold nulls or non-arrays where lists belong: a non-list adds no rules, a null rule is
  // `{}` and an item that is not a rule (`- 5`) is skipped (model/peer.ts, `asRule`).
  for (const direction of DIRECTIONS) {
    if (!(direction === 'ingress' ? np.isolatesIngress : np.isolatesEgress)) continue;
    rulesOf(spec, direction).forEach((r, i) => {
      const written = asRule(r);
      if (written) np[direction].push(build(direction, i, written));
    });
  }
  return np;
}

/**
 * The connections a rule's ports allow towards a destination: numbers and ranges as written, named ports
 * resolved on the destination pod's container ports (same name and protocol). With no destination pod
 * (an external address), a named port resolves to nothing (§3.5).
 */
export function portsOnDestination(rule: NormRule, dstPorts: readonly ContainerPort[] | undefined): ConnectionSet {
  if (!rule.ports) return ALL_CONNECTIONS;
  if (!rule.hasNamedPorts && rule.fixedPorts) return rule.fixedPorts;
  let acc = NO_CONNECTIONS;
  for (const p of rule.ports) {
    if (p.kind === 'range') acc = unionConnections(acc, connectionsOf(p.protocol, p.lo, p.hi));
    else if (dstPorts)
      for (const cp of dstPorts)
        if (cp.name === p.name && cp.protocol === p.protocol)
          acc = unionConnections(acc, connectionsOf(p.protocol, cp.containerPort, cp.containerPort));
  }
  return acc;
}

export const rulePeerPath = (rule: NormRule, peer: NormPeer | undefined): string =>
  peer ? `${rule.path}.${PEERS_KEY[rule.direction]}[${peer.index}]` : rule.path;

function ipSetOfIps(ips: readonly string[]): IpSet {
  const v4: IpRange[] = [];
  const v6: IpRange[] = [];
  for (const s of ips) {
    const ip = parseIp(s);
    if (!ip) continue;
    (ip.family === 4 ? v4 : v6).push([ip.value, ip.value]);
  }
  return { v4: normalizeRanges(v4), v6: normalizeRanges(v6) };
}

/** Some address of `a` lies in `b`. */
export function ipSetsOverlap(a: IpSet, b: IpSet): boolean {
  const overlap = (x: IpRange[], y: IpRange[]) => {
    for (const [f, l] of x) for (const [g, m] of y) if (f <= m && g <= l) return true;
    return false;
  };
  return overlap(a.v4, b.v4) || overlap(a.v6, b.v6);
}

export function ipSetContains(set: IpSet, family: IpFamily, value: bigint): boolean {
  for (const [f, l] of family === 4 ? set.v4 : set.v6) if (f <= value && value <= l) return true;
  return false;
}

const labelsKey = (labels: Record<string, string>): string =>
  JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );

const portsKey = (ports: readonly ContainerPort[]): string =>
  JSON.stringify(
    ports
      .map((p) => `${p.name ?? ''}:${p.containerPort}/${p.protocol}`)
      .sort()
      .filter((v, i, a) => i === 0 || a[i - 1] !== v),
  );

/** Builds the model: normalised policies, namespaces, workload classes and the policies isolating each class. */
export function buildModel(input: AnalysisInput, options: AnalysisOptions = {}): Model {
  const opts = resolveOptions(options);
  const policies = input.policies.map((p) =>
    isPolicyEntry(p) ? normalizePolicy(p.policy, p.key, opts) : normalizePolicy(p, policyKey(p), opts),
  );
  const inventory = input.inventory ?? { namespaces: [], workloads: [] };
  const workloads = mergeWorkloads(
    inventory.workloads.map((w) => ({ ...w, namespace: namespaceOrDefault(w.namespace) })),
  );

  // Namespaces: Namespace objects first; namespaces only referenced by workloads or policies exist with
  // just the kubernetes.io/metadata.name label, which the control plane always sets.
  const namespaces = new Map<string, Record<string, string>>();
  for (const ns of inventory.namespaces) namespaces.set(ns.name, { ...ns.labels, [NAMESPACE_NAME_LABEL]: ns.name });
  const ensureNs = (name: string) => {
    if (!namespaces.has(name)) namespaces.set(name, { [NAMESPACE_NAME_LABEL]: name });
  };
  for (const w of workloads) ensureNs(w.namespace);
  for (const p of policies) ensureNs(p.namespace);

  const classes: PodClass[] = [];
  const classByKey = new Map<string, PodClass>();
  const workloadClass: number[] = [];
  workloads.forEach((w, i) => {
    const ips = opts.ipBlockMatchesPods || w.hostNetwork ? [...w.ips].sort() : [];
    const key = `${w.namespace}\u0000${labelsKey(w.labels)}\u0000${portsKey(w.ports)}\u0000${w.hostNetwork}\u0000${ips.join(',')}`;
    let c = classByKey.get(key);
    if (!c) {
      c = {
        id: classes.length,
        namespace: w.namespace,
        nsLabels: namespaces.get(w.namespace)!,
        labels: w.labels,
        ports: w.ports,
        hostNetwork: w.hostNetwork,
        ips: ipSetOfIps(ips),
        members: [],
      };
      classes.push(c);
      classByKey.set(key, c);
    }
    c.members.push(i);
    workloadClass.push(c.id);
  });
  const classesByNamespace = new Map<string, PodClass[]>();
  for (const c of classes) {
    const list = classesByNamespace.get(c.namespace);
    if (list) list.push(c);
    else classesByNamespace.set(c.namespace, [c]);
  }

  const ingressPolicies: number[][] = classes.map(() => []);
  const egressPolicies: number[][] = classes.map(() => []);
  const model: Model = {
    options: opts,
    policies,
    namespaces,
    workloads,
    workloadClass,
    classes,
    classesByNamespace,
    ingressPolicies,
    egressPolicies,
    policiesByNamespace: new Map(),
    peerCache: new Map(),
  };
  policies.forEach((p, pi) => {
    const list = model.policiesByNamespace.get(p.namespace);
    if (list) list.push(pi);
    else model.policiesByNamespace.set(p.namespace, [pi]);
    for (const c of policySubjects(model, p)) {
      if (p.isolatesIngress) ingressPolicies[c.id]!.push(pi);
      if (p.isolatesEgress) egressPolicies[c.id]!.push(pi);
    }
  });
  return model;
}

/** Whether a pod class can be a policy subject or be matched by selectors (hostNetwork pods `asNode` cannot). */
const selectable = (model: Model, c: PodClass): boolean =>
  !(c.hostNetwork && model.options.hostNetworkMode === 'asNode');

/** The classes a policy's spec.podSelector selects: pods of its own namespace only. */
export function policySubjects(model: Model, p: NormPolicy): PodClass[] {
  return (model.classesByNamespace.get(p.namespace) ?? []).filter(
    (c) => selectable(model, c) && selectorMatches(p.podSelector, c.labels),
  );
}

/** Whether a policy selects this pod class as its subject. */
export const policySelectsClass = (model: Model, p: NormPolicy, c: PodClass): boolean =>
  c.namespace === p.namespace && selectable(model, c) && selectorMatches(p.podSelector, c.labels);

/** Whether one peer of a rule of policy namespace `policyNs` matches pods of class `c` (§3.3). */
export function peerMatchesClass(model: Model, peer: NormPeer, policyNs: string, c: PodClass): boolean {
  switch (peer.kind) {
    case 'invalid':
      return false;
    case 'ipBlock':
      // With hostNetworkMode `asNode` a hostNetwork pod's traffic is its node's, which ipBlocks do match (§3.7);
      // otherwise a pod is matched by an ipBlock only when the option says so.
      if (!model.options.ipBlockMatchesPods && !(c.hostNetwork && model.options.hostNetworkMode === 'asNode'))
        return false;
      return ipSetsOverlap(c.ips, peer.ips);
    case 'selector':
      return selectable(model, c) && peerSelectsPod(peer, policyNs, c.namespace, c.labels, c.nsLabels);
  }
}

/** The class ids one peer matches, cached by what the peer means. */
export function peerClasses(model: Model, peer: NormPeer, policyNs: string): number[] {
  let key: string;
  if (peer.kind === 'invalid') return [];
  if (peer.kind === 'ipBlock') key = `ip|${peer.cidr}|${peer.except.join(',')}`;
  else
    key = `sel|${peer.namespaceSelector ? `ns:${selectorKey(peer.namespaceSelector)}` : `in:${policyNs}`}|${
      peer.podSelector ? selectorKey(peer.podSelector) : '*'
    }`;
  const hit = model.peerCache.get(key);
  if (hit) return hit;
  let candidates: PodClass[];
  if (peer.kind === 'selector' && !peer.namespaceSelector) candidates = model.classesByNamespace.get(policyNs) ?? [];
  else if (peer.kind === 'selector' && peer.namespaceSelector) {
    candidates = [];
    for (const [ns, labels] of model.namespaces)
      if (selectorMatches(peer.namespaceSelector, labels)) candidates.push(...(model.classesByNamespace.get(ns) ?? []));
  } else candidates = model.classes;
  const ids = candidates.filter((c) => peerMatchesClass(model, peer, policyNs, c)).map((c) => c.id);
  ids.sort((a, b) => a - b);
  model.peerCache.set(key, ids);
  return ids;
}

/** Class ids matched by a rule's peers (null = every class, the rule has no peers). */
export function ruleClasses(model: Model, rule: NormRule): number[] | null {
  if (!rule.peers) return null;
  if (rule.peers.length === 1) return peerClasses(model, rule.peers[0]!, rule.policy.namespace);
  const set = new Set<number>();
  for (const peer of rule.peers) for (const id of peerClasses(model, peer, rule.policy.namespace)) set.add(id);
  return [...set].sort((a, b) => a - b);
}

export { PROTOCOLS };
