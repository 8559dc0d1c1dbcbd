/**
 * The formats the core reads besides Kubernetes objects (#17: "every kind the core reads"): Hubble flow logs
 * and policy test files, with wrongly typed values planted at any position. Reading never throws; the readers
 * answer with positioned errors; proposing, checking and running on what was read never throws either.
 * Seeded like every property (tests/setup/fastCheck.ts); FUZZ_RUNS scales it as in fuzz.test.ts.
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { checkFlows, proposePolicies, read } from '../../src/core/index.ts';
import { readTestFile, runPolicyTests, testsFromFlows } from '../../src/core/policytests.ts';
import { readFlows } from '../../src/core/flows/read.ts';
import { positions, replaceAt } from '../core/wrongTypes.ts';
import { flowLine } from '../flows/helpers.ts';
import { wrongType } from './fuzzArbitraries.ts';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 1000);
const runs = (weight: number) => ({ numRuns: Math.max(10, Math.round(TOTAL * weight)) });
const timeout = Math.max(60_000, TOTAL * 50);

const FLOWS = [
  flowLine({
    src: { namespace: 'shop', labels: { app: 'web' }, pod: 'web-1', nsLabels: { team: 'a' } },
    dst: { namespace: 'shop', labels: { app: 'db' }, pod: 'db-1' },
    port: 5432,
  }),
  flowLine({ src: { ip: '203.0.113.7' }, dst: { namespace: 'shop', labels: { app: 'web' } }, port: 443 }),
  flowLine({
    src: { namespace: 'shop', labels: { app: 'db' } },
    dst: { namespace: 'shop', labels: { app: 'web' } },
    port: 40000,
    sport: 5432,
    isReply: true,
    protocol: 'UDP',
  }),
].map((l) => JSON.parse(l) as unknown);

const TESTS = {
  tests: [
    { name: 'web reaches db', from: 'shop/web', to: 'shop/db', port: '5432/TCP', expect: 'allow' },
    {
      name: 'pods labelled app=x cannot reach the internet',
      from: { namespace: 'shop', podLabels: { app: 'x' }, namespaceLabels: { team: 'a' } },
      to: '0.0.0.0/0',
      port: 443,
      expect: 'deny',
    },
    { name: 'from an address', from: '203.0.113.7', to: 'shop/web', expect: 'allow' },
  ],
};

const INPUT = read(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
`);

/** `root` with 1–3 wrongly typed values planted at any positions. */
const planted = (root: unknown) =>
  fc.array(fc.tuple(fc.nat(), wrongType), { minLength: 1, maxLength: 3 }).map((plants) => {
    let value = root;
    for (const [at, wrong] of plants) {
      const all = positions(value);
      if (all.length) value = replaceAt(value, all[at % all.length]!, wrong);
    }
    return value;
  });

describe('fuzzing the other formats with wrongly typed values', () => {
  it(
    'Hubble flow logs: read, propose, check and tests from flows never throw',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.nat({ max: FLOWS.length - 1 }), { minLength: 1, maxLength: 3 }),
          planted(FLOWS),
          (pick, flows) => {
            const lines = (flows as unknown[]).filter((_, i) => pick.includes(i)).map((f) => JSON.stringify(f));
            const capture = readFlows([{ name: 'flows.json', text: `${lines.join('\n')}\n` }]);
            for (const d of capture.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
            proposePolicies(capture);
            checkFlows(capture, INPUT);
            testsFromFlows(capture);
          },
        ),
        runs(0.1),
      );
    },
    timeout,
  );

  it(
    'policy test files: read with positioned errors, and what reads runs',
    () => {
      fc.assert(
        fc.property(planted(TESTS), fc.boolean(), (tests, asJson) => {
          const file = readTestFile(asJson ? JSON.stringify(tests) : dump(tests));
          if (file.tests === undefined) {
            expect(file.errors.length).toBeGreaterThan(0);
            for (const e of file.errors) expect(e.line).toBeGreaterThanOrEqual(1);
          } else runPolicyTests(file.tests, INPUT);
        }),
        runs(0.1),
      );
    },
    timeout,
  );
});
