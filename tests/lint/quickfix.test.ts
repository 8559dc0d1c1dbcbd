/**
 * Quick fixes: applying any fix and linting again removes the finding it was offered for; a fix marked
 * safe also leaves connectivity unchanged (checked with the connectivity engine over an inventory built
 * from every label set the policies mention, with external addresses compared at every range boundary).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeConnectivity, type ConnectivityResult } from '../../src/core/analysis/connectivity.ts';
import { formatConnections } from '../../src/core/model/portset.ts';
import { lint, LINT_RULES, lintWithFixes, quickFixes } from '../../src/core/lint/index.ts';
import { read } from '../../src/core/read/read.ts';
import type { Inventory, NetworkPolicy, ReadResult, WorkloadInfo } from '../../src/core/model/types.ts';
import { cases } from './cases.ts';
import { hasShared, SHARED } from './helpers.ts';

type Obj = Record<string, unknown>;
const isRecord = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function withPolicy(r: ReadResult, index: number, policy: NetworkPolicy): ReadResult {
  return { ...r, policies: r.policies.map((e, i) => (i === index ? { ...e, policy } : e)) };
}

/**
 * Every label map and named port the policies mention, as workloads in every namespace they mention. Built
 * from the fixed policy (before and after): only its subjects and peers can see a difference.
 */
function universe(policies: NetworkPolicy[]): Inventory {
  const labelSets: Record<string, string>[] = [{}, { 'k8s-app': 'kube-dns' }];
  const nsLabelSets: Record<string, string>[] = [];
  const nsNames = new Set<string>(['kube-system', 'default']);
  const portNames = new Set<string>(['dns', 'dns-tcp']);
  const visit = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (isRecord(v)) {
      if (typeof v.port === 'string') portNames.add(v.port);
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'podSelector' || k === 'namespaceSelector') && isRecord(x) && isRecord(x.matchLabels)) {
          const labels = Object.fromEntries(Object.entries(x.matchLabels).map(([a, b]) => [a, String(b)]));
          (k === 'podSelector' ? labelSets : nsLabelSets).push(labels);
          const name = labels['kubernetes.io/metadata.name'];
          if (k === 'namespaceSelector' && name) nsNames.add(name);
        }
        visit(x, k);
      }
    }
    void key;
  };
  for (const p of policies) {
    nsNames.add(p.metadata?.namespace || 'default');
    visit(p.spec);
  }
  nsLabelSets.forEach((_, i) => nsNames.add(`labelled-${i}`));
  const namespaces = [...nsNames].map((name) => {
    const i = name.startsWith('labelled-') ? Number(name.slice(9)) : -1;
    const labels: Record<string, string> = { ...(nsLabelSets[i] ?? {}), 'kubernetes.io/metadata.name': name };
    return { name, labels };
  });
  const ports = [...portNames].map((name, i) => ({
    name,
    containerPort: name === 'dns' || name === 'dns-tcp' ? 53 : 10000 + i,
    protocol: name === 'dns' ? ('UDP' as const) : ('TCP' as const),
  }));
  const workloads: WorkloadInfo[] = [];
  for (const ns of namespaces)
    labelSets.forEach((labels, i) =>
      workloads.push({
        namespace: ns.name,
        name: `w${i}`,
        kind: 'Deployment',
        labels,
        ports,
        ips: [],
        hostNetwork: false,
      }),
    );
  return { namespaces, workloads };
}

/** Connectivity as a comparable map: pod pairs, and pod ↔ external address at every range boundary. */
function meaning(results: ConnectivityResult[], which: number): Map<string, string> {
  const r = results[which]!;
  const out = new Map<string, string>();
  const samples = new Set<string>();
  for (const res of results)
    for (const c of res.connections)
      for (const e of [c.src, c.dst])
        if (e.kind === 'external') samples.add(`${e.family}:${e.first}`).add(`${e.family}:${e.last}`);
  for (const c of r.connections) {
    if (c.src.kind === 'workload' && c.dst.kind === 'workload')
      out.set(`${c.src.id}>${c.dst.id}`, formatConnections(c.conns));
    else {
      const ext = c.src.kind === 'external' ? c.src : c.dst;
      const pod = c.src.kind === 'external' ? c.dst : c.src;
      if (ext.kind !== 'external') continue;
      for (const s of samples) {
        const [fam, v] = s.split(':');
        const value = BigInt(v!);
        if (Number(fam) !== ext.family || value < ext.first || value > ext.last) continue;
        out.set(`${c.src === ext ? 'ext' : pod.id}>${c.src === ext ? pod.id : 'ext'}@${s}`, formatConnections(c.conns));
      }
    }
  }
  return out;
}

