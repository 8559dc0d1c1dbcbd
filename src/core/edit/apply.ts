/**
 * Graph commands → policies → text. One pure function applies a command to a read document. Only the
 * documents a command touches are rewritten, and in them only the fields it changes (yaml/patch.ts), so
 * comments and style stay; every other document keeps its exact text. Every policy the command edits first gets explicit policyTypes, so adding or
 * removing rules can never flip its defaulted policyTypes (netpol-semantics.md §1.2).
 */
import { cloneValue, isRecord } from '../model/clone.ts';
import { NAMESPACE_NAME_LABEL } from '../model/normalize.ts';
import { effectivePolicyTypes, policyNamespace, ruleList, type PolicyType } from '../model/normalize.ts';
import { policyKey } from '../read/read.ts';
import { DIRECTIONS, forEachRulePeer, PEERS_KEY, POLICY_TYPE_OF } from '../model/peer.ts';
import type {
  Direction,
  KubeObject,
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  ReadResult,
  SourceDocument,
} from '../model/types.ts';
import { canonicalDocumentValue, dumpObject } from '../format/write.ts';
import { patchDocument } from '../yaml/patch.ts';
import type { GraphCommand } from './commands.ts';
import { applyAdminCommand, isAdminCommand } from './admin.ts';
import { nodeId, normalizeRef, peerToRef, refToPeer } from '../graph/refs.ts';
import type { NodeRef } from '../graph/types.ts';

type Obj = Record<string, unknown>;

export interface ApplyResult {
  text: string;
  /** Indexes (in the input's documents) of the documents rewritten or removed; new documents are appended. */
  changedDocuments: number[];
  addedDocuments: number;
}

export class CommandError extends Error {}

interface PolicyHandle {
  key: string;
  doc: number;
  item?: number;
  policy: NetworkPolicy;
  /** Set when the door kept wrongly typed values out of `policy` (PolicyEntry.rejected). */
  wronglyTyped?: true;
}

/** Its text holds values the model does not (wrongly typed ones): an edit would have to drop or rewrite them. */
const wronglyTyped = (h: PolicyHandle): CommandError =>
  new CommandError(
    `${h.key}: has wrongly typed values (see the errors); fix the YAML before editing this policy in the graph`,
  );

/** Mutable view of a read document for one command. */
class Workspace {
  private docValues = new Map<number, unknown>();
  private removedDocs = new Set<number>();
  private removedItems = new Map<number, Set<number>>();
  readonly added: unknown[] = [];
  readonly handles: PolicyHandle[] = [];

  private readonly result: ReadResult;

  constructor(result: ReadResult) {
    this.result = result;
    for (const p of result.policies)
      this.handles.push({
        key: p.key,
        doc: p.source.doc,
        ...(p.source.item !== undefined ? { item: p.source.item } : {}),
        policy: p.policy,
        ...(p.rejected ? { wronglyTyped: true as const } : {}),
      });
  }

  /** A policy object that may be mutated; its document is marked for rewriting. */
  edit(h: PolicyHandle): NetworkPolicy {
    if (h.doc < 0) return h.policy;
    if (h.wronglyTyped) throw wronglyTyped(h);
    let value = this.docValues.get(h.doc);
    if (value === undefined) {
      value = cloneValue(this.result.documents[h.doc]!.value);
      this.docValues.set(h.doc, value);
    }
    const policy = (h.item === undefined ? value : (value as { items: unknown[] }).items[h.item]) as NetworkPolicy;
    // A policy whose metadata or spec is not a mapping (`metadata: ''`) cannot take an edit: assigning a
    // field to a string threw a TypeError. Refuse it as a command error the user can act on.
    for (const field of ['metadata', 'spec'] as const) {
      const v: unknown = policy[field];
      if (v !== undefined && v !== null && !isRecord(v))
        throw new CommandError(
          `${h.key}: ${field} is not a mapping; fix the YAML before editing this policy in the graph`,
        );
    }
    for (const field of ['ingress', 'egress'] as const) {
      const v: unknown = policy.spec?.[field];
      if (v !== undefined && v !== null && !Array.isArray(v))
        throw new CommandError(
          `${h.key}: spec.${field} is not a list; fix the YAML before editing this policy in the graph`,
        );
    }
    policy.metadata ??= {};
    h.policy = policy;
    // Make the defaulted policyTypes explicit before any rule changes (see module comment).
    const spec = (policy.spec ??= { podSelector: {} });
    spec.policyTypes = effectivePolicyTypes(policy);
    return policy;
  }

