import { describe, expect, it } from 'vitest';
import {
  generateTemplate,
  generateTenantIsolation,
  parsePortList,
  TEMPLATES,
  validateTenantIsolation,
} from '../../src/core/generate/index.ts';
import { lint } from '../../src/core/lint/index.ts';
import { dumpObject, projectGraph, read, writePolicies } from '../../src/core/index.ts';

const NS = 'kubernetes.io/metadata.name';

describe('tenant isolation generator', () => {
  const input = {
    tenants: [
      { namespace: 'acme', egressCidrs: ['10.10.0.0/16'], egressPorts: [{ protocol: 'TCP' as const, port: 443 }] },
      { namespace: 'globex' },
    ],
    sharedNamespaces: ['monitoring', 'virtrigaud-system'],
  };
  const objects = generateTenantIsolation(input);
  const text = writePolicies(objects);
  const result = read(text);

  it('writes valid policies with explicit policyTypes', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const entry of result.policies) expect(entry.policy.spec?.policyTypes?.length).toBeGreaterThan(0);
    expect(result.policies.map((p) => p.key)).toEqual([
      'acme/default-deny-all',
      'acme/allow-same-namespace',
      'acme/allow-from-shared-namespaces',
      'acme/allow-dns-egress',
      'acme/allow-egress-to-cidrs',
      'globex/default-deny-all',
      'globex/allow-same-namespace',
      'globex/allow-from-shared-namespaces',
      'globex/allow-dns-egress',
    ]);
  });

  it('draws isolated tenants that never reach each other', () => {
    const graph = projectGraph(result);
    const acme = graph.nodes.find((n) => n.id === 'pods:acme:{}')!;
    expect(acme.isolation).toMatchObject({ ingress: true, egress: true });
    const crossTenant = graph.edges.filter(
      (e) =>
        (e.source.includes(':acme:') && e.target.includes(':globex:')) ||
        (e.source.includes(':globex:') && e.target.includes(':acme:')),
    );
    expect(crossTenant).toEqual([]);
    expect(
      graph.edges.find((e) => e.source === 'pods:acme:{}' && e.target === 'pods:kube-system:k8s-app=kube-dns')?.label,
    ).toBe('UDP 53; TCP 53');
    expect(graph.edges.find((e) => e.source === 'pods:monitoring:{}' && e.target === 'pods:acme:{}')).toBeDefined();
  });

  it('selects namespaces by their immutable name label, and DNS pods in the same peer as kube-system', () => {
    const dns = result.policies.find((p) => p.key === 'acme/allow-dns-egress')!.policy;
    expect(dns.spec?.egress?.[0]?.to).toEqual([
      {
        namespaceSelector: { matchLabels: { [NS]: 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
    ]);
    const shared = result.policies.find((p) => p.key === 'acme/allow-from-shared-namespaces')!.policy;
    expect(shared.spec?.ingress?.[0]?.from).toEqual([
      { namespaceSelector: { matchLabels: { [NS]: 'monitoring' } } },
      { namespaceSelector: { matchLabels: { [NS]: 'virtrigaud-system' } } },
    ]);
  });

  it('passes the linter without warnings', () => {
    expect(lint(result).filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('rejects bad input with a reason for each problem', () => {
    expect(
      validateTenantIsolation({
        tenants: [{ namespace: 'Bad_Name' }, { namespace: 'ok', egressCidrs: ['10.0.0.0'] }, { namespace: 'ok' }],
        sharedNamespaces: ['ok'],
      }),
    ).toEqual([
      '"Bad_Name" is not a valid namespace name',
      '"10.0.0.0" (tenant ok) is not a CIDR',
      'tenant "ok" is listed twice',
      '"ok" is both a tenant and a shared namespace',
    ]);
    expect(validateTenantIsolation({ tenants: [], sharedNamespaces: [] })).toEqual([
      'add at least one tenant namespace',
    ]);
  });
});

describe('templates', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s writes a valid, lint-clean policy', (id, template) => {
    const policies = generateTemplate(id, { namespace: 'team', ...template.defaults });
    const text = policies.map((p) => (p.kind === 'NetworkPolicy' ? writePolicies([p]) : dumpObject(p))).join('---\n');
    const result = read(text);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.policies.length + result.adminPolicies.length).toBe(policies.length);
    for (const entry of result.policies) expect(entry.policy.spec?.policyTypes?.length).toBeGreaterThan(0);
    expect(lint(result).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('the guide provider pattern ANDs the manager pods with their namespace (one peer, not two)', () => {
    const [policy] = generateTemplate('provider-from-manager', {
      namespace: 'providers',
      ...TEMPLATES.find((t) => t.id === 'provider-from-manager')!.defaults,
    });
    expect(policy!.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'virtrigaud-provider' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { [NS]: 'virtrigaud-system' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'virtrigaud-manager' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: 9443 }],
        },
      ],
    });
  });

  it('provider egress allows DNS and the hypervisor network on 443 and 16509 only', () => {
    const [policy] = generateTemplate('provider-egress', {
      namespace: 'providers',
      ...TEMPLATES.find((t) => t.id === 'provider-egress')!.defaults,
      cidr: '10.2.0.0/24',
    });
    expect(policy!.spec?.egress?.[1]).toEqual({
      to: [{ ipBlock: { cidr: '10.2.0.0/24' } }],
      ports: [
        { protocol: 'TCP', port: 443 },
        { protocol: 'TCP', port: 16509 },
      ],
    });
  });

  it('default deny templates isolate without rules', () => {
    expect(generateTemplate('default-deny-all', { namespace: 'x' })[0]!.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(generateTemplate('default-deny-egress', { namespace: 'x' })[0]!.metadata?.name).toBe('default-deny-egress');
  });
});

describe('port lists', () => {
  it('reads the ways people write ports', () => {
    expect(parsePortList('TCP 443, UDP 53; 8000-9000/TCP\nsctp 2905, 5432, https, 443-alt')).toEqual({
      ports: [
        { protocol: 'TCP', port: 443 },
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 8000, endPort: 9000 },
        { protocol: 'SCTP', port: 2905 },
        { protocol: 'TCP', port: 5432 },
        { protocol: 'TCP', port: 'https' },
        { protocol: 'TCP', port: '443-alt' },
      ],
    });
    expect(parsePortList('')).toEqual({ ports: [] });
  });

  it.each(['70000', '0', '9000-8000', 'TCP', 'Not_A_Name', 'http--alt', 'TCP 443 UDP'])('rejects %s', (text) => {
    expect(parsePortList(text)).toEqual({ error: text });
  });
});