function inputs(): { name: string; text: string }[] {
  const list = cases.flatMap((c) => [
    { name: `${c.rule} hit`, text: c.hit },
    { name: `${c.rule} near`, text: c.near },
  ]);
  if (hasShared)
    list.push({ name: 'seed', text: readFileSync(join(SHARED, 'seed', '000_243ac29d2f9b99da.txt'), 'utf8') });
  return list;
}

describe('quick fixes', () => {
  const seenSafe = new Set<string>();
  let applied = 0;
  let compared = 0;
  let changed = 0;

  it.each(inputs().map((i) => [i.name, i] as const))(
    '%s: each fix removes its finding; safe ones keep connectivity',
    (_, input) => {
      const r = read(input.text, { file: 'x.yaml' });
      const run = lintWithFixes(r);
      const before = run.diagnostics;
      const count = (ds: typeof before, code: string, object?: string) =>
        ds.filter((d) => d.code === code && d.object === object).length;
      for (const d of before) {
        const fixes = run.fixesFor(d);
        // The one-shot API gives the same fixes.
        expect(quickFixes(r, { ...d }).map((f) => f.title)).toEqual(fixes.map((f) => f.title));
        for (const fix of fixes) {
          applied++;
          const fixed = withPolicy(r, fix.policyIndex, fix.policy);
          const after = lint(fixed);
          expect(count(after, d.code, d.object), `${d.code} ${d.path} after "${fix.title}"`).toBeLessThan(
            count(before, d.code, d.object),
          );
          if (!fix.safe) {
            // The comparison must be able to fail: meaning-changing fixes do change it (checked in aggregate).
            if (r.policies[fix.policyIndex]!.templateParams.length === 0) {
              const inventory = universe([r.policies[fix.policyIndex]!.policy, fix.policy]);
              const results = [r, fixed].map((x) => analyzeConnectivity({ policies: x.policies, inventory }));
              if (JSON.stringify([...meaning(results, 0)]) !== JSON.stringify([...meaning(results, 1)])) changed++;
            }
            continue;
          }
          seenSafe.add(d.code);
          if (r.policies[fix.policyIndex]!.templateParams.length > 0) continue;
          const plain = (x: ReadResult) => x.policies.filter((e) => e.templateParams.length === 0);
          const inventory = universe([r.policies[fix.policyIndex]!.policy, fix.policy]);
          const results = [r, fixed].map((x) => analyzeConnectivity({ policies: plain(x), inventory }));
          const [was, is] = [meaning(results, 0), meaning(results, 1)];
          expect(is, `connectivity after "${fix.title}" (${d.code} ${d.path})`).toEqual(was);
          compared += was.size;
        }
      }
    },
  );

  it('every rule that promises a safe fix offered one somewhere above', () => {
    expect(applied).toBeGreaterThan(20);
    expect(compared).toBeGreaterThan(100);
    expect(changed).toBeGreaterThan(5);
    const promised = LINT_RULES.filter((r) => r.safeFix).map((r) => r.id);
    expect(promised.filter((id) => !seenSafe.has(id))).toEqual([]);
  });

  it('fixes do not touch the input', () => {
    const c = cases.find((x) => x.rule === 'P-18')!;
    const r = read(c.hit);
    const snapshot = JSON.stringify(r.policies);
    const d = lint(r).find((x) => x.code === 'P-18')!;
    const [fix] = quickFixes(r, d);
    expect(fix?.safe).toBe(true);
    expect(JSON.stringify(r.policies)).toBe(snapshot);
    expect(fix!.policy.spec?.ingress?.[0]?.ports?.[0]).toEqual({ protocol: 'TCP' });
  });
});
