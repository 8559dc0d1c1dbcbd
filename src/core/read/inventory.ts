/**
 * Namespaces, Pods and workloads read from the input, in the form the connectivity engine needs.
 * Conventions follow np-guard (docs/conformance.md §1): workloads are reported by controller, a Pod owned by a
 * controller is reported as its owner, a missing namespace means `default`.
 */
import { isRecord } from '../model/clone.ts';
import { NAMESPACE_NAME_LABEL, namespaceOrDefault } from '../model/normalize.ts';
import type { ContainerPort, KubeObject, NamespaceInfo, ObjectSource, Protocol, WorkloadInfo } from '../model/types.ts';

export const WORKLOAD_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);

/** Defined with the model (model/normalize.ts); re-exported for readers of the inventory. */
export { NAMESPACE_NAME_LABEL };

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}

function containerPorts(podSpec: unknown): ContainerPort[] {
  const ports: ContainerPort[] = [];
  if (!isRecord(podSpec)) return ports;
  for (const list of [podSpec.containers, podSpec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isRecord(c) || !Array.isArray(c.ports)) continue;
      for (const p of c.ports) {
        if (!isRecord(p) || typeof p.containerPort !== 'number') continue;
        const protocol = (typeof p.protocol === 'string' ? p.protocol : 'TCP') as Protocol;
        ports.push({
          containerPort: p.containerPort,
          protocol,
          ...(typeof p.name === 'string' ? { name: p.name } : {}),
        });
      }
    }
  }
  return ports;
}

export function namespaceFromObject(obj: KubeObject, source?: ObjectSource): NamespaceInfo | undefined {
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || !name) return undefined;
  // The control plane always sets kubernetes.io/metadata.name = name, and it cannot be changed.
  const labels = { ...stringMap(obj.metadata?.labels), [NAMESPACE_NAME_LABEL]: name };
  return { name, labels, ...(source ? { source } : {}) };
}

/** The pod template of a workload: CronJob nests it one level deeper. */
function podTemplate(obj: KubeObject): { metadata?: unknown; spec?: unknown } | undefined {
  const spec = obj.spec;
  if (!isRecord(spec)) return undefined;
  if (obj.kind === 'CronJob') {
    const jt = spec.jobTemplate;
    return isRecord(jt) && isRecord(jt.spec) && isRecord(jt.spec.template) ? jt.spec.template : undefined;
  }
  return isRecord(spec.template) ? spec.template : undefined;
}

export function workloadFromObject(obj: KubeObject, source?: ObjectSource): WorkloadInfo | undefined {
  const kind = obj.kind ?? '';
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || !name) return undefined;
  const namespace = namespaceOrDefault(obj.metadata?.namespace);
  const src = source ? { source } : {};
  if (kind === 'Pod') {
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const status = isRecord(obj.status) ? obj.status : {};
    const owners = Array.isArray(obj.metadata?.ownerReferences) ? obj.metadata.ownerReferences : [];
    const owner = owners.find((o) => o && o.controller === true);
    const ips: string[] = [];
    if (typeof status.podIP === 'string') ips.push(status.podIP);
    if (Array.isArray(status.podIPs))
      for (const p of status.podIPs) if (isRecord(p) && typeof p.ip === 'string' && !ips.includes(p.ip)) ips.push(p.ip);
    // Static pods (owner Node) and ownerless pods are reported as themselves.
    const asOwner = owner && owner.kind !== 'Node' && owner.name;
    return {
      namespace,
      name: asOwner ? owner.name : name,
      kind: asOwner ? owner.kind || 'Pod' : 'Pod',
      labels: stringMap(obj.metadata?.labels),
      ports: containerPorts(spec),
      ips,
      hostNetwork: spec.hostNetwork === true,
      ...src,
    };
  }
  if (!WORKLOAD_KINDS.has(kind)) return undefined;
  const tpl = podTemplate(obj);
  const tplMeta = isRecord(tpl?.metadata) ? tpl.metadata : {};
  const tplSpec = isRecord(tpl?.spec) ? tpl.spec : {};
  return {
    namespace,
    name,
    kind,
    labels: stringMap(tplMeta.labels),
    ports: containerPorts(tplSpec),
    ips: [],
    hostNetwork: tplSpec.hostNetwork === true,
    ...src,
  };
}

/**
 * Merges workloads that np-guard reports as one peer (several Pods with the same owner): the first one's
 * labels win, ports and IPs are united.
 */
export function mergeWorkloads(workloads: WorkloadInfo[]): WorkloadInfo[] {
  const byKey = new Map<string, WorkloadInfo>();
  for (const w of workloads) {
    const key = `${w.namespace}/${w.name}[${w.kind}]`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { ...w, ports: [...w.ports], ips: [...w.ips] });
      continue;
    }
    for (const p of w.ports)
      if (
        !prev.ports.some((q) => q.containerPort === p.containerPort && q.protocol === p.protocol && q.name === p.name)
      )
        prev.ports.push(p);
    for (const ip of w.ips) if (!prev.ips.includes(ip)) prev.ips.push(ip);
  }
  return [...byKey.values()];
}
