/**
 * The connectivity engine (netpol-semantics.md §3): for every ordered pair of peers, the connections allowed
 * end to end. A connection needs the source's egress AND the destination's ingress to allow it; a pod is
 * isolated for a direction when some policy selecting it has that direction in its effective policyTypes, and
 * then only the union of those policies' rules of that direction allows anything.
 *
 * Work is done per workload class (see model.ts): each rule's matching source/destination classes are computed
 * once (and cached by selector meaning), each destination class gathers the policies that apply to it once, and
 * the result is expanded to workloads at the end. External addresses are ranges cut only at the edges of the
 * ipBlocks of one direction (conformance.md §1 rule 2): ingress ipBlocks cut sources, egress ipBlocks cut
 * destinations.
 */
import type { IpFamily, IpRange } from '../model/cidr.ts';
import { familyMax, formatIp } from '../model/cidr.ts';
import type { WorkloadInfo } from '../model/types.ts';
import {
  buildModel,
  portsOnDestination,
  ruleClasses,
  type AnalysisInput,
  type AnalysisOptions,
  type IpSet,
  type Model,
  type NormRule,
  type ResolvedOptions,
} from './model.ts';
import { adminEgressNetworkSets, hasAdminEgress, tieredAllows, type AdminOther } from './admin.ts';
import {
  ALL_CONNECTIONS,
  intersectConnections,
  isEmptyConnections,
  NO_CONNECTIONS,
  unionConnections,
  type ConnectionSet,
} from '../model/portset.ts';

export interface WorkloadPeer {
  kind: 'workload';
  /** `ns/name[Kind]` */
  id: string;
  workload: WorkloadInfo;
}

export interface ExternalPeer {
  kind: 'external';
  /** `a.b.c.d-e.f.g.h[External]` */
  id: string;
  family: IpFamily;
  first: bigint;
  last: bigint;
}

export type Peer = WorkloadPeer | ExternalPeer;

export interface Connection {
  src: Peer;
  dst: Peer;
  conns: ConnectionSet;
}

export interface ConnectivityResult {
  /** Workloads (sorted by id), then the external ranges used as sources, then those used as destinations. */
  peers: Peer[];
  /** Every ordered pair with a non-empty allowed set, sorted by src id then dst id (byte order). No workload →
   * itself, no external → external. */
  connections: Connection[];
  options: ResolvedOptions;
}

export const workloadId = (w: Pick<WorkloadInfo, 'namespace' | 'name' | 'kind'>): string =>
  `${w.namespace}/${w.name}[${w.kind}]`;

export const externalId = (family: IpFamily, first: bigint, last: bigint): string =>
  `${formatIp(family, first)}-${formatIp(family, last)}[External]`;

/** Byte-order comparison (np-guard sorts with Go's string comparison). */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A range of external addresses with the same treatment by every ipBlock of one direction. */
export interface Segment {
  family: IpFamily;
  first: bigint;
  last: bigint;
}

/**
 * Splits the address space at the edges of the given ipBlocks' address sets. IPv4 always; IPv6 only when some
 * ipBlock is IPv6 (np-guard's NetworkPolicy-only outputs are IPv4).
 */
export function cutSegments(blocks: readonly IpSet[]): Segment[] {
  const out: Segment[] = [];
  for (const family of [4, 6] as const) {
    const ranges: IpRange[] = blocks.flatMap((b) => (family === 4 ? b.v4 : b.v6));
    if (family === 6 && ranges.length === 0) continue;
    const max = familyMax(family);
    const cuts = new Set<bigint>([0n]);
    for (const [f, l] of ranges) {
      cuts.add(f);
      if (l < max) cuts.add(l + 1n);
    }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((f, i) => out.push({ family, first: f, last: i + 1 < sorted.length ? sorted[i + 1]! - 1n : max }));
  }
  return out;
}

/** Indices of the segments inside an ipBlock's address set (segments are cut at its edges, so inside or out). */
function segmentsIn(segments: readonly Segment[], set: IpSet): number[] {
  const out: number[] = [];
  segments.forEach((s, i) => {
    for (const [f, l] of s.family === 4 ? set.v4 : set.v6)
      if (f <= s.first && s.last <= l) {
        out.push(i);
        return;
      }
  });
  return out;
}

/**
 * Connections per pair of classes, and between classes and external segments, computed lazily and cached.
 * Exposed so the matrix view, the edge annotator and the CLI share one computation.
 */
