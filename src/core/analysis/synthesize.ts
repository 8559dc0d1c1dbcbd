/**
 * A representative inventory built from the policies alone, for analysing a design before any workload
 * exists: one pod per distinct pod selector (with labels that satisfy it), in the namespaces the policies
 * name or select (with labels that satisfy the namespace selectors). Named ports used by rules are given a
 * container port on every representative pod, so a rule's named port resolves on the pods it is written for.
 */
import { NAMESPACE_NAME_LABEL, policyNamespace } from '../model/normalize.ts';
import { asRule, classifyPeer, DIRECTIONS, forEachRulePeer, rulesOf } from '../model/peer.ts';
import { isMalformed, selectorKey, selectorMatches } from '../model/selector.ts';
import type {
  ContainerPort,
  Inventory,
  LabelSelector,
  NamespaceInfo,
  NetworkPolicy,
  NetworkPolicyPort,
  PolicyEntry,
  Protocol,
  WorkloadInfo,
} from '../model/types.ts';

/**
 * Labels that satisfy a selector: matchLabels as written, the first value of `In`, a placeholder value for
 * `Exists`; keys under `NotIn` and `DoesNotExist` are left out (an absent key satisfies both).
 * Returns undefined when the selector cannot be satisfied (contradictory requirements).
 */
export function labelsSatisfying(selector: LabelSelector | null | undefined): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  if (!selector) return labels;
  // A malformed selector (the API server rejects it) selects nothing: no pod can be made up for it.
  if (isMalformed(selector)) return undefined;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) labels[k] = String(v);
  for (const e of selector.matchExpressions ?? []) {
    if (Object.hasOwn(labels, e.key)) continue;
    if (e.operator === 'In' && e.values?.length) labels[e.key] = String(e.values[0]);
    else if (e.operator === 'Exists') labels[e.key] = 'any';
  }
  // A NotIn that excludes the chosen value, or conflicting requirements, make the guess fail: check it.
  return selectorMatches(selector, labels) ? labels : undefined;
}

const isEntry = (p: PolicyEntry | NetworkPolicy): p is PolicyEntry => 'policy' in p && 'key' in p;

/** The representative inventory for a set of policies, extending `base` (its namespaces and workloads are kept). */
export function synthesizeInventory(
  policies: readonly (PolicyEntry | NetworkPolicy)[],
  base: Inventory = { namespaces: [], workloads: [] },
): Inventory {
  const namespaces: NamespaceInfo[] = base.namespaces.map((n) => ({ ...n, labels: { ...n.labels } }));
  const workloads: WorkloadInfo[] = [...base.workloads];
  const nsByName = new Map(namespaces.map((n) => [n.name, n]));
  const addNamespace = (name: string, labels: Record<string, string> = {}): NamespaceInfo => {
    const existing = nsByName.get(name);
    if (existing) return existing;
    const ns = { name, labels: { ...labels, [NAMESPACE_NAME_LABEL]: name } };
    namespaces.push(ns);
    nsByName.set(name, ns);
    return ns;
  };

  // Every named port (with its protocol) gets one number, shared by all representative pods.
  const namedPorts: ContainerPort[] = [];
  const notePorts = (ports: NetworkPolicyPort[] | undefined | null) => {
    for (const p of Array.isArray(ports) ? ports : []) {
      if (!p || typeof p.port !== 'string') continue;
      const protocol = (p.protocol ?? 'TCP') as Protocol;
      if (!namedPorts.some((q) => q.name === p.port && q.protocol === protocol))
        namedPorts.push({ name: p.port, protocol, containerPort: 30000 + namedPorts.length });
    }
  };

  const plain = policies.map((p) => (isEntry(p) ? p.policy : p));
  for (const p of plain) {
    addNamespace(policyNamespace(p));
    for (const direction of DIRECTIONS)
      for (const r of rulesOf(p.spec, direction)) notePorts(asRule(r)?.ports as NetworkPolicyPort[] | undefined);
  }

  /** The namespaces a namespace selector stands for: existing matches, else one made to match it. */
  const nsCache = new Map<string, NamespaceInfo[]>();
  const namespacesFor = (sel: LabelSelector): NamespaceInfo[] => {
    const key = selectorKey(sel);
    const hit = nsCache.get(key);
    if (hit) return hit;
    let found = namespaces.filter((n) => selectorMatches(sel, n.labels));
    if (found.length === 0) {
      const labels = labelsSatisfying(sel);
      if (labels) {
        const pinned = labels[NAMESPACE_NAME_LABEL];
        const name =
          pinned ??
          `ns-${
            key
              .replace(/[^a-z0-9]+/gi, '-')
              .replace(/^-|-$/g, '')
              .toLowerCase() || 'any'
          }`;
        const ns = addNamespace(name, labels);
        found = selectorMatches(sel, ns.labels) ? [ns] : [];
      }
    }
    nsCache.set(key, found);
    return found;
  };

  const podKeys = new Set(
    workloads.map((w) => `${w.namespace}\u0000${JSON.stringify(Object.entries(w.labels).sort())}`),
  );
  /** A pod in `ns` matching `sel`, unless one (from the base inventory or made earlier) already does. */
  const ensurePod = (ns: string, sel: LabelSelector | null | undefined) => {
    if (workloads.some((w) => w.namespace === ns && selectorMatches(sel, w.labels))) return;
    const labels = labelsSatisfying(sel);
    if (!labels) return;
    const key = `${ns}\u0000${JSON.stringify(Object.entries(labels).sort())}`;
    if (podKeys.has(key)) return;
    podKeys.add(key);
    const text = selectorKey(sel);
    workloads.push({
      namespace: ns,
      name: text === '{}' ? '{any pod}' : `{${text}}`,
      kind: 'Pod',
      labels,
      ports: namedPorts.map((p) => ({ ...p })),
      ips: [],
      hostNetwork: false,
    });
  };

  /** Representative pods for what a selector peer selects (model/peer.ts decides what is one). */
  const peerPods = (value: unknown, policyNs: string) => {
    const peer = classifyPeer(value);
    if (peer.kind !== 'selector') return;
    if (peer.namespaceSelector)
      for (const ns of namespacesFor(peer.namespaceSelector)) ensurePod(ns.name, peer.podSelector);
    else ensurePod(policyNs, peer.podSelector);
  };

  for (const p of plain) {
    const ns = policyNamespace(p);
    ensurePod(ns, p.spec?.podSelector ?? {});
    forEachRulePeer(p.spec, (site) => {
      if (site.peer !== undefined) peerPods(site.value, ns);
    });
  }
  return { namespaces, workloads };
}
