/**
 * The test vectors V1–V12 of admin-network-policy.md §6, read from the spec itself: each section's YAML is
 * analysed with the spec's cluster, and every row `src → dst PROTO PORT | allow|deny` is checked through
 * explainConnection (the engine behind `netpol explain`) and the connlist engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeConnectivity } from '../../src/core/analysis/connectivity.ts';
import { buildModel } from '../../src/core/analysis/model.ts';
import { explainConnection, resolveEndpoint, type Endpoint } from '../../src/core/analysis/explain.ts';
import { allowsPort } from '../../src/core/model/portset.ts';
import type { Protocol } from '../../src/core/model/types.ts';
import { read } from '../../src/core/read/read.ts';
import { sharedDir } from '../conformance/load.ts';

const docs = sharedDir('docs', 'admin-network-policy vectors');
const spec = docs ? readFileSync(join(docs, 'admin-network-policy.md'), 'utf8') : '';
const section = spec.slice(spec.indexOf('## 6. Test vectors'), spec.indexOf('## 7.'));
const cluster = /```yaml\n# cluster\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

interface Vector {
  name: string;
  yaml: string;
  rows: { query: string; expect: 'allow' | 'deny' }[];
}
const vectors: Vector[] = section
  .split(/\n### /)
  .slice(1)
  .map((block) => ({
    name: block.split('\n')[0]!,
    yaml: /```yaml\n([\s\S]*?)```/.exec(block)?.[1] ?? '',
    rows: [...block.matchAll(/^\| ([^|]*→[^|]*) \| (allow|deny) \|/gm)].map((m) => ({
      query: m[1]!.trim(),
      expect: m[2] as 'allow' | 'deny',
    })),
  }));

describe.skipIf(!docs)('admin-network-policy.md §6 test vectors', () => {
  it('finds V1–V12 with their rows', () => {
    expect(vectors.map((v) => v.name.split(' ')[0])).toEqual(Array.from({ length: 12 }, (_, i) => `V${i + 1}`));
    expect(vectors.every((v) => v.rows.length >= 2 && v.yaml.length > 0)).toBe(true);
  });

  for (const v of vectors)
    it(v.name, () => {
      const r = read(`${cluster}---\n${v.yaml}`);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const input = { policies: r.policies, adminPolicies: r.adminPolicies, inventory: r.inventory };
      const model = buildModel(input);
      const connlist = analyzeConnectivity(model);
      for (const row of v.rows) {
        const m = /^(\S+) → (\S+) (TCP|UDP|SCTP) (\d+)$/.exec(row.query)!;
        const end = (t: string): Endpoint => {
          const e = resolveEndpoint(model, t);
          if ('error' in e) throw new Error(e.error);
          return e;
        };
        const port = Number(m[4]);
        const protocol = m[3] as Protocol;
        const x = explainConnection(model, end(m[1]!), end(m[2]!), { port, protocol });
        expect(`${row.query}: ${x.allowed ? 'allow' : 'deny'}`, x.summary).toBe(`${row.query}: ${row.expect}`);
        // The connlist engine agrees for pod → pod rows.
        if (!/\d+\.\d+/.test(row.query)) {
          const line = connlist.connections.find((c) => c.src.id === x.src && c.dst.id === x.dst);
          expect(!!line && allowsPort(line.conns, port, protocol), row.query).toBe(row.expect === 'allow');
        }
      }
    });

  it('V6 with the rules swapped allows a/x → b/y TCP 8080', () => {
    const v6 = vectors.find((v) => v.name.startsWith('V6'))!;
    const lines = v6.yaml.split('\n');
    const i = lines.findIndex((l) => l.startsWith('  - {action: Deny'));
    [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
    const r = read(`${cluster}---\n${lines.join('\n')}`);
    const model = buildModel({ policies: r.policies, adminPolicies: r.adminPolicies, inventory: r.inventory });
    const [a, b] = ['a/x', 'b/y'].map((t) => resolveEndpoint(model, t) as Endpoint);
    expect(explainConnection(model, a!, b!, { port: 8080, protocol: 'TCP' }).allowed).toBe(true);
  });

  it('explain names the deciding rule', () => {
    const v1 = vectors[0]!;
    const r = read(`${cluster}---\n${v1.yaml}`);
    const model = buildModel({ policies: r.policies, adminPolicies: r.adminPolicies, inventory: r.inventory });
    const [a, b] = ['a/x', 'b/y'].map((t) => resolveEndpoint(model, t) as Endpoint);
    const x = explainConnection(model, a!, b!, { port: 8080, protocol: 'TCP' });
    expect(x.ingress.decidedBy).toBe('cnp/deny-a-to-b ingress[0] (Admin, priority 10): Deny');
    expect(x.egress.decidedBy).toBeUndefined();
  });
});
