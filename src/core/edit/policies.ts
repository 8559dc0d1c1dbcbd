/** Finding and creating the policies and Namespace objects a graph command edits (shared by ./commands/). */
import { cloneValue, isRecord } from '../model/clone.ts';
import { effectivePolicyTypes, NAMESPACE_NAME_LABEL, policyNamespace, type PolicyType } from '../model/normalize.ts';
import type { KubeObject, LabelSelector, NetworkPolicy } from '../model/types.ts';
import { nodeId } from '../graph/refs.ts';
import type { NodeRef } from '../graph/types.ts';
import type { PolicyHandle, Workspace } from './workspace.ts';

export type Obj = Record<string, unknown>;

/** Two node references name the same node (compared by the node id: canonical selector text). */
export function sameRef(a: NodeRef | undefined, b: NodeRef): boolean {
  return !!a && nodeId(a) === nodeId(b);
}

/** The pod group a policy selects. */
export function subjectRef(p: NetworkPolicy): NodeRef {
  return {
    kind: 'pods',
    namespace: policyNamespace(p),
    podSelector: isRecord(p.spec?.podSelector) ? p.spec.podSelector : {},
  };
}

/** A DNS-1123 name from a selector: `app=web` → `web`. */
export function slug(selector: LabelSelector | undefined): string {
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

/** A new policy for these pods isolating `types`, named after the selector unless `name` is given. */
export function newPolicy(
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
export function subjectPolicies(ws: Workspace, target: NodeRef, type?: PolicyType): PolicyHandle[] {
  return ws.handles.filter(
    (h) => sameRef(subjectRef(h.policy), target) && (!type || effectivePolicyTypes(h.policy).includes(type)),
  );
}

/** The Namespace object named `name` that the text holds, if any. */
export function namespaceObject(ws: Workspace, name: string) {
  return ws.result.inventory.namespaces.find((n) => n.name === name && n.source);
}

/** Sets a Namespace object's labels, adding the object when only policies mentioned the namespace. */
export function setNamespaceLabels(ws: Workspace, name: string, labels: Record<string, string>): void {
  const existing = namespaceObject(ws, name);
  // The name label is the API server's to set (netpol-semantics.md): it is never written.
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