  /** Puts a copy of `policy` where `h` stands (its document, or its item of a List). */
  replacePolicy(h: PolicyHandle, policy: NetworkPolicy): void {
    if (h.wronglyTyped) throw wronglyTyped(h);
    const copy = cloneValue(policy) as NetworkPolicy;
    if (h.doc < 0) {
      this.added[this.added.indexOf(h.policy)] = copy;
    } else if (h.item === undefined) {
      this.docValues.set(h.doc, copy);
    } else {
      const list = this.editDocument(h.doc) as { items: unknown[] };
      list.items[h.item] = copy;
    }
    h.policy = copy;
  }

  addPolicy(policy: NetworkPolicy): PolicyHandle {
    const h: PolicyHandle = { key: policyKey(policy), doc: -1 - this.added.length, policy };
    this.added.push(policy);
    this.handles.push(h);
    return h;
  }

  addObject(obj: KubeObject) {
    this.added.push(obj);
  }

  removePolicy(h: PolicyHandle) {
    const i = this.handles.indexOf(h);
    if (i >= 0) this.handles.splice(i, 1);
    if (h.doc < 0) {
      const j = this.added.indexOf(h.policy);
      if (j >= 0) this.added.splice(j, 1);
    } else if (h.item === undefined) this.removedDocs.add(h.doc);
    else {
      const set = this.removedItems.get(h.doc) ?? new Set<number>();
      set.add(h.item);
      this.removedItems.set(h.doc, set);
      if (!this.docValues.has(h.doc)) this.docValues.set(h.doc, cloneValue(this.result.documents[h.doc]!.value));
    }
  }

  removeDocument(doc: number) {
    this.removedDocs.add(doc);
  }

  /** A document value that may be mutated (for Namespace objects). */
  editDocument(doc: number): unknown {
    let value = this.docValues.get(doc);
    if (value === undefined) {
      value = cloneValue(this.result.documents[doc]!.value);
      this.docValues.set(doc, value);
    }
    return value;
  }

  render(): ApplyResult {
    const docs: Pick<SourceDocument, 'header' | 'body'>[] = [];
    const changed: number[] = [];
    for (const d of this.result.documents) {
      if (this.removedDocs.has(d.index)) {
        changed.push(d.index);
        continue;
      }
      const value = this.docValues.get(d.index);
      if (value === undefined) {
        docs.push(d);
        continue;
      }
      changed.push(d.index);
      const removed = this.removedItems.get(d.index);
      if (removed && isRecord(value) && Array.isArray(value.items))
        value.items = value.items.filter((_, i) => !removed.has(i));
      // Only the edited fields change; the document's comments and style stay. When that cannot be done
      // exactly (see patchDocument), the document is written canonically.
      const body = patchDocument(d.body, d.value, value) ?? dumpObject(canonicalDocumentValue(value));
      docs.push({ header: d.header, body });
    }
    let text = docs.map((d) => d.header + d.body).join('');
    let tail = '';
    for (const obj of this.added) {
      const needsNewline = (text + tail).length > 0 && !(text + tail).endsWith('\n');
      const sep = (text + tail).trim().length > 0 ? '---\n' : '';
      tail += `${needsNewline ? '\n' : ''}${sep}${dumpObject(canonicalDocumentValue(obj))}`;
    }
    text += tail + this.result.trailer;
    return { text, changedDocuments: changed, addedDocuments: this.added.length };
  }
}

const ruleKey = (d: Direction) => PEERS_KEY[d];

function sameRef(a: NodeRef | undefined, b: NodeRef): boolean {
  return !!a && nodeId(a) === nodeId(b);
}

