/**
 * ahmetb/kubernetes-network-policy-recipes: every check of every step (cluster.yaml + that step's policies) is
 * answered by `explainConnection`. A check marked `doc-contradicts-yaml` is compared with `expect` (what the
 * YAML means), not with the recipe's claim (see the recipes README, recipe 14).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainConnection, resolveEndpoint, type Endpoint } from '../../src/core/analysis/explain.ts';
import { buildModel } from '../../src/core/analysis/model.ts';
import type { Protocol } from '../../src/core/model/types.ts';
import { loadInputs, sharedDir } from './load.ts';

interface Check {
  from: string | { ip: string };
  to: string | { ip: string };
  port: number;
  protocol: Protocol;
  expect: 'allow' | 'deny';
  kind: string;
  status?: string;
  doc_claim?: string;
  evidence?: string;
}
interface Step {
  step: number;
  policies_file: string;
  checks: Check[];
}

const root = sharedDir('conformance/recipes/scenarios', 'recipes conformance');
const scenarios = root
  ? readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

describe.skipIf(!root)('ahmetb network-policy-recipes', () => {
  let total = 0;
  let passed = 0;
  afterAll(() => console.log(`recipes conformance: ${passed}/${total} checks agree`));

  for (const s of scenarios) {
    const steps = (JSON.parse(readFileSync(join(root!, s, 'expected.json'), 'utf8')) as { steps: Step[] }).steps;
    for (const step of steps)
      step.checks.forEach((check, i) => {
        total++;
        const label = (e: Check['from']) => (typeof e === 'string' ? e : e.ip);
        it(`${s} step ${step.step} #${i}: ${label(check.from)} → ${label(check.to)} ${check.protocol} ${check.port} ${check.expect}`, () => {
          const input = loadInputs(join(root!, s, 'cluster.yaml'), join(root!, s, step.policies_file));
          const model = buildModel(input);
          const endpoint = (e: Check['from']): Endpoint => {
            if (typeof e !== 'string') return { kind: 'ip', ip: e.ip };
            const r = resolveEndpoint(model, e);
            if ('error' in r) throw new Error(r.error);
            return r;
          };
          const x = explainConnection(model, endpoint(check.from), endpoint(check.to), {
            port: check.port,
            protocol: check.protocol,
          });
          expect(x.allowed ? 'allow' : 'deny', x.summary).toBe(check.expect);
          if (check.status === 'doc-contradicts-yaml') expect(check.doc_claim).not.toBe(check.expect);
          passed++;
        });
      });
  }

  it('covers all 43 checks', () => {
    expect(total).toBe(43);
  });
});
