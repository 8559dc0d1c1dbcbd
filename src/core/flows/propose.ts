/**
 * Observed traffic → NetworkPolicies that allow exactly it (docs/flows.md §3): one policy per pod class of
 * the capture, isolating it for ingress and egress, with one rule per observed peer and only the observed
 * ports; a default deny per namespace touched; selectors as narrow as the capture requires (§3.2).
 * With existing policies (`merge`), only what they do not already allow is proposed, direction by direction,
 * decided by the analysis engine.
 */
import type { LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { formatIp, parseIp } from '../model/cidr.ts';
import { dumpObject, canonicalPolicy } from '../format/write.ts';
import { NAMESPACE_NAME_LABEL } from '../read/inventory.ts';
import { selectorMatches } from '../model/selector.ts';
import { buildModel, type AnalysisInput, type Model } from '../analysis/model.ts';
import { explainConnection } from '../analysis/explain.ts';
import type { LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Protocol } from '../model/types.ts';
import { classKeyOf, type FlowCapture, type FlowClass, type FlowEndpoint, type FlowGroup } from './read.ts';
import { flowEndpoint, type ContainerPortsLookup } from './endpoints.ts';

/** One side of an observed connection at class level: a pod class of the capture, or an external address. */
export type ObservedPeer = { kind: 'class'; key: string } | { kind: 'ip'; ip: string };

/** (source, destination, protocol, port) of §2.3, with the flow groups that justify it. */
export interface ObservedConnection {
  src: ObservedPeer;
  dst: ObservedPeer;
  protocol: Protocol;
  port: number;
  flows: number;
  groups: FlowGroup[];
}

const peerOf = (e: FlowEndpoint): ObservedPeer =>
  e.kind === 'ip' ? { kind: 'ip', ip: canonicalIp(e.ip) } : { kind: 'class', key: classKeyOf(e) };

export const peerText = (p: ObservedPeer): string => (p.kind === 'ip' ? p.ip : p.key);

function canonicalIp(text: string): string {
  const ip = parseIp(text);
  return ip ? formatIp(ip.family, ip.value) : text;
}

/** O: the observed connections of a capture (passed records only), sorted. */
export function observedConnections(capture: FlowCapture): ObservedConnection[] {
  const byKey = new Map<string, ObservedConnection>();
  for (const g of capture.groups) {
    if (!g.passed) continue;
    const src = peerOf(g.source);
    const dst = peerOf(g.destination);
    const key = `${peerText(src)}\u0000${peerText(dst)}\u0000${g.protocol}\u0000${g.port}`;
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = { src, dst, protocol: g.protocol, port: g.port, flows: 0, groups: [] }));
    c.flows += g.flows;
    c.groups.push(g);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      cmp(peerText(a.src), peerText(b.src)) ||
      cmp(peerText(a.dst), peerText(b.dst)) ||
      cmp(a.protocol, b.protocol) ||
      a.port - b.port,
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The order in which keys are tried for a class's selector (§3.2). */
const PREFERRED_KEYS = [
  'app.kubernetes.io/name',
  'app',
  'k8s-app',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
  'component',
  'tier',
  'version',
];

function keyOrder(labels: Record<string, string>): string[] {
  const preferred = PREFERRED_KEYS.filter((k) => Object.hasOwn(labels, k));
  const rest = Object.keys(labels)
    .filter((k) => !PREFERRED_KEYS.includes(k))
    .sort();
  return [...preferred, ...rest];
}

const isSuperset = (b: Record<string, string>, a: Record<string, string>): boolean =>
  Object.keys(a).every((k) => Object.hasOwn(b, k) && b[k] === a[k]);

/**
 * The pod selector of class `a`: selects `a` and no other class of `others` (the classes of U in a's
 * namespace), short and readable (§3.2): one key if one tells `a` apart, else keys added in the preferred
 * order, and `DoesNotExist` for classes whose labels contain all of a's (matchLabels cannot exclude them).
 */
export function classSelector(a: FlowClass, others: readonly FlowClass[]): LabelSelector {
  const rivals = others.filter((b) => b.key !== a.key);
  const order = keyOrder(a.labels);
  let matchLabels: Record<string, string> | undefined;
  for (const k of order)
    if (
      !rivals.some((b) => b.labels[k] === a.labels[k] && Object.hasOwn(b.labels, k) && !isSuperset(b.labels, a.labels))
    ) {
      matchLabels = { [k]: a.labels[k]! };
      break;
    }
  if (!matchLabels) {
    matchLabels = {};
    for (const k of order) {
      matchLabels[k] = a.labels[k]!;
      const ml = matchLabels;
      if (rivals.every((b) => !selectorMatches({ matchLabels: ml }, b.labels) || isSuperset(b.labels, a.labels))) break;
    }
  }
  const expressions: LabelSelectorRequirement[] = [];
  const excluded = new Set<string>();
  for (const b of rivals) {
    if (!selectorMatches({ matchLabels }, b.labels)) continue;
    if ([...excluded].some((k) => Object.hasOwn(b.labels, k))) continue;
    const k = keyOrder(b.labels).find((key) => !Object.hasOwn(a.labels, key));
    if (k === undefined) continue; // b has a's labels exactly: the same class
    excluded.add(k);
    expressions.push({ key: k, operator: 'DoesNotExist' });
  }
  const sel: LabelSelector = {};
  if (Object.keys(matchLabels).length) sel.matchLabels = sortedRecord(matchLabels);
  if (expressions.length) sel.matchExpressions = expressions.sort((x, y) => cmp(x.key, y.key));
  return sel;
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}

/** A valid DNS-1123 subdomain from free text (lowercase alphanumerics, '-' and '.'). */
function dnsName(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return s.slice(0, 200).replace(/[-.]+$/g, '');
}

export interface ProposeOptions {
  /**
   * Existing policies and inventory: propose only what they do not already allow (per direction), with no
   * default deny (the existing policies decide isolation). Names avoid theirs.
   */
  merge?: AnalysisInput;
  /** Container ports of a destination pod, for named ports of existing policies (merge). */
  containerPorts?: ContainerPortsLookup;
}

export interface Proposal {
  policies: NetworkPolicy[];
  /** Canonical YAML, a comment above each rule naming the flows that justify it. */
  text: string;
  observed: ObservedConnection[];
  /** Advice for standard error (no DNS observed, …). */
  notes: string[];
}

interface RuleDraft {
  peer: ObservedPeer;
  ports: { protocol: Protocol; port: number }[];
  comments: string[];
}

const DNS_NAMESPACE = 'kube-system';
const DNS_LABELS = { 'k8s-app': 'kube-dns' };

const portOrder = (a: { protocol: Protocol; port: number }, b: { protocol: Protocol; port: number }) =>
  cmp(a.protocol, b.protocol) || a.port - b.port;

function justification(c: ObservedConnection): string {
  const g = c.groups[0]!;
  const more = c.groups.length > 1 ? ` and ${c.groups.length - 1} more pod pair${c.groups.length > 2 ? 's' : ''}` : '';
  return `${g.src} -> ${g.dst} ${c.port}/${c.protocol}${more}: ${c.flows} flow${c.flows === 1 ? '' : 's'}, first ${g.first.file}:${g.first.line}`;
}

/** Proposes policies for a capture (§3). */
export function proposePolicies(capture: FlowCapture, options: ProposeOptions = {}): Proposal {
  const observed = observedConnections(capture);
  const classes = new Map(capture.classes.map((c) => [c.key, c]));
  const byNs = new Map<string, FlowClass[]>();
  for (const c of capture.classes) {
    const list = byNs.get(c.namespace);
    if (list) list.push(c);
    else byNs.set(c.namespace, [c]);
  }
  const selectors = new Map<string, LabelSelector>();
  for (const c of capture.classes) selectors.set(c.key, classSelector(c, byNs.get(c.namespace)!));

  // With existing policies: which side of each connection they already allow (engine answers only).
  let model: Model | undefined;
  if (options.merge) model = buildModel(options.merge);
  const needed = observed.map((c) => {
    if (!model) return { egress: true, ingress: true };
    const src = endpointOfPeer(c.src, c.groups[0]!.source, options);
    const dst = endpointOfPeer(c.dst, c.groups[0]!.destination, options);
    // Class level: two pods of one class are two pods, so loopback is decided by policy here.
    const x = explainConnection(
      model,
      src,
      dst,
      { port: c.port, protocol: c.protocol },
      { loopbackAlwaysAllowed: false },
    );
    return { egress: !x.egress.allowed, ingress: !x.ingress.allowed };
  });

  const ingress = new Map<string, Map<string, RuleDraft>>();
  const egress = new Map<string, Map<string, RuleDraft>>();
  const addRule = (
    table: Map<string, Map<string, RuleDraft>>,
    subject: string,
    peer: ObservedPeer,
    c: ObservedConnection,
  ) => {
    let rules = table.get(subject);
    if (!rules) table.set(subject, (rules = new Map()));
    const k = peerText(peer);
    let r = rules.get(k);
    if (!r) rules.set(k, (r = { peer, ports: [], comments: [] }));
    r.ports.push({ protocol: c.protocol, port: c.port });
    r.comments.push(justification(c));
  };
  observed.forEach((c, i) => {
    if (c.src.kind === 'class' && needed[i]!.egress) addRule(egress, c.src.key, c.dst, c);
    if (c.dst.kind === 'class' && needed[i]!.ingress) addRule(ingress, c.dst.key, c.src, c);
  });

  const peerValue = (peer: ObservedPeer, policyNs: string): NetworkPolicyPeer => {
    if (peer.kind === 'ip') return { ipBlock: { cidr: `${peer.ip}/${peer.ip.includes(':') ? 128 : 32}` } };
    const c = classes.get(peer.key)!;
    const podSelector = selectors.get(peer.key)!;
    return c.namespace === policyNs
      ? { podSelector }
      : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: c.namespace } }, podSelector };
  };

  // Names: unique per namespace, never one an existing policy has.
  const taken = new Map<string, Set<string>>();
  for (const p of options.merge?.policies ?? []) {
    const pol = 'policy' in p ? p.policy : p;
    const ns = pol.metadata?.namespace || 'default';
    if (!taken.has(ns)) taken.set(ns, new Set());
    taken.get(ns)!.add(pol.metadata?.name ?? '');
  }
  const uniqueName = (ns: string, base: string): string => {
    if (!taken.has(ns)) taken.set(ns, new Set());
    const names = taken.get(ns)!;
    let name = base;
    for (let i = 2; names.has(name); i++) name = `${base}-${i}`;
    names.add(name);
    return name;
  };

  const drafts: Draft[] = [];
  const notes: string[] = [];
  const namespaces = [...byNs.keys()].sort();
  if (!options.merge) {
    for (const ns of namespaces) drafts.push(defaultDeny(ns, uniqueName(ns, 'observed-default-deny')));
    const dnsObserved = (byNs.get(DNS_NAMESPACE) ?? []).some((c) =>
      selectorMatches({ matchLabels: DNS_LABELS }, c.labels),
    );
    if (byNs.has(DNS_NAMESPACE) && !dnsObserved) drafts.push(keepDnsServing(uniqueName(DNS_NAMESPACE, 'observed-dns')));
  }
  for (const c of capture.classes) {
    const ins = [...(ingress.get(c.key)?.values() ?? [])].sort((a, b) => cmp(peerText(a.peer), peerText(b.peer)));
    const outs = [...(egress.get(c.key)?.values() ?? [])].sort((a, b) => cmp(peerText(a.peer), peerText(b.peer)));
    if (options.merge && ins.length === 0 && outs.length === 0) continue;
    const sel = selectors.get(c.key)!;
    const base = Object.values(sel.matchLabels ?? {}).join('-') || labelsBase(c);
    const name = uniqueName(c.namespace, dnsName(`observed-${base}`) || 'observed-pods');
    const types: ('Ingress' | 'Egress')[] = options.merge
      ? [...(ins.length ? ['Ingress' as const] : []), ...(outs.length ? ['Egress' as const] : [])]
      : ['Ingress', 'Egress'];
    const rule = (r: RuleDraft) => ({
      peers: [peerValue(r.peer, c.namespace)],
      ports: r.ports.sort(portOrder).map((p): NetworkPolicyPort => ({ protocol: p.protocol, port: p.port })),
    });
    const policy: NetworkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: c.namespace, annotations: provenance(capture, c) },
      spec: {
        podSelector: sel,
        policyTypes: types,
        ...(ins.length ? { ingress: ins.map(rule).map((r) => ({ from: r.peers, ports: r.ports })) } : {}),
        ...(outs.length ? { egress: outs.map(rule).map((r) => ({ to: r.peers, ports: r.ports })) } : {}),
      },
    };
    drafts.push({ policy, comments: { ingress: ins.map((r) => r.comments), egress: outs.map((r) => r.comments) } });
    if (outs.length && !outs.some((r) => r.ports.some((p) => p.port === 53)))
      notes.push(`${c.key}: egress but no DNS flow observed; add one if it resolves names`);
  }
  drafts.sort(
    (a, b) =>
      cmp(a.policy.metadata!.namespace!, b.policy.metadata!.namespace!) ||
      cmp(a.policy.metadata!.name!, b.policy.metadata!.name!),
  );
  const text = drafts.map((d) => withRuleComments(dumpObject(canonicalPolicy(d.policy)), d.comments)).join('---\n');
  return { policies: drafts.map((d) => canonicalPolicy(d.policy)), text, observed, notes };
}