export class ConnectivityEngine {
  readonly model: Model;
  /** Per destination class: null when not ingress-isolated, else source class → allowed connections. */
  private ingressFrom: (Map<number, ConnectionSet> | null | undefined)[];
  /** Per isolated destination class: what rules with no `from` allow (every source). */
  private ingressFromAll: ConnectionSet[] = [];
  private egressTo: (Map<number, ConnectionSet> | null | undefined)[];
  private egressToAll: ConnectionSet[] = [];
  private pairCache = new Map<number, ConnectionSet>();
  private rulesSegments = new Map<NormRule, number[] | null>();
  readonly ingressSegments: Segment[];
  readonly egressSegments: Segment[];

  constructor(model: Model) {
    this.model = model;
    this.ingressFrom = new Array(model.classes.length);
    this.egressTo = new Array(model.classes.length);
    const ipBlocks = (dir: 'ingress' | 'egress') =>
      model.policies.flatMap((p) =>
        p[dir].flatMap((r) => (r.peers ?? []).flatMap((peer) => (peer.kind === 'ipBlock' ? [peer.ips] : []))),
      );
    this.ingressSegments = cutSegments(ipBlocks('ingress'));
    this.egressSegments = cutSegments([...ipBlocks('egress'), ...adminEgressNetworkSets(model.admin)]);
  }

  private rulesOf(dir: 'ingress' | 'egress', classId: number): NormRule[] {
    const list = dir === 'ingress' ? this.model.ingressPolicies[classId]! : this.model.egressPolicies[classId]!;
    return list.flatMap((pi) => this.model.policies[pi]![dir]);
  }

  /** Whether a class is isolated for a direction. */
  isolated(dir: 'ingress' | 'egress', classId: number): boolean {
    return (dir === 'ingress' ? this.model.ingressPolicies : this.model.egressPolicies)[classId]!.length > 0;
  }

  private ensureIngress(d: number): Map<number, ConnectionSet> | null {
    const hit = this.ingressFrom[d];
    if (hit !== undefined) return hit;
    if (!this.isolated('ingress', d)) return (this.ingressFrom[d] = null);
    const map = new Map<number, ConnectionSet>();
    let all = NO_CONNECTIONS;
    const dstPorts = this.model.classes[d]!.ports;
    for (const rule of this.rulesOf('ingress', d)) {
      const conns = portsOnDestination(rule, dstPorts);
      if (isEmptyConnections(conns)) continue;
      const sources = ruleClasses(this.model, rule);
      if (sources === null) all = unionConnections(all, conns);
      else for (const s of sources) map.set(s, unionConnections(map.get(s) ?? NO_CONNECTIONS, conns));
    }
    this.ingressFromAll[d] = all;
    return (this.ingressFrom[d] = map);
  }

  private ensureEgress(s: number): Map<number, ConnectionSet> | null {
    const hit = this.egressTo[s];
    if (hit !== undefined) return hit;
    if (!this.isolated('egress', s)) return (this.egressTo[s] = null);
    const map = new Map<number, ConnectionSet>();
    let all = NO_CONNECTIONS;
    const classes = this.model.classes;
    for (const rule of this.rulesOf('egress', s)) {
      const dsts = ruleClasses(this.model, rule);
      if (!rule.hasNamedPorts) {
        const conns = portsOnDestination(rule, undefined);
        if (isEmptyConnections(conns)) continue;
        if (dsts === null) all = unionConnections(all, conns);
        else for (const d of dsts) map.set(d, unionConnections(map.get(d) ?? NO_CONNECTIONS, conns));
      } else {
        // Named ports resolve per destination pod, so each destination class is its own case.
        for (const d of dsts ?? classes.map((c) => c.id)) {
          const conns = portsOnDestination(rule, classes[d]!.ports);
          if (!isEmptyConnections(conns)) map.set(d, unionConnections(map.get(d) ?? NO_CONNECTIONS, conns));
        }
      }
    }
    this.egressToAll[s] = all;
    return (this.egressTo[s] = map);
  }

  /** What the destination class's NetworkPolicies allow from the source class (null: none isolates it). */
  npIngressAllows(src: number, dst: number): ConnectionSet | null {
    const map = this.ensureIngress(dst);
    if (map === null) return null;
    return unionConnections(this.ingressFromAll[dst]!, map.get(src) ?? NO_CONNECTIONS);
  }

  /** What the source class's NetworkPolicies allow to the destination class (null: none isolates it). */
  npEgressAllows(src: number, dst: number): ConnectionSet | null {
    const map = this.ensureEgress(src);
    if (map === null) return null;
    return unionConnections(this.egressToAll[src]!, map.get(dst) ?? NO_CONNECTIONS);
  }

