/**
 * np-guard/netpol-analyzer conformance: every scenario with a plain `<s>_connlist_output.txt` is analysed with
 * np-guard's conventions (ipBlocks never match pods) and the txt connlist must equal the expected line set.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAll } from 'js-yaml';
import { main, nodeIO } from '../cli/built.ts';
import { analyzeConnectivity } from '../../src/core/analysis/connectivity.ts';
import { explainConnection, type PodEndpoint } from '../../src/core/analysis/explain.ts';
import { formatConnlist } from '../../src/core/analysis/format.ts';
import { formatConnections } from '../../src/core/model/portset.ts';
import type { Protocol } from '../../src/core/model/types.ts';
import { loadInputs, sharedDir } from './load.ts';

const root = sharedDir('conformance/np-guard/scenarios', 'np-guard conformance');
const scenarios = root
  ? readdirSync(root)
      .filter((s) => existsSync(join(root, s, 'expected', `${s}_connlist_output.txt`)))
      .sort()
  : [];

const lineSet = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .sort();

describe.skipIf(!root)('np-guard connlist conformance', () => {
  let passed = 0;
  afterAll(() => console.log(`np-guard conformance: ${passed}/${scenarios.length} scenarios match exactly`));

  it('finds the plain connlist scenarios', () => {
    expect(scenarios.length).toBe(42);
  });

  for (const s of scenarios) {
    it(s, () => {
      const input = loadInputs(join(root!, s, 'input'));
      const result = analyzeConnectivity(input, { ipBlockMatchesPods: false });
      const actual = lineSet(formatConnlist(result, 'txt'));
      const expected = lineSet(readFileSync(join(root!, s, 'expected', `${s}_connlist_output.txt`), 'utf8'));
      const actualSet = new Set(actual);
      const expectedSet = new Set(expected);
      const missing = expected.filter((l) => !actualSet.has(l));
      const extra = actual.filter((l) => !expectedSet.has(l));
      expect({
        missing: missing.slice(0, 20),
        extra: extra.slice(0, 20),
        counts: [missing.length, extra.length],
      }).toEqual({ missing: [], extra: [], counts: [0, 0] });
      passed++;
    });
  }
});

describe.skipIf(!root)('np-guard onlineboutique: json connlist and the pod-level connections map', () => {
  const dir = root ? join(root, 'onlineboutique', 'input') : '';

  // This file predates np-guard's `[External]` suffix (the scenario's expected txt has it), so the suffix is
  // removed before comparing; order and every other field must match.
  it('json output equals np-guard’s connlist_output.json', () => {
    const result = analyzeConnectivity(loadInputs(dir));
    const expected = JSON.parse(readFileSync(join(dir, 'connlist_output.json'), 'utf8')) as unknown[];
    const actual = JSON.parse(formatConnlist(result, 'json').replaceAll('[External]', '')) as unknown[];
    expect(actual).toEqual(expected);
  });

  // eval_test.go TestConnectionsMapExamples: every ordered pair of pods (not workloads), self pairs included.
  // (The _bool variant calls CheckIfAllowed with an empty protocol and port, which has no NetworkPolicy meaning.)
  it('pod-level map: allowed connections between every ordered pair of pods', () => {
    const input = loadInputs(dir);
    const list = loadAll(readFileSync(join(dir, 'pods.yaml'), 'utf8')) as {
      items: {
        metadata: { name: string; namespace?: string; labels?: Record<string, string> };
        spec: { containers: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[] };
      }[];
    }[];
    const pods: PodEndpoint[] = list[0]!.items.map((p) => ({
      kind: 'pod',
      namespace: p.metadata.namespace ?? 'default',
      name: `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`,
      labels: p.metadata.labels ?? {},
      ports: p.spec.containers.flatMap((c) =>
        (c.ports ?? []).map((cp) => ({
          containerPort: cp.containerPort,
          protocol: (cp.protocol ?? 'TCP') as Protocol,
          ...(cp.name ? { name: cp.name } : {}),
        })),
      ),
    }));
    const actual: string[] = [];
    for (const src of pods)
      for (const dst of pods) {
        const x = explainConnection(input, src, dst);
        actual.push(`src: ${src.name}, dest: ${dst.name}, allowed conns: ${formatConnections(x.conns)}`);
      }
    expect(actual.sort()).toEqual(lineSet(readFileSync(join(dir, 'connections_map_output.txt'), 'utf8')));
  });
});

describe.skipIf(!root)('np-guard connlist through the CLI', () => {
  it('--focus-workload (onlineboutique_workloads, emailservice)', async () => {
    let out = '';
    const s = 'onlineboutique_workloads';
    await main(['analyze', '--focus-workload', 'emailservice', join(root!, s, 'input')], {
      ...nodeIO,
      stdout: (t) => void (out += t),
      stderr: () => {},
    });
    const file = join(root!, s, 'expected', `${s}_focus_workload_emailservice_connlist_output.txt`);
    expect(lineSet(out)).toEqual(lineSet(readFileSync(file, 'utf8')));
  });

  it('`netpol analyze <scenario>/input` prints the expected connlist for every scenario', async () => {
    const mismatches: string[] = [];
    for (const s of scenarios) {
      let out = '';
      await main(['analyze', join(root!, s, 'input')], { ...nodeIO, stdout: (t) => void (out += t), stderr: () => {} });
      const expected = lineSet(readFileSync(join(root!, s, 'expected', `${s}_connlist_output.txt`), 'utf8'));
      if (JSON.stringify(lineSet(out)) !== JSON.stringify(expected)) mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
  });
});
