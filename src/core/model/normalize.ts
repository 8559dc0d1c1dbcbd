/**
 * Kubernetes defaulting, applied in one place (SetDefaults_NetworkPolicy / SetDefaults_NetworkPolicyPort):
 * - policyTypes absent or [] → ["Ingress"], plus "Egress" only when spec.egress has at least one rule;
 * - a port's protocol absent → TCP;
 * - spec.podSelector absent → {} (all pods of the namespace).
 */
import { isRecord } from './clone.ts';
import type { NetworkPolicy, NetworkPolicyPort } from './types.ts';

export type PolicyType = 'Ingress' | 'Egress';

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

export function policyNamespace(policy: NetworkPolicy): string {
  return policy.metadata?.namespace || 'default';
}

/** A rule list as written, tolerating null and non-list values (invalid input still projects what it can). */
export function ruleList<T>(value: T[] | null | undefined | unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