function subjectRef(p: NetworkPolicy): NodeRef {
  return {
    kind: 'pods',
    namespace: policyNamespace(p),
    podSelector: isRecord(p.spec?.podSelector) ? p.spec.podSelector : {},
  };
}

/** A DNS-1123 name from a selector: `app=web` → `web`. */
function slug(selector: LabelSelector | undefined): string {
  const values = Object.values(selector?.matchLabels ?? {}).map(String);
  for (const e of selector?.matchExpressions ?? [])
    values.push(...(e.values ?? []).map(String), ...(e.values?.length ? [] : [e.key]));
  const s = values
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-{2,}/g, '-');
  return (s || 'all-pods').slice(0, 40).replace(/-+$/, '');
}

function uniqueName(ws: Workspace, namespace: string, base: string): string {
  const taken = new Set(
    ws.handles.filter((h) => policyNamespace(h.policy) === namespace).map((h) => h.policy.metadata?.name),
  );
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

function newPolicy(
  ws: Workspace,
  namespace: string,
  podSelector: LabelSelector,
  types: PolicyType[],
  name?: string,
): PolicyHandle {
  const base =
    name ??
    `${slug(podSelector)}-${types.length === 2 ? 'default-deny' : types[0] === 'Ingress' ? 'ingress' : 'egress'}`;
  const policy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: uniqueName(ws, namespace, base), namespace },
    spec: { podSelector: cloneValue(podSelector), policyTypes: types },
  };
  return ws.addPolicy(policy);
}

/** Policies whose subject is exactly these pods and whose policyTypes include `type`. */
function subjectPolicies(ws: Workspace, target: NodeRef, type?: PolicyType): PolicyHandle[] {
  return ws.handles.filter(
    (h) => sameRef(subjectRef(h.policy), target) && (!type || effectivePolicyTypes(h.policy).includes(type)),
  );
}

/** Port lists compared by meaning: protocol defaulted to TCP, order and field order ignored. */
function portsKey(ports: NetworkPolicyPort[] | undefined): string {
  if (!ports?.length) return 'all';
  return ports
    .map((p) =>
      typeof p === 'object' && p !== null ? `${p.protocol ?? 'TCP'}/${p.port ?? '*'}-${p.endPort ?? ''}` : '?',
    )
    .sort()
    .join(',');
}
const samePorts = (a: NetworkPolicyPort[] | undefined, b: NetworkPolicyPort[] | undefined) =>
  portsKey(a) === portsKey(b);

/** Adds `peer` (undefined = anywhere) on `ports` to a policy's rules of `direction`, reusing a rule with the same ports. */
function addFlow(
  ws: Workspace,
  h: PolicyHandle,
  direction: 'ingress' | 'egress',
  peerRef: NodeRef,
  ports: NetworkPolicyPort[] | undefined,
) {
  const policy = ws.edit(h);
  const spec = policy.spec!;
  const rules = (direction === 'ingress' ? (spec.ingress ??= []) : (spec.egress ??= [])) as Obj[];
  const key = ruleKey(direction);
  const peer = refToPeer(peerRef, policyNamespace(policy));
  // Reuse a rule with the same ports and a peer list (a rule without peers already allows everyone; the
  // drawn flow still gets its own rule so the edge the user drew is there, and the linter notes the overlap).
  const existing = peer
    ? rules.find(
        (r) =>
          isRecord(r) &&
          samePorts(r.ports as NetworkPolicyPort[] | undefined, ports) &&
          ruleList<NetworkPolicyPeer>(r[key]).length > 0,
      )
    : undefined;
  if (existing) {
    const peers = ruleList<NetworkPolicyPeer>(existing[key]);
    if (peers.some((p) => sameRef(peerToRef(p, policyNamespace(policy)), peerRef))) return;
    existing[key] = [...peers, peer];
    return;
  }
  if (
    !peer &&
    rules.some(
      (r) =>
        isRecord(r) && samePorts(r.ports as NetworkPolicyPort[] | undefined, ports) && ruleList(r[key]).length === 0,
    )
  )
    return; // this flow to anywhere is already written
  rules.push({ ...(peer ? { [key]: [peer] } : {}), ...(ports?.length ? { ports: cloneValue(ports) } : {}) });
}

