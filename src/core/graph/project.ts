/**
 * Policies → graph. Nodes are peers and subjects keyed by meaning; edges are allowed flows remembered with
 * every rule that writes them. Rules for a direction missing from the policy's (defaulted) policyTypes are
 * ignored by Kubernetes, so they draw no edge (the linter reports them).
 */
import { isRecord } from '../model/clone.ts';
import { effectivePolicyTypes, namespaceOrDefault, policyNamespace, ruleList } from '../model/normalize.ts';
import { asRule, PEERS_KEY, peersOf, rulesOf } from '../model/peer.ts';
import { selectorLabel } from '../model/selector.ts';
import { collectTemplateParams } from '../read/template.ts';
import type { Direction, NetworkPolicy, NetworkPolicyPort, PolicyEntry, ReadResult } from '../model/types.ts';
import { nodeId, peerToRef, refToPeer } from './refs.ts';
import {
  normalizeAdminEntry,
  type AdminPeer,
  type AdminPolicyEntry,
  type AdminPort,
  type AdminSubject,
} from '../model/admin.ts';
import type { GraphEdge, GraphNode, GraphPolicy, NodeRef, PolicyGraph, RuleRef } from './types.ts';

/** `TCP 443, 8080`, `UDP 53`, `TCP 8000-9000`, `SCTP all`, `all ports`. */
export function portsLabel(ports: readonly NetworkPolicyPort[] | undefined): string {
  if (!ports || ports.length === 0) return 'all ports';
  const byProto = new Map<string, string[]>();
  for (const p of ports) {
    // Typed at the door (read/door.ts): protocol a string, port an int or a string, endPort an int.
    if (typeof p !== 'object' || p === null) continue;
    const proto = p.protocol ?? 'TCP';
    const list = byProto.get(proto) ?? [];
    const text =
      p.port === undefined || p.port === null
        ? 'all'
        : p.endPort !== undefined && p.endPort !== null
          ? `${p.port}-${p.endPort}`
          : `${p.port}`;
    if (!list.includes(text)) list.push(text);
    byProto.set(proto, list);
  }
  return [...byProto].map(([proto, list]) => `${proto} ${list.join(', ')}`).join('; ');
}

function refLabel(ref: NodeRef): string {
  switch (ref.kind) {
    case 'namespace':
      return ref.namespace;
    case 'pods':
      return selectorLabel(ref.podSelector) === 'all' ? 'all pods' : selectorLabel(ref.podSelector);
    case 'namespacePods':
      return ref.podSelector && selectorLabel(ref.podSelector) !== 'all'
        ? selectorLabel(ref.podSelector)
        : selectorLabel(ref.namespaceSelector) === 'all'
          ? 'all namespaces'
          : `namespaces where ${selectorLabel(ref.namespaceSelector)}`;
    case 'ipBlock':
      return ref.except?.length ? `${ref.cidr} except ${ref.except.join(', ')}` : ref.cidr;
    case 'anywhere':
      return 'anywhere';
  }
}

/**
 * False only when no key or string in `value` contains `{{`, so it cannot hold a `{{param}}`: a cheap pre-check
 * (no regex, no allocation) before collecting parameters with the regex. Deep values are left to the collector.
 */