  /** What the destination class's ingress allows from the source class, with the Admin and Baseline tiers. */
  ingressAllows(src: number, dst: number): ConnectionSet {
    const np = this.npIngressAllows(src, dst);
    if (!this.model.admin.any) return np ?? ALL_CONNECTIONS;
    const classes = this.model.classes;
    const other: AdminOther = { kind: 'class', c: classes[src]! };
    return tieredAllows(this.model.admin, this.model.options, 'ingress', classes[dst]!, other, classes[dst]!.ports, np)
      .allowed;
  }

  /** What the source class's egress allows to the destination class, with the Admin and Baseline tiers. */
  egressAllows(src: number, dst: number): ConnectionSet {
    const np = this.npEgressAllows(src, dst);
    if (!this.model.admin.any) return np ?? ALL_CONNECTIONS;
    const classes = this.model.classes;
    const other: AdminOther = { kind: 'class', c: classes[dst]! };
    return tieredAllows(this.model.admin, this.model.options, 'egress', classes[src]!, other, classes[dst]!.ports, np)
      .allowed;
  }

  /**
   * The destination classes the source class's egress can reach at all (null: every class, because the
   * source is not egress-isolated or one of its egress rules has no peers).
   */
  destinationCandidates(src: number): number[] | null {
    const map = this.ensureEgress(src);
    if (map === null || !isEmptyConnections(this.egressToAll[src]!)) return null;
    // An Admin-tier Accept can allow egress its NetworkPolicies do not.
    if (hasAdminEgress(this.model.admin, this.model.options, this.model.classes[src]!)) return null;
    return [...map.keys()];
  }

  /** End to end, without caching (each pair asked once by the connlist). */
  pairConnections(src: number, dst: number): ConnectionSet {
    const egress = this.egressAllows(src, dst);
    if (isEmptyConnections(egress)) return NO_CONNECTIONS;
    const ingress = this.ingressAllows(src, dst);
    return isEmptyConnections(ingress) ? NO_CONNECTIONS : intersectConnections(egress, ingress);
  }

  /** End to end: the source's egress AND the destination's ingress. */
  podToPod(src: number, dst: number): ConnectionSet {
    const key = src * this.model.classes.length + dst;
    const hit = this.pairCache.get(key);
    if (hit) return hit;
    const egress = this.egressAllows(src, dst);
    const result = isEmptyConnections(egress)
      ? NO_CONNECTIONS
      : intersectConnections(egress, this.ingressAllows(src, dst));
    this.pairCache.set(key, result);
    return result;
  }

  private ruleSegments(rule: NormRule, segments: readonly Segment[]): number[] | null {
    if (this.rulesSegments.has(rule)) return this.rulesSegments.get(rule)!;
    let result: number[] | null;
    if (!rule.peers) result = null;
    else {
      const set = new Set<number>();
      for (const peer of rule.peers)
        if (peer.kind === 'ipBlock') for (const i of segmentsIn(segments, peer.ips)) set.add(i);
      result = [...set];
    }
    this.rulesSegments.set(rule, result);
    return result;
  }

  /** Per ingress segment: what the destination class allows from it (no policy governs an external source's egress). */
  fromExternal(dst: number): ConnectionSet[] {
    const np = this.npFromExternal(dst);
    if (!this.model.admin.any) return np ?? this.ingressSegments.map(() => ALL_CONNECTIONS);
    const c = this.model.classes[dst]!;
    return this.ingressSegments.map(
      (s, i) =>
        tieredAllows(this.model.admin, this.model.options, 'ingress', c, { kind: 'ip', ...s }, c.ports, np?.[i] ?? null)
          .allowed,
    );
  }

  /** Per egress segment: what the source class allows to it, with the Admin and Baseline tiers. */
  toExternal(src: number): ConnectionSet[] {
    const np = this.npToExternal(src);
    if (!this.model.admin.any) return np ?? this.egressSegments.map(() => ALL_CONNECTIONS);
    const c = this.model.classes[src]!;
    // Named ports never match an external destination: no destination ports.
    return this.egressSegments.map(
      (s, i) =>
        tieredAllows(
          this.model.admin,
          this.model.options,
          'egress',
          c,
          { kind: 'ip', ...s },
          undefined,
          np?.[i] ?? null,
        ).allowed,
    );
  }

  /** Per ingress segment: what the destination class's NetworkPolicies allow from it (null: not isolated). */
  npFromExternal(dst: number): ConnectionSet[] | null {
    const segs = this.ingressSegments;
    if (!this.isolated('ingress', dst)) return null;
    const acc: ConnectionSet[] = segs.map(() => NO_CONNECTIONS);
    const dstPorts = this.model.classes[dst]!.ports;
    for (const rule of this.rulesOf('ingress', dst)) {
      const conns = portsOnDestination(rule, dstPorts);
      if (isEmptyConnections(conns)) continue;
      const idx = this.ruleSegments(rule, segs);
      if (idx === null) for (let i = 0; i < acc.length; i++) acc[i] = unionConnections(acc[i]!, conns);
      else for (const i of idx) acc[i] = unionConnections(acc[i]!, conns);
    }
    return acc;
  }