function labelsBase(c: FlowClass): string {
  return Object.values(c.labels).join('-') || 'pods';
}

function provenance(capture: FlowCapture, c: FlowClass): Record<string, string> {
  const a: Record<string, string> = { 'netpol.dev/observed-class': c.key };
  if (capture.timeRange) a['netpol.dev/observed-between'] = `${capture.timeRange[0]} ${capture.timeRange[1]}`;
  return a;
}

type Draft = { policy: NetworkPolicy; comments: { ingress: string[][]; egress: string[][] } };

const DNS_PORTS: NetworkPolicyPort[] = [
  { protocol: 'TCP', port: 53 },
  { protocol: 'UDP', port: 53 },
];

/**
 * A namespace's default deny: every pod of it isolated both ways, so pods that were never observed get
 * nothing either (§3.1 item 4). DNS keeps working: egress to the cluster's DNS (kube-system, `k8s-app:
 * kube-dns`, port 53) stays allowed. That adds nothing between observed pods when DNS was observed, since its
 * own policy then admits exactly the observed clients and a connection needs both sides.
 */
function defaultDeny(ns: string, name: string): Draft {
  const policy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: DNS_NAMESPACE } },
              podSelector: { matchLabels: DNS_LABELS },
            },
          ],
          ports: DNS_PORTS,
        },
      ],
    },
  };
  return {
    policy,
    comments: {
      ingress: [],
      egress: [['DNS keeps working for every pod of the namespace (the resolver decides its own ingress)']],
    },
  };
}