function mayHaveTemplateParams(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (!value || typeof value !== 'object') return false;
  if (depth > 50) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (mayHaveTemplateParams(v, depth + 1)) return true;
    return false;
  }
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (k.includes('{{') || mayHaveTemplateParams((value as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

class GraphBuilder {
  nodes = new Map<string, GraphNode>();
  edges = new Map<string, GraphEdge>();
  /** Per edge with ports: the JSON text of each of its ports, to merge ports in linear time. */
  private portKeys = new Map<string, Set<string>>();

  namespace(name: string, labels?: Record<string, string>): string {
    const id = nodeId({ kind: 'namespace', namespace: name });
    const existing = this.nodes.get(id);
    if (!existing)
      this.nodes.set(id, {
        id,
        type: 'namespace',
        ref: { kind: 'namespace', namespace: name },
        label: name,
        ...(labels ? { labels } : {}),
      });
    else if (labels) existing.labels = labels;
    return id;
  }

  /** The node of `ref` (`id`: its nodeId, when known), created on first use. */
  node(ref: NodeRef, id = nodeId(ref)): string {
    if (this.nodes.has(id)) return id;
    let parentId: string | undefined;
    let type: GraphNode['type'];
    switch (ref.kind) {
      case 'namespace':
        return this.namespace(ref.namespace);
      case 'pods':
        parentId = this.namespace(ref.namespace);
        type = 'podGroup';
        break;
      case 'namespacePods':
        if (ref.podSelector && selectorLabel(ref.podSelector) !== 'all') {
          parentId = this.node({ kind: 'namespacePods', namespaceSelector: ref.namespaceSelector });
          type = 'podGroup';
        } else type = 'namespaceSelector';
        break;
      case 'ipBlock':
        type = 'ipBlock';
        break;
      case 'anywhere':
        type = 'anywhere';
        break;
    }
    const params = mayHaveTemplateParams(ref) ? collectTemplateParams(ref) : [];
    this.nodes.set(id, {
      id,
      type,
      ref,
      label: refLabel(ref),
      ...(parentId ? { parentId } : {}),
      ...(params.length ? { templateParams: params } : {}),
    });
    return id;
  }

  edge(source: string, target: string, rule: RuleRef) {
    const id = [source, '->', target].join('');
    const e = this.edges.get(id);
    if (!e) {
      // Most flows are written by one rule: the edge shares that rule's ports array until a second rule
      // adds ports (then it gets its own copy, below), and its rules list is allocated at its exact size.
      this.edges.set(id, { id, source, target, ports: rule.ports, label: '', rules: [rule] });
      return;
    }
    if (!rule.ports || !e.ports) {
      e.ports = undefined; // one rule with all ports makes the flow all ports
    } else {
      let keys = this.portKeys.get(id);
      if (!keys) {
        this.portKeys.set(id, (keys = new Set(e.ports.map((q) => JSON.stringify(q)))));
        e.ports = [...e.ports];
      }
      for (const p of rule.ports) {
        const key = JSON.stringify(p);
        if (!keys.has(key)) {
          keys.add(key);
          e.ports.push(p);
        }
      }
    }
    e.rules.push(rule);
  }
}

/** One flow a policy writes: from (ingress) or to (egress) the peer's node, written at `ref`. */
interface PolicyFlow {
  direction: Direction;
  peer: NodeRef;
  peerId: string;
  ref: RuleRef;
}

/**
 * What one policy draws: the graph's record of it (with its key and its subject's node id), the subject's node and
 * its flows. Depends on the policy object and its key.
 */
interface PolicyProjection {
  graphPolicy: GraphPolicy;
  subject: NodeRef;
  flows: PolicyFlow[];
}

const ANYWHERE: NodeRef = { kind: 'anywhere' };
const ANYWHERE_ID = nodeId(ANYWHERE);

function ruleFlows(entry: PolicyEntry, direction: Direction, flows: PolicyFlow[]) {
  const rules = rulesOf(entry.policy.spec, direction);
  const ns = policyNamespace(entry.policy);
  const peersKey = PEERS_KEY[direction];
  // Plain loops and no per-rule closures or object spreads: this runs for every peer of every policy.
  for (let r = 0; r < rules.length; r++) {
    const rule = asRule(rules[r]);
    if (!rule) continue;
    const ports = Array.isArray(rule.ports) && rule.ports.length ? (rule.ports as NetworkPolicyPort[]) : undefined;
    const peers = peersOf(rule, direction);
    // Paths are joined, not concatenated: `a + b + c` keeps a chain of rope strings alive for each of the
    // thousands of rule refs of a cluster dump, a join one flat string. Each ref gets its final shape at once.
    const base = [entry.key, ' spec.', direction, '[', r, ']'].join('');
    if (peers.length === 0) {
      const ref: RuleRef = ports
        ? { policy: entry.key, direction, rule: r, path: base, ports }
        : { policy: entry.key, direction, rule: r, path: base };
      flows.push({ direction, peer: ANYWHERE, peerId: ANYWHERE_ID, ref });
      continue;
    }
    for (let p = 0; p < peers.length; p++) {
      const peer = peerToRef(peers[p]!, ns);
      if (!peer) continue; // an empty peer is invalid (validation reports it) and selects nothing drawable
      const path = [base, '.', peersKey, '[', p, ']'].join('');
      const ref: RuleRef = ports
        ? { policy: entry.key, direction, rule: r, peer: p, path, ports }
        : { policy: entry.key, direction, rule: r, peer: p, path };
      flows.push({ direction, peer, peerId: nodeId(peer), ref });
    }
  }
}

function projectPolicy(entry: PolicyEntry): PolicyProjection {
  const spec: Record<string, unknown> = isRecord(entry.policy.spec) ? entry.policy.spec : {};
  const ns = policyNamespace(entry.policy);
  const podSelector = isRecord(spec.podSelector) ? spec.podSelector : {};
  const subject: NodeRef = { kind: 'pods', namespace: ns, podSelector };
  const types = effectivePolicyTypes(entry.policy);
  const flows: PolicyFlow[] = [];
  if (types.includes('Ingress')) ruleFlows(entry, 'ingress', flows);
  if (types.includes('Egress')) ruleFlows(entry, 'egress', flows);
  return {
    subject,
    graphPolicy: {
      key: entry.key,
      metadata: isRecord(entry.policy.metadata) ? entry.policy.metadata : {},
      subject: nodeId(subject),
      policyTypes: types,
      ingressRules: types.includes('Ingress') ? ruleList(spec.ingress).length : 0,
      egressRules: types.includes('Egress') ? ruleList(spec.egress).length : 0,
    },
    flows,
  };
}

/**
 * What each policy object drew the last time it was projected. A policy's part of the graph depends on the
 * policy alone (and its key), and a reader with a parse cache hands an unchanged document's policy over as the
 * same object, so an editor keeps one memo across projections: an edit re-projects only the policies it changed,
 * and the unchanged ones draw the very same refs and rule refs, which lets whoever compares two graphs (the
 * derive worker's wire) tell unchanged items by identity instead of by content. Parsed values are never
 * modified, which is what makes keeping them by object sound.
 */
export class ProjectionMemo {
  private readonly byPolicy = new WeakMap<object, PolicyProjection>();

  projection(entry: PolicyEntry): PolicyProjection {
    let projected = this.byPolicy.get(entry.policy);
    if (!projected || projected.graphPolicy.key !== entry.key) {
      projected = projectPolicy(entry);
      this.byPolicy.set(entry.policy, projected);
    }
    return projected;
  }
}

export function projectGraph(
  result: Pick<ReadResult, 'policies' | 'inventory'> & Partial<Pick<ReadResult, 'adminPolicies'>>,
  memo?: ProjectionMemo,
): PolicyGraph {
  const b = new GraphBuilder();
  const policies: GraphPolicy[] = [];
  for (const ns of result.inventory.namespaces) b.namespace(ns.name, ns.labels);
  for (const entry of result.policies) {
    const projected = memo ? memo.projection(entry) : projectPolicy(entry);
    const gp = projected.graphPolicy;
    const subjectId = b.node(projected.subject, gp.subject);
    const subject = b.nodes.get(subjectId)!;
    policies.push(gp);
    const iso = (subject.isolation ??= { ingress: false, egress: false, ingressPolicies: [], egressPolicies: [] });
    (subject.policies ??= []).push(entry.key);
    if (gp.policyTypes.includes('Ingress')) {
      iso.ingress = true;
      iso.ingressPolicies.push(entry.key);
    }
    if (gp.policyTypes.includes('Egress')) {
      iso.egress = true;
      iso.egressPolicies.push(entry.key);
    }
    for (const flow of projected.flows) {
      const peerId = b.node(flow.peer, flow.peerId);
      if (flow.direction === 'ingress') b.edge(peerId, subjectId, flow.ref);
      else b.edge(subjectId, peerId, flow.ref);
    }
  }
  const edges = [...b.edges.values()];
  for (const e of edges) e.label = portsLabel(e.ports);
  const adminEdges = projectAdminPolicies(b, result.adminPolicies ?? []);
  return { nodes: [...b.nodes.values()], edges: adminEdges.length ? [...edges, ...adminEdges] : edges, policies };
}

/**
 * Graph → policies: compiles the graph back. Exact for what the graph draws: the subject from the policy's
 * node, each rule from the edges' rule refs (peers in their original order, ports as written). Rules for a
 * direction outside policyTypes are not drawn (Kubernetes ignores them), so they do not come back.
 */
export function graphToPolicies(graph: PolicyGraph): NetworkPolicy[] {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const rulesOf = new Map<string, Map<string, { peers: Map<number, string>; ports?: NetworkPolicyPort[] }>>();
  for (const e of graph.edges) {
    for (const r of e.rules) {
      const byRule = rulesOf.get(r.policy) ?? new Map();
      rulesOf.set(r.policy, byRule);
      const key = `${r.direction}:${r.rule}`;
      const rule = byRule.get(key) ?? { peers: new Map<number, string>(), ...(r.ports ? { ports: r.ports } : {}) };
      byRule.set(key, rule);
      if (r.peer !== undefined) rule.peers.set(r.peer, r.direction === 'ingress' ? e.source : e.target);
    }
  }
  return graph.policies.map((gp) => {
    const subject = nodes.get(gp.subject)?.ref;
    const namespace = subject?.kind === 'pods' ? subject.namespace : namespaceOrDefault(gp.metadata.namespace);
    const spec: NetworkPolicy['spec'] & Record<string, unknown> = {
      podSelector: subject?.kind === 'pods' ? subject.podSelector : {},
      policyTypes: [...gp.policyTypes],
    };
    for (const [direction, count] of [
      ['ingress', gp.ingressRules],
      ['egress', gp.egressRules],
    ] as const) {
      const rules: Record<string, unknown>[] = [];
      for (let i = 0; i < count; i++) {
        const rule = rulesOf.get(gp.key)?.get(`${direction}:${i}`);
        if (!rule) continue; // a rule whose peers were all invalid draws nothing
        const peers = [...rule.peers.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([, id]) => refToPeer(nodes.get(id)!.ref, namespace))
          .filter((p) => p !== undefined);
        rules.push({
          ...(peers.length ? { [PEERS_KEY[direction]]: peers } : {}),
          ...(rule.ports ? { ports: rule.ports } : {}),
        });
      }
      if (rules.length) spec[direction] = rules;
    }
    return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { ...gp.metadata }, spec };
  });
}

/** The node of an admin subject or `namespaces`/`pods` peer: pods in the namespaces a selector matches. */
function adminPodsRef(p: AdminPeer | AdminSubject): NodeRef | undefined {
  if (p.kind === 'namespaces') return { kind: 'namespacePods', namespaceSelector: p.namespaceSelector };
  if (p.kind === 'pods')
    return { kind: 'namespacePods', namespaceSelector: p.namespaceSelector, podSelector: p.podSelector };
  return undefined;
}

/** `TCP 80, 8000-8080; UDP 53; port http` from a rule's normalised ports. */
function adminPortsLabel(ports: readonly AdminPort[] | null): string {
  if (!ports) return 'all ports';
  const byProto = new Map<string, string[]>();
  for (const p of ports) {
    const [proto, text] =
      p.kind === 'range'
        ? [p.protocol, p.lo === p.hi ? `${p.lo}` : `${p.lo}-${p.hi}`]
        : p.kind === 'named'
          ? ['port', p.name]
          : ['?', '?'];
    const list = byProto.get(proto) ?? [];
    if (!list.includes(text)) list.push(text);
    byProto.set(proto, list);
  }
  return [...byProto].map(([proto, list]) => `${proto} ${list.join(', ')}`).join('; ');
}

/**
 * ClusterNetworkPolicies (and ANPs/BANPs): subjects and peers become nodes like any others; each rule's flows are
 * edges that carry the rule's `action` and `tier`, kept apart from NetworkPolicy flows (which only allow).
 * `nodes`, `domainNames` and unknown peers are not drawn (no node type stands for them yet).
 */
function projectAdminPolicies(b: GraphBuilder, entries: readonly AdminPolicyEntry[]): GraphEdge[] {
  const edges = new Map<string, GraphEdge>();
  const labels = new Map<string, Set<string>>();
  entries.forEach((entry, i) => {
    const p = normalizeAdminEntry(entry, i);
    const subjectRef = adminPodsRef(p.subject);
    if (!subjectRef) return;
    const subjectId = b.node(subjectRef);
    (b.nodes.get(subjectId)!.policies ??= []).push(p.key);
    for (const rule of [...p.ingress, ...p.egress]) {
      if (!rule.action) continue;
      for (const peer of rule.peers) {
        const refs: NodeRef[] =
          peer.kind === 'networks'
            ? peer.cidrs.map((cidr) => ({ kind: 'ipBlock', cidr }))
            : [adminPodsRef(peer)].filter((r): r is NodeRef => !!r);
        for (const ref of refs) {
          const peerId = b.node(ref);
          const [source, target] = rule.direction === 'ingress' ? [peerId, subjectId] : [subjectId, peerId];
          const id = `${source}->${target}|${p.tier}|${rule.action}`;
          const ruleRef: RuleRef = {
            policy: p.key,
            direction: rule.direction,
            rule: rule.index,
            peer: peer.index,
            path: `${rule.path}.${rule.direction === 'ingress' ? 'from' : 'to'}[${peer.index}]`,
          };
          const ports = adminPortsLabel(rule.ports);
          let e = edges.get(id);
          if (!e) {
            e = { id, source, target, label: '', rules: [], action: rule.action, tier: p.tier };
            edges.set(id, e);
            labels.set(id, new Set());
          }
          e.rules.push(ruleRef);
          labels.get(id)!.add(ports);
        }
      }
    }
  });
  for (const e of edges.values()) e.label = `${e.action} (${e.tier}): ${[...labels.get(e.id)!].join('; ')}`;
  return [...edges.values()];
}
