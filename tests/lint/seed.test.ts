/**
 * The operator's guide (../shared/seed) contains real pitfalls; lint must find each of them where it is.
 * The real-world policies (../shared/conformance/real-world) must lint without throwing and without errors.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/core/lint/index.ts';
import { read } from '../../src/core/read/read.ts';
import type { Diagnostic } from '../../src/core/model/types.ts';
import { hasShared, SHARED } from './helpers.ts';

if (!hasShared) console.log(`../shared is absent (${SHARED}): lint seed and real-world suites are skipped`);

const SEED = join(SHARED, 'seed', '000_243ac29d2f9b99da.txt');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(p);
  }
  return out;
}

describe.skipIf(!hasShared)('lint on the seed guide', () => {
  const text = hasShared ? readFileSync(SEED, 'utf8') : '';
  const lines = text.split('\n');
  const diagnostics = hasShared ? lint(read(text, { file: SEED })) : [];
  const at = (code: string, line: number) => diagnostics.filter((d) => d.code === code && d.line === line);
  /** 1-based numbers of the lines matching `re`. */
  const linesMatching = (re: RegExp) => lines.flatMap((l, i) => (re.test(l) ? [i + 1] : []));
  const byCode = (code: string) => diagnostics.filter((d) => d.code === code);

  it('reports no errors and never fails internally', () => {
    expect(diagnostics.filter((d) => d.severity === 'error' || d.code === 'lint-internal')).toEqual([]);
  });

  it('P-05 on every namespaceSelector `name:` label', () => {
    // `name: X` right under `matchLabels:` right under `namespaceSelector:`.
    const expected = linesMatching(/^\s+name: [a-z-]+\s*$/).filter(
      (n) => /matchLabels:\s*$/.test(lines[n - 2]!) && /namespaceSelector:\s*$/.test(lines[n - 3]!),
    );
    const flagged = byCode('P-05').map((d) => d.line);
    expect(flagged.sort((a, b) => a - b)).toEqual(expected);
    const values = new Set(expected.map((n) => lines[n - 1]!.trim()));
    for (const v of ['name: virtrigaud-system', 'name: monitoring', 'name: kube-system', 'name: istio-system'])
      expect(values).toContain(v);
    expect(byCode('P-05').every((d) => d.path?.endsWith('namespaceSelector.matchLabels.name'))).toBe(true);
  });

  it("P-01 on provider-ingress's separate namespaceSelector / podSelector peers", () => {
    const p01 = byCode('P-01');
    expect(p01.map((d) => [d.object, d.path])).toEqual([
      ['provider-namespace/provider-ingress', 'spec.ingress[0].from[1]'],
      ['provider-namespace/provider-ingress', 'spec.ingress[1].from[1]'],
    ]);
    for (const d of p01) expect(lines[d.line - 1]).toMatch(/^\s+- podSelector:/);
  });

  it('P-02 on every `to: []` that has ports; P-03 on the ones without', () => {
    const toEmpty = linesMatching(/^\s+- to: \[\]\s*$/);
    expect(toEmpty.length).toBeGreaterThanOrEqual(8);
    for (const n of toEmpty) {
      const withPorts = /^\s+ports:/.test(lines[n]!);
      expect(at(withPorts ? 'P-02' : 'P-03', n), `line ${n}`).toHaveLength(1);
    }
  });

  it('P-07 on the node-role.kubernetes.io/worker podSelector', () => {
    const [n] = linesMatching(/node-role\.kubernetes\.io\/worker/);
    const d = at('P-07', n!);
    expect(d).toHaveLength(1);
    expect(d[0]!.path).toBe('spec.egress[3].to[0].podSelector.matchLabels.node-role.kubernetes.io/worker');
  });

  it('P-04: DNS over UDP only, and egress isolation with no DNS at all', () => {
    const p04 = byCode('P-04');
    const udpOnly = p04.filter((d) => d.message.includes('UDP only')).map((d) => d.object);
    expect(udpOnly).toEqual(
      expect.arrayContaining([
        'vsphere-providers/vsphere-provider-policy',
        'libvirt-providers/libvirt-provider-policy',
        'tenant-{{TENANT_NAME}}/tenant-isolation',
        'default/minimal-egress-example',
      ]),
    );
    const none = p04.filter((d) => d.message.includes('no egress rule')).map((d) => d.object);
    expect(none.sort()).toEqual(['production/default-deny-all', 'tenant-production/deny-cross-tenant']);
    // provider-egress allows UDP and TCP 53 (to everyone): no P-04 there.
    expect(p04.some((d) => d.object === 'provider-namespace/provider-egress')).toBe(false);
  });

  it('P-28 and P-03 on deny-cross-tenant, whose `from: []` allows all ingress', () => {
    const [n] = linesMatching(/^\s+- from: \[\]\s*$/);
    expect(at('P-28', n!).map((d) => d.severity)).toEqual(['warning']);
    expect(at('P-03', n!).map((d) => d.object)).toEqual(['tenant-production/deny-cross-tenant']);
  });

  it('template-unfilled for {{TENANT_NAME}} and {{TENANT_HYPERVISOR_CIDR}}', () => {
    const t = byCode('template-unfilled');
    expect(t.map((d) => d.severity)).toEqual(['warning', 'warning']);
    expect(t.map((d) => d.message.match(/\{\{(\w+)\}\}/)?.[1])).toEqual(['TENANT_NAME', 'TENANT_HYPERVISOR_CIDR']);
    expect(lines[t[0]!.line - 1]).toContain('namespace: tenant-{{TENANT_NAME}}');
    expect(lines[t[1]!.line - 1]).toContain('{{TENANT_HYPERVISOR_CIDR}}');
  });

  it('P-08 on 10.0.0.0/8 (covers the default Service and pod CIDRs)', () => {
    const p08 = byCode('P-08').filter((d) => d.severity === 'warning');
    expect(p08.map((d) => d.object).sort()).toEqual([
      'provider-namespace/dynamic-hypervisor-access',
      'vsphere-providers/vsphere-provider-policy',
    ]);
    for (const d of p08) expect(lines[d.line - 1]).toContain('cidr: 10.0.0.0/8');
  });

  it('cloud-metadata on egress to everyone on port 80', () => {
    expect(byCode('cloud-metadata').map((d) => d.object)).toEqual([
      'provider-namespace/provider-egress',
      'development/mock-provider-policy',
    ]);
  });

  it('P-13: the kube-system 443 rule of provider-egress is shadowed by its `to: []` 443 rule', () => {
    const d = byCode('P-13').find((x) => x.object === 'provider-namespace/provider-egress');
    expect(d?.path).toBe('spec.egress[1]');
  });
  it('P-17 on "Allow HTTPS to Kubernetes API" (kube-system on 443)', () => {
    const d = byCode('P-17');
    expect(d.map((x) => [x.object, x.path])).toEqual([
      ['provider-namespace/provider-egress', 'spec.egress[1].ports[0]'],
    ]);
    expect(lines.slice(d[0]!.line - 12, d[0]!.line).join('\n')).toContain('Allow HTTPS to Kubernetes API');
  });
});

describe.skipIf(!hasShared)('lint on real-world policies', () => {
  const files = hasShared ? filesUnder(join(SHARED, 'conformance', 'real-world')) : [];

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('each file alone: no throw, no errors', () => {
    for (const f of files) {
      let ds: Diagnostic[] = [];
      expect(() => (ds = lint(read(readFileSync(f, 'utf8'), { file: f })))).not.toThrow();
      expect(
        ds.filter((d) => d.severity === 'error' || d.code === 'lint-internal'),
        f,
      ).toEqual([]);
      for (const d of ds) {
        expect(d.line).toBeGreaterThan(0);
        expect(d.file).toBe(f);
      }
    }
  });

  it('all files together (merged inventory): no errors', () => {
    const reads = files.map((f) => read(readFileSync(f, 'utf8'), { file: f }));
    const ds = lint(reads);
    expect(ds.filter((d) => d.severity === 'error' || d.code === 'lint-internal')).toEqual([]);
    // The kube-prometheus node-exporter runs with hostNetwork: its policy cannot apply on most CNIs.
    expect(ds.some((d) => d.code === 'P-22' && d.object === 'monitoring/node-exporter')).toBe(true);
  });
});
