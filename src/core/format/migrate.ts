/**
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1) → ClusterNetworkPolicy (v1alpha2), the exact
 * mapping of admin-network-policy.md §5: ANP → tier Admin with its priority, BANP → tier Baseline priority 10
 * (BANP_PRIORITY, the value the analysis gives a BANP too, so the meaning is kept); Allow → Accept; `ports` →
 * `protocols`; server-set metadata and status dropped. Rewrites that keep the meaning where the direct mapping
 * would be invalid v1alpha2: more than 25 peers or ports → consecutive rules of ≤ 25; an egress rule mixing
 * networks/nodes/domainNames peers with a named port → the address peers with the numeric ports, then the pod
 * peers with all ports; `portRange` with start == end → `number`.
 *
 * `migrateText` rewrites only documents holding an ANP/BANP (also inside a List; an `AdminNetworkPolicyList`
 * becomes a `ClusterNetworkPolicyList`); every other document keeps its exact text.
 */
import { scalarText } from '../model/text.ts';
import { ADMIN_SHORT_NAME, BANP_PRIORITY, CNP_API_VERSION, type AdminKind } from '../model/admin.ts';
import { isRecord } from '../model/clone.ts';
import type { KubeObject, ReadResult } from '../model/types.ts';
import { dumpObject } from './write.ts';

type Obj = Record<string, unknown>;
const MAX = 25;