/**
 * When kube-system is touched but the resolver was never observed, the default deny would cut DNS for the
 * whole cluster: its pods keep their DNS ingress (port 53 only). They are not in the capture, so this allows
 * nothing between observed pods.
 */
function keepDnsServing(name: string): Draft {
  return {
    policy: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: DNS_NAMESPACE },
      spec: { podSelector: { matchLabels: DNS_LABELS }, policyTypes: ['Ingress'], ingress: [{ ports: DNS_PORTS }] },
    },
    comments: {
      ingress: [['the resolver was not observed: it keeps answering DNS from anywhere despite the default deny']],
      egress: [],
    },
  };
}

/**
 * Inserts `# …` lines above each rule of a policy dumped by `dumpObject` (rules are the items of the
 * `  ingress:` and `  egress:` sequences, written at indent 4). Comments never change the value.
 */
function withRuleComments(text: string, comments: { ingress: string[][]; egress: string[][] }): string {
  const out: string[] = [];
  let section: 'ingress' | 'egress' | undefined;
  let index = 0;
  for (const line of text.split('\n')) {
    if (line === '  ingress:' || line === '  egress:') {
      section = line.trim().slice(0, -1) as 'ingress' | 'egress';
      index = 0;
    } else if (section && !line.startsWith('    ')) section = undefined;
    if (section && line.startsWith('    - ')) {
      for (const c of comments[section][index] ?? []) out.push(`    # ${c.replace(/[\r\n]+/g, ' ')}`);
      index++;
    }
    out.push(line);
  }
  return out.join('\n');
}

function endpointOfPeer(peer: ObservedPeer, e: FlowEndpoint, options: ProposeOptions) {
  if (peer.kind === 'ip') return { kind: 'ip' as const, ip: peer.ip };
  return flowEndpoint(e, options.merge, options.containerPorts);
}
