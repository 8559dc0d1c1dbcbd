/**
 * The tenant-isolation wizard's generator: from tenant namespaces (and what each may reach outside the
 * cluster) and the shared namespaces allowed in, the complete set of policies, each with explicit policyTypes.
 *
 * Per tenant namespace T:
 * - `default-deny-all`: every pod of T isolated for ingress and egress, with no rule (deny by default);
 * - `allow-same-namespace`: pods of T may talk to each other, both directions (both sides must allow);
 * - `allow-from-shared-namespaces`: ingress from each shared namespace (e.g. the system namespace, monitoring);
 * - `allow-dns-egress`: UDP and TCP 53 to the cluster DNS pods in kube-system, or nothing resolves;
 * - `allow-egress-to-cidrs`: the tenant's external networks on its chosen ports (only when it has some).
 * Tenants never appear in each other's rules, so they cannot reach one another.
 *
 * With `adminTier`, the isolation is enforced by ClusterNetworkPolicies instead (admin.ts): one Admin-tier Deny
 * per tenant, which no namespace owner's NetworkPolicy can override, and a Baseline-tier default.
 */
import type { KubeObject, NetworkPolicy, NetworkPolicyPort } from '../model/types.ts';
import { generateAdminTenantIsolation } from './admin.ts';
import { clusterDnsPeer, dnsPorts, NAMESPACE_NAME_LABEL, namespacePeer, networkPolicy } from './peers.ts';

export interface TenantSpec {
  /** The tenant's namespace. */
  namespace: string;
  /** External networks the tenant's pods may reach (CIDRs). */
  egressCidrs?: string[];
  /** Ports for those networks; absent or empty = all ports. */
  egressPorts?: NetworkPolicyPort[];
}

export interface TenantIsolationInput {
  tenants: TenantSpec[];
  /** Namespaces whose pods may reach every tenant (ingress), e.g. `virtrigaud-system`, `monitoring`. */
  sharedNamespaces: string[];
  /** Also emit Namespace objects labelled `tenant: <namespace>`, so the namespaces appear with their labels. */
  includeNamespaces?: boolean;
  /**
   * Enforce isolation at the Admin tier: ClusterNetworkPolicies (one per tenant, plus a Baseline default) instead
   * of NetworkPolicies in the tenants' namespaces; `egressCidrs` and `egressPorts` are not used (egress stays open).
   */
  adminTier?: boolean;
}

const GENERATED_BY = { 'app.kubernetes.io/managed-by': 'netpol-designer' };

/** A DNS-1123 label: what a namespace name must be. */
export function isNamespaceName(name: string): boolean {
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) && name.length <= 63;
}

export function validateTenantIsolation(input: TenantIsolationInput): string[] {
  const problems: string[] = [];
  if (!input.tenants.length) problems.push('add at least one tenant namespace');
  const seen = new Set<string>();
  for (const t of input.tenants) {
    if (!isNamespaceName(t.namespace)) problems.push(`"${t.namespace}" is not a valid namespace name`);
    if (seen.has(t.namespace)) problems.push(`tenant "${t.namespace}" is listed twice`);
    seen.add(t.namespace);
    for (const cidr of t.egressCidrs ?? [])
      if (!/^[0-9a-fA-F.:]+\/\d{1,3}$/.test(cidr)) problems.push(`"${cidr}" (tenant ${t.namespace}) is not a CIDR`);
  }
  for (const s of input.sharedNamespaces) {
    if (!isNamespaceName(s)) problems.push(`"${s}" is not a valid namespace name`);
    if (seen.has(s)) problems.push(`"${s}" is both a tenant and a shared namespace`);
  }
  return problems;
}

export function generateTenantIsolation(input: TenantIsolationInput): (NetworkPolicy | KubeObject)[] {
  const objects: (NetworkPolicy | KubeObject)[] = [];
  for (const tenant of input.tenants) {
    const ns = tenant.namespace;
    if (input.includeNamespaces) {
      objects.push({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { [NAMESPACE_NAME_LABEL]: ns, tenant: ns } },
      });
    }
    if (input.adminTier) continue;
    objects.push(
      networkPolicy(ns, 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }, GENERATED_BY),
      networkPolicy(
        ns,
        'allow-same-namespace',
        {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ podSelector: {} }] }],
          egress: [{ to: [{ podSelector: {} }] }],
        },
        GENERATED_BY,
      ),
    );
    const shared = input.sharedNamespaces.filter((s) => s !== ns);
    if (shared.length) {
      objects.push(
        networkPolicy(
          ns,
          'allow-from-shared-namespaces',
          { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: shared.map((s) => namespacePeer(s)) }] },
          GENERATED_BY,
        ),
      );
    }
    objects.push(
      networkPolicy(
        ns,
        'allow-dns-egress',
        { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [clusterDnsPeer()], ports: dnsPorts() }] },
        GENERATED_BY,
      ),
    );
    const cidrs = tenant.egressCidrs ?? [];
    if (cidrs.length) {
      const ports = tenant.egressPorts ?? [];
      objects.push(
        networkPolicy(
          ns,
          'allow-egress-to-cidrs',
          {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: [
              {
                to: cidrs.map((cidr) => ({ ipBlock: { cidr } })),
                ...(ports.length ? { ports: ports.map((p) => ({ ...p })) } : {}),
              },
            ],
          },
          GENERATED_BY,
        ),
      );
    }
  }
  if (input.adminTier)
    objects.push(
      ...(generateAdminTenantIsolation(
        input.tenants.map((t) => t.namespace),
        input.sharedNamespaces,
      ) as KubeObject[]),
    );
  return objects;
}
