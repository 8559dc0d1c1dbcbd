/**
 * The tenant wizard's "enforce isolation at the Admin tier" output analyses to exactly the isolation it promises
 * (generate/admin.ts): no connection between two tenants, whatever NetworkPolicy a namespace owner writes; by
 * default, tenants are reachable only from their own namespace, the other tenants' excepted, and the shared
 * namespaces; owners' NetworkPolicies may open a tenant to other namespaces (they decide before the Baseline tier).
 */
import { describe, expect, it } from 'vitest';
import { analyzeConnectivity } from '../../src/core/analysis/connectivity.ts';
import { dumpObject } from '../../src/core/format/write.ts';
import { generateTenantIsolation } from '../../src/core/generate/index.ts';
import { lint } from '../../src/core/lint/index.ts';
import { allowsPort } from '../../src/core/model/portset.ts';
import { read } from '../../src/core/read/read.ts';

const TENANTS = ['a', 'b', 'c'];
const SHARED = ['monitoring'];
const NAMESPACES = [...TENANTS, ...SHARED, 'other', 'kube-system'];

const pod = (ns: string, name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\n`;
const CLUSTER = NAMESPACES.flatMap((ns) => [
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {kubernetes.io/metadata.name: ${ns}}}\n`,
  pod(ns, 'web'),
  pod(ns, 'db'),
]).join('---\n');

/** What an owner might write to reopen their namespace to everyone. */
const OPEN_EVERYTHING = TENANTS.map(
  (ns) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-all, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`,
).join('---\n');

const generated = generateTenantIsolation({
  tenants: TENANTS.map((namespace) => ({ namespace, egressCidrs: ['10.0.0.0/8'] })),
  sharedNamespaces: SHARED,
  adminTier: true,
}).map((o) => dumpObject(o));

/** Every ordered pair of distinct pods, `ns/name` → allowed on TCP 80 and UDP 53 (every port, in fact). */
function matrix(text: string) {
  const r = read(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const result = analyzeConnectivity({ policies: r.policies, adminPolicies: r.adminPolicies, inventory: r.inventory });
  const allowed = new Map<string, boolean>();
  for (const c of result.connections) {
    if (c.src.kind !== 'workload' || c.dst.kind !== 'workload') continue;
    const all = allowsPort(c.conns, 80, 'TCP') && allowsPort(c.conns, 53, 'UDP') && allowsPort(c.conns, 9090, 'TCP');
    allowed.set(`${c.src.id.split('[')[0]} -> ${c.dst.id.split('[')[0]}`, all);
  }
  const pods = NAMESPACES.flatMap((ns) => [`${ns}/web`, `${ns}/db`]);
  const out: string[] = [];
  for (const s of pods)
    for (const d of pods) if (s !== d) out.push(`${s} -> ${d}: ${allowed.get(`${s} -> ${d}`) ? 'allow' : 'deny'}`);
  return { out, pods, r };
}

const ns = (podId: string) => podId.split('/')[0]!;
const crossTenant = (s: string, d: string) => TENANTS.includes(ns(s)) && TENANTS.includes(ns(d)) && ns(s) !== ns(d);

describe('tenant wizard at the Admin tier', () => {
  it('writes one Admin-tier ClusterNetworkPolicy per tenant and one Baseline default, and nothing else', () => {
    const r = read(generated.join('---\n'));
    expect(r.policies).toEqual([]);
    expect(r.adminPolicies.map((e) => e.key)).toEqual([
      'cnp/tenant-isolation-a',
      'cnp/tenant-isolation-b',
      'cnp/tenant-isolation-c',
      'cnp/tenant-baseline',
    ]);
    expect(lint(r).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('alone: tenants never reach each other; outsiders reach tenants only if shared; the rest stays open', () => {
    const { out, pods } = matrix([CLUSTER, ...generated].join('---\n'));
    const expected: string[] = [];
    for (const s of pods)
      for (const d of pods) {
        if (s === d) continue;
        const outsider = !TENANTS.includes(ns(s)) && !SHARED.includes(ns(s));
        const deny = crossTenant(s, d) || (TENANTS.includes(ns(d)) && outsider);
        expected.push(`${s} -> ${d}: ${deny ? 'deny' : 'allow'}`);
      }
    expect(out).toEqual(expected);
    // The promise is not vacuous: both outcomes occur.
    expect(out.some((l) => l.endsWith('allow')) && out.some((l) => l.endsWith('deny'))).toBe(true);
  });

  it('no NetworkPolicy reopens a tenant to another tenant; owners may open to everyone else', () => {
    const { out, pods } = matrix([CLUSTER, ...generated, OPEN_EVERYTHING].join('---\n'));
    const expected: string[] = [];
    for (const s of pods)
      for (const d of pods) if (s !== d) expected.push(`${s} -> ${d}: ${crossTenant(s, d) ? 'deny' : 'allow'}`);
    expect(out).toEqual(expected);
  });

  it('without the Admin tier, the same owners’ NetworkPolicies would open tenants to each other (the contrast)', () => {
    const { out } = matrix([CLUSTER, OPEN_EVERYTHING].join('---\n'));
    expect(out).toContain('a/web -> b/web: allow');
  });
});
