/**
 * Generators for the admin tiers (ClusterNetworkPolicy, policy.networking.k8s.io/v1alpha2): the tenant wizard's
 * "enforce isolation at the Admin tier" output and the admin templates. Namespaces are selected by
 * `kubernetes.io/metadata.name`, as in every generator (peers.ts).
 */
import { CNP_API_VERSION, type AdminTier, type ClusterNetworkPolicy } from '../model/admin.ts';
import type { ClusterNetworkPolicyProtocol, ClusterNetworkPolicySpec } from '../model/admin.ts';
import type { LabelSelector, NetworkPolicyPort } from '../model/types.ts';
import { NAMESPACE_NAME_LABEL } from './peers.ts';

const GENERATED_BY = { 'app.kubernetes.io/managed-by': 'netpol-designer' };

/**
 * The Admin-tier priority of the wizard's per-tenant Deny policies. Lower numbers stay free for what must come
 * first (the templates: always allow DNS and monitoring at 10, pass to namespace owners at 50).
 */
export const TENANT_DENY_PRIORITY = 100;
/** The priority of the wizard's Baseline default (the only Baseline policy it writes). */
export const TENANT_BASELINE_PRIORITY = 100;

export function clusterNetworkPolicy(
  name: string,
  tier: AdminTier,
  priority: number,
  spec: Omit<ClusterNetworkPolicySpec, 'tier' | 'priority'>,
): ClusterNetworkPolicy {
  return {
    apiVersion: CNP_API_VERSION,
    kind: 'ClusterNetworkPolicy',
    metadata: { name, labels: { ...GENERATED_BY } },
    spec: { tier, priority, ...spec },
  };
}

/** Namespaces by name: one (`matchLabels`) or several (`In`); `notIn` selects every other namespace. */
export function namespacesNamed(names: readonly string[], notIn = false): LabelSelector {
  if (names.length === 1 && !notIn) return { matchLabels: { [NAMESPACE_NAME_LABEL]: names[0]! } };
  return { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: notIn ? 'NotIn' : 'In', values: [...names] }] };
}

/**
 * NetworkPolicy ports → ClusterNetworkPolicy `protocols`: a number (with `endPort`, a range) under its protocol,
 * a name as `destinationNamedPort`, a protocol without a port as the whole port range. Empty = every port (absent).
 */
export function cnpProtocols(
  ports: readonly NetworkPolicyPort[] | undefined,
): ClusterNetworkPolicyProtocol[] | undefined {
  if (!ports?.length) return undefined;
  return ports.map((p) => {
    if (typeof p.port === 'string') return { destinationNamedPort: p.port };
    const proto = (p.protocol ?? 'TCP').toLowerCase() as 'tcp' | 'udp' | 'sctp';
    const destinationPort =
      p.port === undefined
        ? { range: { start: 1, end: 65535 } }
        : p.endPort !== undefined && p.endPort > p.port
          ? { range: { start: p.port, end: p.endPort } }
          : { number: p.port };
    return { [proto]: { destinationPort } };
  });
}

const DNS_PROTOCOLS: ClusterNetworkPolicyProtocol[] = [
  { udp: { destinationPort: { number: 53 } } },
  { tcp: { destinationPort: { number: 53 } } },
];

/**
 * The tenant wizard at the Admin tier. The API cannot say "from the same tenant" in one policy, so:
 * - per tenant T, `tenant-isolation-T` (Admin, priority 100 + its index): ingress into T from every other tenant's namespace
 *   is denied. It is Admin tier, so no NetworkPolicy a namespace owner writes can reopen it. Ingress suffices:
 *   every cross-tenant connection enters some tenant, whose policy denies it.
 * - `tenant-baseline` (Baseline, priority 100), the cluster's default for the tenants: ingress from every
 *   namespace that is neither a tenant nor shared is denied, unless the namespace's owner allows it with a
 *   NetworkPolicy (NetworkPolicies decide before the Baseline tier). Tenants' own and shared namespaces' traffic
 *   stays allowed by default, and egress is not restricted.
 */