interface FlowSite {
  handle: PolicyHandle;
  direction: 'ingress' | 'egress';
  rule: number;
  /** undefined: the rule has no peers (anywhere). */
  peer?: number;
}

/**
 * The peers of every rule of every policy that stand for `ref` (a rule without peers stands for `anywhere`),
 * limited to the directions `directions(handle)` gives. The one "every peer of every rule" walk of the editor.
 */
function peerSites(
  ws: Workspace,
  ref: (direction: Direction) => NodeRef | undefined,
  directions: (h: PolicyHandle) => readonly Direction[],
): FlowSite[] {
  const sites: FlowSite[] = [];
  for (const h of ws.handles) {
    const ns = policyNamespace(h.policy);
    forEachRulePeer(
      h.policy.spec,
      (site) => {
        const wanted = ref(site.direction);
        if (!wanted) return;
        if (site.peer === undefined) {
          if (normalizeRef(wanted).kind === 'anywhere')
            sites.push({ handle: h, direction: site.direction, rule: site.rule });
        } else if (sameRef(peerToRef(site.value, ns), wanted))
          sites.push({ handle: h, direction: site.direction, rule: site.rule, peer: site.peer });
      },
      directions(h),
    );
  }
  return sites;
}

/** Every rule peer that writes the flow source → target (rules of the effective policyTypes only). */
function flowSites(ws: Workspace, source: NodeRef, target: NodeRef): FlowSite[] {
  return peerSites(
    ws,
    (direction) => (direction === 'ingress' ? source : target),
    (h) => {
      const subject = subjectRef(h.policy);
      const types = effectivePolicyTypes(h.policy);
      return DIRECTIONS.filter(
        (d) => types.includes(POLICY_TYPE_OF[d]) && sameRef(subject, d === 'ingress' ? target : source),
      );
    },
  );
}

/** Removes sites (highest indexes first so earlier indexes stay valid); a rule left without peers goes too. */
function removeSites(ws: Workspace, sites: FlowSite[]) {
  const ordered = [...sites].sort((a, b) => b.rule - a.rule || (b.peer ?? -1) - (a.peer ?? -1));
  for (const s of ordered) {
    const policy = ws.edit(s.handle);
    const rules = (s.direction === 'ingress' ? policy.spec!.ingress : policy.spec!.egress) as Obj[];
    const rule = rules[s.rule];
    if (!rule) continue;
    const key = ruleKey(s.direction);
    if (s.peer === undefined) {
      rules.splice(s.rule, 1);
      continue;
    }
    const peers = ruleList<NetworkPolicyPeer>(rule[key]);
    peers.splice(s.peer, 1);
    // Never leave an empty peer list: it would mean "everyone".
    if (peers.length === 0) rules.splice(s.rule, 1);
    else rule[key] = peers;
  }
  for (const s of sites) {
    const spec = s.handle.policy.spec!;
    if (Array.isArray(spec.ingress) && spec.ingress.length === 0) delete spec.ingress;
    if (Array.isArray(spec.egress) && spec.egress.length === 0) delete spec.egress;
  }
}

function connect(
  ws: Workspace,
  source: NodeRef,
  target: NodeRef,
  ports: NetworkPolicyPort[] | undefined,
  sides: 'auto' | 'ingress' | 'egress' | 'both',
) {
  const src = normalizeRef(source);
  const dst = normalizeRef(target);
  const dstIsPods = dst.kind === 'pods';
  const srcIsPods = src.kind === 'pods';
  const ingress = sides === 'ingress' || sides === 'both' || (sides === 'auto' && dstIsPods);
  let egress = sides === 'egress' || sides === 'both';
  if (sides === 'auto' && srcIsPods) {
    // Write the egress side when the source is egress-isolated (else the drawn flow would be blocked),
    // or when there is no ingress side to write (the target is not a pod group of one namespace).
    egress = !dstIsPods || subjectPolicies(ws, src, 'Egress').length > 0;
  }
  if (ingress && !dstIsPods) throw new CommandError('an ingress rule needs a pod group of one namespace as the target');
  if (egress && !srcIsPods) {
    if (sides !== 'auto') throw new CommandError('an egress rule needs a pod group of one namespace as the source');
    egress = false;
  }
  if (!ingress && !egress) throw new CommandError('a flow needs a pod group at one end at least');
  if (ingress && dst.kind === 'pods') {
    const h = subjectPolicies(ws, dst, 'Ingress')[0] ?? newPolicy(ws, dst.namespace, dst.podSelector, ['Ingress']);
    addFlow(ws, h, 'ingress', src, ports);
  }
  if (egress && src.kind === 'pods') {
    const h = subjectPolicies(ws, src, 'Egress')[0] ?? newPolicy(ws, src.namespace, src.podSelector, ['Egress']);
    addFlow(ws, h, 'egress', dst, ports);
  }
}