  /** Per egress segment: what the source class's NetworkPolicies allow to it (named ports resolve to nothing; null: not isolated). */
  npToExternal(src: number): ConnectionSet[] | null {
    const segs = this.egressSegments;
    if (!this.isolated('egress', src)) return null;
    const acc: ConnectionSet[] = segs.map(() => NO_CONNECTIONS);
    for (const rule of this.rulesOf('egress', src)) {
      const conns = portsOnDestination(rule, undefined);
      if (isEmptyConnections(conns)) continue;
      const idx = this.ruleSegments(rule, segs);
      if (idx === null) for (let i = 0; i < acc.length; i++) acc[i] = unionConnections(acc[i]!, conns);
      else for (const i of idx) acc[i] = unionConnections(acc[i]!, conns);
    }
    return acc;
  }
}

/** Full connectivity: every workload pair, workloads to and from external address ranges. */
export function analyzeConnectivity(input: AnalysisInput | Model, options: AnalysisOptions = {}): ConnectivityResult {
  const model = 'classes' in input ? input : buildModel(input, options);
  const engine = new ConnectivityEngine(model);
  const order = model.workloads.map((w, i) => ({ i, id: workloadId(w) })).sort((a, b) => compareIds(a.id, b.id));
  const wPeers: WorkloadPeer[] = order.map(({ i, id }) => ({ kind: 'workload', id, workload: model.workloads[i]! }));
  const wClass = order.map(({ i }) => model.workloadClass[i]!);
  const toPeer = (s: Segment): ExternalPeer => ({ kind: 'external', id: externalId(s.family, s.first, s.last), ...s });
  const inPeers = engine.ingressSegments.map(toPeer);
  const outPeers = engine.egressSegments.map(toPeer);

  // Workloads per class, as indices into the sorted peer list.
  const members: number[][] = model.classes.map(() => []);
  wClass.forEach((c, a) => members[c]!.push(a));

  const connections: Connection[] = [];
  // Work per pair of classes, not per pair of workloads: most pairs are decided by one lookup, and only
  // pairs with some allowed connection are expanded to their workloads.
  for (const sc of model.classes) {
    const srcs = members[sc.id]!;
    const candidates = engine.destinationCandidates(sc.id);
    for (const dc of candidates ?? model.classes.map((c) => c.id)) {
      const conns = engine.pairConnections(sc.id, dc);
      if (isEmptyConnections(conns)) continue;
      for (const a of srcs)
        for (const b of members[dc]!) if (a !== b) connections.push({ src: wPeers[a]!, dst: wPeers[b]!, conns });
    }
    engine.toExternal(sc.id).forEach((conns, i) => {
      if (!isEmptyConnections(conns))
        for (const a of srcs) connections.push({ src: wPeers[a]!, dst: outPeers[i]!, conns });
    });
    engine.fromExternal(sc.id).forEach((conns, i) => {
      if (!isEmptyConnections(conns))
        for (const b of srcs) connections.push({ src: inPeers[i]!, dst: wPeers[b]!, conns });
    });
  }
  // Sort by (src id, dst id) in byte order, comparing precomputed ranks rather than strings.
  const rank = new Map<string, number>();
  [...new Set([...wPeers, ...inPeers, ...outPeers].map((p) => p.id))]
    .sort(compareIds)
    .forEach((id, i) => rank.set(id, i));
  const keyed = connections.map((c) => ({ c, s: rank.get(c.src.id)!, d: rank.get(c.dst.id)! }));
  keyed.sort((x, y) => x.s - y.s || x.d - y.d);
  for (let i = 0; i < keyed.length; i++) connections[i] = keyed[i]!.c;
  return { peers: [...wPeers, ...inPeers, ...outPeers], connections, options: model.options };
}

/**
 * np-guard's `--focusworkload`: only the connections from or to the named workloads (`name` in any
 * namespace, `ns/name`, or `ns/name[Kind]`).
 */
export function focusConnectivity(result: ConnectivityResult, workloads: readonly string[]): ConnectivityResult {
  const matches = (p: Peer): boolean =>
    p.kind === 'workload' &&
    workloads.some((w) =>
      w.includes('[')
        ? w === p.id
        : w.includes('/')
          ? w === `${p.workload.namespace}/${p.workload.name}`
          : w === p.workload.name,
    );
  return { ...result, connections: result.connections.filter((c) => matches(c.src) || matches(c.dst)) };
}