export function generateAdminTenantIsolation(tenants: readonly string[], shared: readonly string[]) {
  const objects: ClusterNetworkPolicy[] = [];
  tenants.forEach((ns, i) => {
    const others = tenants.filter((t) => t !== ns);
    if (!others.length) return;
    // One priority each (100, 101, …): the policies never overlap (disjoint subjects) and all Deny, so the order
    // is immaterial, but equal priorities are undefined order to the API, an error to lint and np-guard.
    objects.push(
      clusterNetworkPolicy(`tenant-isolation-${ns}`, 'Admin', TENANT_DENY_PRIORITY + i, {
        subject: { namespaces: namespacesNamed([ns]) },
        ingress: [{ name: 'deny-from-other-tenants', action: 'Deny', from: [{ namespaces: namespacesNamed(others) }] }],
      }),
    );
  });
  const known = [...tenants, ...shared.filter((s) => !tenants.includes(s))];
  objects.push(
    clusterNetworkPolicy('tenant-baseline', 'Baseline', TENANT_BASELINE_PRIORITY, {
      subject: { namespaces: namespacesNamed(tenants) },
      ingress: [
        {
          name: 'deny-from-outside-tenants-and-shared',
          action: 'Deny',
          from: [{ namespaces: namespacesNamed(known, true) }],
        },
      ],
    }),
  );
  return objects;
}

export type AdminTemplateId = 'admin-deny-cross-tenant' | 'admin-allow-dns-monitoring' | 'admin-pass-to-owners';

export const isAdminTemplate = (id: string): id is AdminTemplateId => id.startsWith('admin-');

/** The admin templates; `namespace`, `fromNamespace` and `ports` are the dialog's fields (templates.ts). */
export function generateAdminTemplate(
  id: AdminTemplateId,
  input: { namespace: string; fromNamespace?: string; ports?: NetworkPolicyPort[] },
): ClusterNetworkPolicy[] {
  switch (id) {
    case 'admin-deny-cross-tenant': {
      // Tenants by a `tenant` label on their namespaces: deny what comes from a namespace of another tenant.
      const tenant = input.namespace;
      return [
        clusterNetworkPolicy(`deny-cross-tenant-${tenant}`, 'Admin', TENANT_DENY_PRIORITY, {
          subject: { namespaces: { matchLabels: { tenant } } },
          ingress: [
            {
              name: 'deny-from-other-tenants',
              action: 'Deny',
              from: [
                {
                  namespaces: {
                    matchExpressions: [
                      { key: 'tenant', operator: 'Exists' },
                      { key: 'tenant', operator: 'NotIn', values: [tenant] },
                    ],
                  },
                },
              ],
            },
          ],
        }),
      ];
    }
    case 'admin-allow-dns-monitoring': {
      // Accept at the Admin tier, before any Deny (priority 10) and any NetworkPolicy: no one can break these.
      const protocols = cnpProtocols(input.ports);
      return [
        clusterNetworkPolicy('always-allow-dns-and-monitoring', 'Admin', 10, {
          subject: { namespaces: {} },
          ingress: [
            {
              name: 'allow-monitoring',
              action: 'Accept',
              from: [{ namespaces: namespacesNamed([input.fromNamespace || 'monitoring']) }],
              ...(protocols ? { protocols } : {}),
            },
          ],
          egress: [
            {
              name: 'allow-dns',
              action: 'Accept',
              to: [
                {
                  pods: {
                    namespaceSelector: namespacesNamed(['kube-system']),
                    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                  },
                },
              ],
              protocols: DNS_PROTOCOLS.map((p) => ({ ...p })),
            },
          ],
        }),
      ];
    }
    case 'admin-pass-to-owners': {
      // Pass skips the rest of the Admin tier (e.g. a cross-tenant Deny at 100): the namespace's own
      // NetworkPolicies decide this traffic (or, if none selects the pods, the Baseline tier).
      const from = input.fromNamespace || input.namespace;
      const protocols = cnpProtocols(input.ports);
      return [
        clusterNetworkPolicy(`pass-${from}-to-${input.namespace}`, 'Admin', 50, {
          subject: { namespaces: namespacesNamed([input.namespace]) },
          ingress: [
            {
              name: 'pass-to-namespace-owners',
              action: 'Pass',
              from: [{ namespaces: namespacesNamed([from]) }],
              ...(protocols ? { protocols } : {}),
            },
          ],
        }),
      ];
    }
  }
}
