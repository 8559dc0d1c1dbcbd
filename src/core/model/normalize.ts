/**
 * Kubernetes defaulting, applied in one place (SetDefaults_NetworkPolicy / SetDefaults_NetworkPolicyPort):
 * - policyTypes absent or [] → ["Ingress"], plus "Egress" only when spec.egress has at least one rule;
 * - a port's protocol absent → TCP;
 * - spec.podSelector absent → {} (all pods of the namespace);
 * - metadata.namespace absent → `default` (kubectl's default context, and np-guard's convention).
 */
import { isRecord } from './clone.ts';
import type { NetworkPolicy, NetworkPolicyPort } from './types.ts';

export type PolicyType = 'Ingress' | 'Egress';

/** The label the control plane sets on every Namespace (1.21+), to its name; nobody can forge it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export const DEFAULT_NAMESPACE = 'default';

/**
 * A namespace as written → the namespace it means: an absent or empty one is `default`. A value that is not
 * a string (`namespace: 5`, rejected by the API server) counts as absent, so every feature agrees on it.
 */
export function namespaceOrDefault(namespace: unknown): string {
  return typeof namespace === 'string' && namespace !== '' ? namespace : DEFAULT_NAMESPACE;
}

/** The policyTypes the API server stores for this policy. */
export function effectivePolicyTypes(policy: NetworkPolicy): PolicyType[] {
  const spec = isRecord(policy.spec) ? policy.spec : undefined;
  const written = Array.isArray(spec?.policyTypes) ? spec.policyTypes : [];
  if (written.length > 0) {
    const out: PolicyType[] = [];
    for (const t of written) if ((t === 'Ingress' || t === 'Egress') && !out.includes(t)) out.push(t);
    return out;
  }
  const egress = Array.isArray(spec?.egress) ? spec.egress : [];
  return egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

export function portProtocol(port: NetworkPolicyPort): string {
  return port.protocol ?? 'TCP';
}

/** The namespace of an object (a policy, a workload's object): `metadata.namespace`, defaulted. */
export function policyNamespace(object: { metadata?: { namespace?: unknown } | null }): string {
  return namespaceOrDefault(isRecord(object.metadata) ? object.metadata.namespace : undefined);
}

/** A rule list as written, tolerating null and non-list values (invalid input still projects what it can). */
export function ruleList<T>(value: T[] | null | undefined | unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