function setFlowPorts(ws: Workspace, source: NodeRef, target: NodeRef, ports: NetworkPolicyPort[] | undefined) {
  const sites = flowSites(ws, source, target);
  if (sites.length === 0) throw new CommandError(`no rule allows ${nodeId(source)} → ${nodeId(target)}`);
  const moved: FlowSite[] = [];
  for (const s of sites) {
    const rules = ruleList<Obj>(
      s.direction === 'ingress' ? s.handle.policy.spec?.ingress : s.handle.policy.spec?.egress,
    );
    const rule = rules[s.rule]!;
    const peers = ruleList<NetworkPolicyPeer>(rule[ruleKey(s.direction)]);
    if (s.peer === undefined || peers.length === 1) {
      const policy = ws.edit(s.handle);
      const r = ruleList<Obj>(s.direction === 'ingress' ? policy.spec!.ingress : policy.spec!.egress)[s.rule]!;
      if (ports?.length) r.ports = cloneValue(ports);
      else delete r.ports;
    } else moved.push(s);
  }
  // A rule shared with other peers keeps its ports for them; this flow moves to a rule of its own.
  removeSites(ws, moved);
  for (const s of moved) addFlow(ws, s.handle, s.direction, s.direction === 'ingress' ? source : target, ports);
}

function setIsolation(ws: Workspace, target: NodeRef, direction: 'ingress' | 'egress', isolated: boolean) {
  const ref = normalizeRef(target);
  if (ref.kind !== 'pods') throw new CommandError('isolation applies to a pod group of one namespace');
  const type: PolicyType = direction === 'ingress' ? 'Ingress' : 'Egress';
  const current = subjectPolicies(ws, ref, type);
  if (isolated) {
    if (current.length === 0)
      newPolicy(ws, ref.namespace, ref.podSelector, [type], `${slug(ref.podSelector)}-default-deny-${direction}`);
    return;
  }
  for (const h of current) {
    const policy = ws.edit(h);
    const spec = policy.spec!;
    const rest = (spec.policyTypes as PolicyType[]).filter((t) => t !== type);
    // Removing the last type would leave policyTypes empty, which defaults back to Ingress: remove the policy.
    if (rest.length === 0) ws.removePolicy(h);
    else {
      spec.policyTypes = rest;
      delete spec[direction];
    }
  }
}

function replaceInSelectorPeers(ws: Workspace, from: NodeRef, to: NodeRef) {
  for (const s of peerSites(
    ws,
    () => from,
    () => DIRECTIONS,
  )) {
    if (s.peer === undefined) continue; // `anywhere` is no selector peer to rewrite
    const ns = policyNamespace(s.handle.policy);
    const policy = ws.edit(s.handle);
    const rs = ruleList<Obj>(s.direction === 'ingress' ? policy.spec!.ingress : policy.spec!.egress);
    const next = refToPeer(to, ns);
    if (next) (rs[s.rule]![ruleKey(s.direction)] as NetworkPolicyPeer[])[s.peer] = next;
  }
}

function namespaceDoc(result: ReadResult, name: string) {
  return result.inventory.namespaces.find((n) => n.name === name && n.source);
}