const SERVER_SET = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function migrateMetadata(meta: unknown): Obj {
  if (!isRecord(meta)) return {};
  const out: Obj = {};
  for (const [k, v] of Object.entries(meta)) {
    if (SERVER_SET.includes(k) || k === 'namespace') continue;
    if (k === 'annotations' && isRecord(v)) {
      const rest = Object.fromEntries(Object.entries(v).filter(([a]) => a !== LAST_APPLIED));
      if (Object.keys(rest).length) out.annotations = rest;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** `pods` with an absent selector gets `{}` (v1alpha2 requires podSelector). */
function migratePeer(peer: unknown): unknown {
  if (!isRecord(peer) || !isRecord(peer.pods)) return peer;
  return {
    ...peer,
    pods: { namespaceSelector: peer.pods.namespaceSelector ?? {}, podSelector: peer.pods.podSelector ?? {} },
  };
}

function migratePort(port: unknown): unknown {
  if (!isRecord(port)) return port;
  if (isRecord(port.portNumber)) {
    const p = scalarText(port.portNumber.protocol ?? 'TCP').toLowerCase();
    return { [p]: { destinationPort: { number: port.portNumber.port } } };
  }
  if (isRecord(port.portRange)) {
    const r = port.portRange;
    const p = scalarText(r.protocol ?? 'TCP').toLowerCase();
    return {
      [p]: { destinationPort: r.start === r.end ? { number: r.start } : { range: { start: r.start, end: r.end } } },
    };
  }
  if (port.namedPort !== undefined) return { destinationNamedPort: port.namedPort };
  return port;
}

const chunks = <T>(list: T[], n: number): T[][] => {
  if (list.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
};

const ADDRESS_PEERS = ['networks', 'nodes', 'domainNames'];
const isAddressPeer = (p: unknown) => isRecord(p) && ADDRESS_PEERS.some((k) => p[k] != null);
const isNamedPort = (p: unknown) => isRecord(p) && p.namedPort != null;

function migrateRules(rules: unknown, direction: 'ingress' | 'egress', warnings: string[], where: string): unknown[] {
  if (!Array.isArray(rules)) return [];
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  const out: Obj[] = [];
  for (const rule of rules) {
    if (!isRecord(rule)) {
      out.push(rule as Obj);
      continue;
    }
    const { name, action, ports, [peersKey]: peers, ...rest } = rule;
    const base: Obj = { ...rest, ...(action !== undefined ? { action: action === 'Allow' ? 'Accept' : action } : {}) };
    const peerList = Array.isArray(peers) ? peers.map(migratePeer) : peers;
    const portList = Array.isArray(ports) ? ports : undefined;
    // A named port never matches an address: split such rules (the experimental CEL rule forbids the mix).
    const groups: { peers: unknown; ports: unknown[] | undefined }[] = [];
    if (
      direction === 'egress' &&
      Array.isArray(peerList) &&
      portList?.some(isNamedPort) &&
      peerList.some(isAddressPeer) &&
      peerList.some((p) => !isAddressPeer(p))
    ) {
      const numeric = portList.filter((p) => !isNamedPort(p));
      if (numeric.length) groups.push({ peers: peerList.filter(isAddressPeer), ports: numeric });
      groups.push({ peers: peerList.filter((p) => !isAddressPeer(p)), ports: portList });
    } else if (
      direction === 'egress' &&
      Array.isArray(peerList) &&
      portList?.some(isNamedPort) &&
      peerList.every(isAddressPeer)
    ) {
      const numeric = portList.filter((p) => !isNamedPort(p));
      groups.push({ peers: peerList, ports: numeric.length ? numeric : portList });
      if (!numeric.length)
        warnings.push(`${where}: named ports towards addresses match nothing; kept as written (invalid v1alpha2)`);
    } else groups.push({ peers: peerList, ports: portList });
    let n = 0;
    for (const g of groups) {
      const peerChunks = Array.isArray(g.peers) ? chunks(g.peers, MAX) : [g.peers];
      const portChunks = g.ports ? chunks(g.ports.map(migratePort), MAX) : [undefined];
      for (const pc of peerChunks)
        for (const qc of portChunks) {
          n++;
          const ruleName = typeof name === 'string' ? (n === 1 ? name : `${name}-${n}`) : undefined;
          out.push({
            ...(ruleName !== undefined ? { name: ruleName } : name !== undefined && n === 1 ? { name } : {}),
            ...base,
            [peersKey]: pc,
            ...(qc ? { protocols: qc } : {}),
          });
        }
    }
  }
  if (out.length > MAX)
    warnings.push(`${where}: ${out.length} ${direction} rules after conversion; a ClusterNetworkPolicy allows ${MAX}`);
  return out;
}

/** One ANP or BANP → its ClusterNetworkPolicy. */
export function migrateAdminObject(obj: KubeObject, kind: AdminKind, warnings: string[] = []): KubeObject {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  const where = `${ADMIN_SHORT_NAME[kind]}/${String(obj.metadata?.name ?? '')}`;
  const out: Obj = {
    apiVersion: CNP_API_VERSION,
    kind: 'ClusterNetworkPolicy',
    metadata: migrateMetadata(obj.metadata),
  };
  const newSpec: Obj = {
    tier: kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline',
    priority: kind === 'AdminNetworkPolicy' ? spec.priority : BANP_PRIORITY,
  };
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'priority') continue;
    if (k === 'subject' && isRecord(v))
      newSpec.subject = isRecord(v.pods) ? { ...v, pods: (migratePeer(v) as Obj).pods } : v;
    else if (k === 'ingress' || k === 'egress') newSpec[k] = migrateRules(v, k, warnings, `${where} spec.${k}`);
    else newSpec[k] = v;
  }
  out.spec = newSpec;
  for (const [k, v] of Object.entries(obj))
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(k)) out[k] = v;
  return out as KubeObject;
}

export interface MigrateResult {
  text: string;
  /** How many ANPs/BANPs were converted. */
  converted: number;
  warnings: string[];
}

/** The input with every ANP/BANP replaced by its ClusterNetworkPolicy where it stands; other documents unchanged. */
export function migrateText(result: ReadResult): MigrateResult {
  const warnings: string[] = [];
  const byDoc = new Map<number, { item?: number; obj: KubeObject }[]>();
  const names = new Map<string, string>();
  let converted = 0;
  for (const entry of result.adminPolicies) {
    const name = String(entry.object.metadata?.name ?? '');
    const prev = names.get(name);
    if (prev && prev !== entry.key)
      warnings.push(
        `${entry.key}: becomes ClusterNetworkPolicy ${name}, as ${prev} does: names are cluster-wide, the second would overwrite the first`,
      );
    names.set(name, entry.key);
    if (entry.kind === 'ClusterNetworkPolicy') continue;
    converted++;
    const cnp = migrateAdminObject(entry.object, entry.kind, warnings);
    const list = byDoc.get(entry.source.doc) ?? [];
    list.push({ ...(entry.source.item !== undefined ? { item: entry.source.item } : {}), obj: cnp });
    byDoc.set(entry.source.doc, list);
  }
  let text = '';
  for (const doc of result.documents) {
    const changes = byDoc.get(doc.index);
    if (!changes) {
      text += doc.header + doc.body;
      continue;
    }
    let value: unknown;
    const direct = changes.find((c) => c.item === undefined);
    if (direct) value = direct.obj;
    else {
      const list = doc.value as Obj;
      const items = [...(list.items as unknown[])];
      for (const c of changes) items[c.item!] = c.obj;
      const kind =
        list.kind === 'AdminNetworkPolicyList' || list.kind === 'BaselineAdminNetworkPolicyList'
          ? 'ClusterNetworkPolicyList'
          : list.kind;
      value = {
        ...list,
        ...(kind !== list.kind ? { apiVersion: CNP_API_VERSION } : {}),
        kind,
        items,
      };
    }
    const comment = doc.body.match(/^(?:#[^\n]*\n)+/)?.[0] ?? '';
    text += doc.header + comment + dumpObject(value);
  }
  return { text: text + result.trailer, converted, warnings };
}
