/**
 * The Templates menu: small, correct policies for common needs, and the operator guide's provider patterns
 * written the way the guide meant them. Every template selects namespaces by `kubernetes.io/metadata.name`,
 * puts a namespaceSelector and podSelector that must both hold in ONE peer (the guide's versions list them as
 * two peers, which allows either), and states policyTypes explicitly.
 */
import type { NetworkPolicy, NetworkPolicyPort } from '../model/types.ts';
import type { ClusterNetworkPolicy } from '../model/admin.ts';
import { generateAdminTemplate, isAdminTemplate, type AdminTemplateId } from './admin.ts';
import { clusterDnsPeer, dnsPorts, namespacePeer, networkPolicy, tcp, type PolicyType } from './peers.ts';

export type TemplateId =
  | 'default-deny-ingress'
  | 'default-deny-egress'
  | 'default-deny-all'
  | 'allow-dns'
  | 'allow-from-namespace'
  | 'allow-to-cidr'
  | 'provider-from-manager'
  | 'provider-from-monitoring'
  | 'provider-egress'
  | AdminTemplateId;

/** What a template asks for; only the fields a template lists in `TEMPLATE_FIELDS` are used. */
export interface TemplateInput {
  namespace: string;
  /** Pods the policy applies to (`key=value,…`); empty = every pod in the namespace. */
  podLabels?: Record<string, string>;
  fromNamespace?: string;
  fromPodLabels?: Record<string, string>;
  cidr?: string;
  except?: string[];
  ports?: NetworkPolicyPort[];
}

export interface TemplateDescription {
  id: TemplateId;
  title: string;
  description: string;
  fields: (keyof TemplateInput)[];
  defaults: Partial<TemplateInput>;
  /** What a field means in this template, when not what the dialog usually calls it. */
  fieldLabels?: Partial<Record<keyof TemplateInput, string>>;
}

const PROVIDER_LABELS = { 'app.kubernetes.io/name': 'virtrigaud-provider' };

export const TEMPLATES: readonly TemplateDescription[] = [
  {
    id: 'default-deny-ingress',
    title: 'Default deny ingress',
    description: 'Isolate every pod of the namespace for ingress: nothing gets in unless another policy allows it.',
    fields: ['namespace'],
    defaults: {},
  },
  {
    id: 'default-deny-egress',
    title: 'Default deny egress',
    description: 'Isolate every pod of the namespace for egress (remember to allow DNS).',
    fields: ['namespace'],
    defaults: {},
  },
  {
    id: 'default-deny-all',
    title: 'Default deny ingress and egress',
    description: 'Isolate every pod of the namespace in both directions.',
    fields: ['namespace'],
    defaults: {},
  },
  {
    id: 'allow-dns',
    title: 'Allow DNS',
    description: 'Egress on UDP and TCP 53 to the cluster DNS pods (kube-system, k8s-app=kube-dns).',
    fields: ['namespace', 'podLabels'],
    defaults: {},
  },
  {
    id: 'allow-from-namespace',
    title: 'Allow from a namespace',
    description: 'Ingress from (some pods of) another namespace, optionally on some ports.',
    fields: ['namespace', 'podLabels', 'fromNamespace', 'fromPodLabels', 'ports'],
    defaults: { fromNamespace: 'monitoring' },
  },
  {
    id: 'allow-to-cidr',
    title: 'Allow to a CIDR',
    description: 'Egress to an external network (with exceptions), optionally on some ports.',
    fields: ['namespace', 'podLabels', 'cidr', 'except', 'ports'],
    defaults: { cidr: '10.0.0.0/8', ports: [tcp(443)] },
  },
  {
    id: 'provider-from-manager',
    title: 'Provider: allow the manager (gRPC 9443)',
    description: 'Provider pods accept the VirtRigaud manager, in virtrigaud-system, on TCP 9443.',
    fields: ['namespace', 'podLabels', 'fromNamespace', 'fromPodLabels', 'ports'],
    defaults: {
      podLabels: PROVIDER_LABELS,
      fromNamespace: 'virtrigaud-system',
      fromPodLabels: { 'app.kubernetes.io/name': 'virtrigaud-manager' },
      ports: [tcp(9443)],
    },
  },
  {
    id: 'provider-from-monitoring',
    title: 'Provider: allow monitoring (metrics 8080)',
    description: 'Provider pods accept Prometheus, in monitoring, on TCP 8080.',
    fields: ['namespace', 'podLabels', 'fromNamespace', 'fromPodLabels', 'ports'],
    defaults: {
      podLabels: PROVIDER_LABELS,
      fromNamespace: 'monitoring',
      fromPodLabels: { app: 'prometheus' },
      ports: [tcp(8080)],
    },
  },
  {
    id: 'provider-egress',
    title: 'Provider: egress to vCenter (443) and libvirt (16509)',
    description: 'Provider pods may resolve names and reach the hypervisor network on TCP 443 and 16509, nothing else.',
    fields: ['namespace', 'podLabels', 'cidr', 'except', 'ports'],
    defaults: { podLabels: PROVIDER_LABELS, cidr: '10.0.0.0/8', ports: [tcp(443), tcp(16509)] },
  },
  {
    id: 'admin-deny-cross-tenant',
    title: 'Admin tier: deny cross-tenant',
    description:
      'A ClusterNetworkPolicy (Admin, priority 100): namespaces labelled tenant=<tenant> refuse ingress from every namespace of another tenant. No NetworkPolicy can reopen it.',
    fields: ['namespace'],
    defaults: { namespace: 'tenant-a' },
    fieldLabels: { namespace: 'Tenant (the value of the namespaces’ tenant label)' },
  },
  {
    id: 'admin-allow-dns-monitoring',
    title: 'Admin tier: always allow DNS and monitoring',
    description:
      'A ClusterNetworkPolicy (Admin, priority 10, before any Deny): every namespace may reach the cluster DNS and accepts the monitoring namespace on the ports given, whatever the NetworkPolicies say.',
    fields: ['fromNamespace', 'ports'],
    defaults: { fromNamespace: 'monitoring', ports: [tcp(9090)] },
    fieldLabels: { fromNamespace: 'Monitoring namespace', ports: 'Scrape ports (e.g. TCP 9090; empty = all)' },
  },
  {
    id: 'admin-pass-to-owners',
    title: 'Admin tier: pass to namespace owners',
    description:
      'A ClusterNetworkPolicy (Admin, priority 50): ingress from one namespace skips the rest of the Admin tier (e.g. a cross-tenant Deny at 100), so the namespace’s own NetworkPolicies decide it.',
    fields: ['namespace', 'fromNamespace', 'ports'],
    defaults: { fromNamespace: 'partner' },
  },
];