function setNamespaceLabels(ws: Workspace, result: ReadResult, name: string, labels: Record<string, string>) {
  const existing = namespaceDoc(result, name);
  const userLabels = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== NAMESPACE_NAME_LABEL));
  if (existing?.source) {
    const value = ws.editDocument(existing.source.doc) as Obj;
    const obj = (
      existing.source.item === undefined ? value : (value.items as Obj[])[existing.source.item]
    ) as KubeObject;
    obj.metadata = { ...(obj.metadata ?? {}), labels: userLabels };
    if (Object.keys(userLabels).length === 0) delete obj.metadata.labels;
    return;
  }
  ws.addObject({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...(Object.keys(userLabels).length ? { labels: userLabels } : {}) },
  });
}

export function applyCommand(result: ReadResult, command: GraphCommand): ApplyResult {
  if (isAdminCommand(command)) return applyAdminCommand(result, command);
  const ws = new Workspace(result);
  switch (command.type) {
    case 'addNamespace':
      if (result.inventory.namespaces.some((n) => n.name === command.name))
        throw new CommandError(`namespace ${command.name} already exists`);
      setNamespaceLabels(ws, result, command.name, command.labels ?? {});
      break;
    case 'setNamespaceLabels':
      setNamespaceLabels(ws, result, command.name, command.labels);
      break;
    case 'addPodGroup': {
      const types: PolicyType[] = [];
      if (command.isolate.ingress) types.push('Ingress');
      if (command.isolate.egress) types.push('Egress');
      if (types.length === 0)
        throw new CommandError(
          'a new pod group needs ingress or egress isolation (a policy cannot select pods without isolating them)',
        );
      newPolicy(ws, command.namespace, command.podSelector, types, command.name);
      break;
    }
    case 'setIsolation':
      setIsolation(ws, command.target, command.direction, command.isolated);
      break;
    case 'connect':
      connect(ws, command.source, command.target, command.ports, command.sides ?? 'auto');
      break;
    case 'disconnect': {
      const sites = flowSites(ws, command.source, command.target);
      if (sites.length === 0)
        throw new CommandError(`no rule allows ${nodeId(command.source)} → ${nodeId(command.target)}`);
      removeSites(ws, sites);
      break;
    }
    case 'setFlowPorts':
      setFlowPorts(ws, command.source, command.target, command.ports);
      break;
    case 'replaceNode': {
      const from = normalizeRef(command.from);
      const to = normalizeRef(command.to);
      if (from.kind === 'namespace' && to.kind === 'namespace') {
        for (const h of [...ws.handles]) {
          if (policyNamespace(h.policy) === from.namespace) ws.edit(h).metadata!.namespace = to.namespace;
        }
        break;
      }
      if (from.kind === 'pods' && to.kind === 'pods') {
        for (const h of subjectPolicies(ws, from)) {
          const p = ws.edit(h);
          p.metadata!.namespace = to.namespace;
          p.spec!.podSelector = cloneValue(to.podSelector);
        }
      }
      replaceInSelectorPeers(ws, from, to);
      break;
    }
    case 'removeNode': {
      const ref = normalizeRef(command.node);
      if (ref.kind === 'namespace') {
        for (const h of [...ws.handles]) if (policyNamespace(h.policy) === ref.namespace) ws.removePolicy(h);
        const doc = namespaceDoc(result, ref.namespace);
        if (doc?.source && doc.source.item === undefined) {
          // Removing the Namespace object itself: its document goes.
          ws.removeDocument(doc.source.doc);
        }
        break;
      }
      for (const h of [...ws.handles]) if (sameRef(subjectRef(h.policy), ref)) ws.removePolicy(h);
      removeSites(
        ws,
        peerSites(
          ws,
          () => ref,
          () => DIRECTIONS,
        ),
      );
      break;
    }
    case 'removePolicy': {
      const h = ws.handles.find((x) => x.key === command.policy);
      if (!h) throw new CommandError(`no policy ${command.policy}`);
      ws.removePolicy(h);
      break;
    }
    case 'replacePolicy': {
      const h = ws.handles.find((x) => x.key === command.policy);
      if (!h) throw new CommandError(`no policy ${command.policy}`);
      ws.replacePolicy(h, command.with);
      break;
    }
  }
  return ws.render();
}