export function templateDescription(id: TemplateId): TemplateDescription {
  const found = TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`unknown template ${id}`);
  return found;
}

function podSelectorOf(labels: Record<string, string> | undefined) {
  return labels && Object.keys(labels).length ? { matchLabels: { ...labels } } : {};
}

function suffixFor(labels: Record<string, string> | undefined): string {
  const values = Object.values(labels ?? {});
  return values.length ? `-${values.join('-')}` : '';
}

/** A policy name from free text: lower case, DNS-1123 subdomain characters, at most 63 characters. */
function policyName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return name.slice(0, 63).replace(/[-.]+$/, '') || 'policy';
}

function defaultDeny(input: TemplateInput, types: PolicyType[]): NetworkPolicy {
  const what = types.length === 2 ? 'all' : types[0]!.toLowerCase();
  return networkPolicy(input.namespace, `default-deny-${what}`, {
    podSelector: podSelectorOf(input.podLabels),
    policyTypes: types,
  });
}

function withPorts(ports: NetworkPolicyPort[] | undefined) {
  return ports?.length ? { ports: ports.map((p) => ({ ...p })) } : {};
}

export function generateTemplate(id: TemplateId, input: TemplateInput): (NetworkPolicy | ClusterNetworkPolicy)[] {
  if (isAdminTemplate(id)) return generateAdminTemplate(id, input);
  const podSelector = podSelectorOf(input.podLabels);
  const fromNamespace = input.fromNamespace || input.namespace;
  switch (id) {
    case 'default-deny-ingress':
      return [defaultDeny(input, ['Ingress'])];
    case 'default-deny-egress':
      return [defaultDeny(input, ['Egress'])];
    case 'default-deny-all':
      return [defaultDeny(input, ['Ingress', 'Egress'])];
    case 'allow-dns':
      return [
        networkPolicy(input.namespace, policyName(`allow-dns${suffixFor(input.podLabels)}`), {
          podSelector,
          policyTypes: ['Egress'],
          egress: [{ to: [clusterDnsPeer()], ports: dnsPorts() }],
        }),
      ];
    case 'allow-from-namespace':
    case 'provider-from-manager':
    case 'provider-from-monitoring':
      return [
        networkPolicy(input.namespace, policyName(`allow-from-${fromNamespace}${suffixFor(input.fromPodLabels)}`), {
          podSelector,
          policyTypes: ['Ingress'],
          ingress: [{ from: [namespacePeer(fromNamespace, input.fromPodLabels)], ...withPorts(input.ports) }],
        }),
      ];
    case 'allow-to-cidr':
      return [
        networkPolicy(input.namespace, policyName(`allow-to-${input.cidr ?? 'cidr'}`), {
          podSelector,
          policyTypes: ['Egress'],
          egress: [{ to: [ipBlockPeer(input)], ...withPorts(input.ports) }],
        }),
      ];
    case 'provider-egress':
      return [
        networkPolicy(input.namespace, policyName(`provider-egress${suffixFor(input.podLabels)}`), {
          podSelector,
          policyTypes: ['Egress'],
          egress: [
            { to: [clusterDnsPeer()], ports: dnsPorts() },
            { to: [ipBlockPeer(input)], ...withPorts(input.ports) },
          ],
        }),
      ];
  }
}

function ipBlockPeer(input: TemplateInput) {
  const except = (input.except ?? []).filter(Boolean);
  return { ipBlock: { cidr: input.cidr ?? '0.0.0.0/0', ...(except.length ? { except: [...except] } : {}) } };
}
