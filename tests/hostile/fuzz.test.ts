/**
 * Fuzzing the core's public functions: random text, random mutations of valid policies and random graph
 * commands never make read, formatText, projectGraph, graphToPolicies, applyCommand (a refused command is an answer),
 * lint, analyzeConnectivity or annotateEffective throw, and never pollute Object.prototype.
 *
 * FUZZ_RUNS (default 1,000: each run lints and analyses, so this is ~20 s on a loaded machine; `npm run fuzz`
 * sets 100,000) is the total, split across the properties by weight. The seed is fixed under `npm test` and
 * fresh under `npm run fuzz` (tests/setup/fastCheck.ts, scripts/fuzz.mjs); what a fuzz run finds goes into
 * regressions.ts.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { read } from '../../src/core/index.ts';
import { formatText } from '../../src/core/format/write.ts';
import { NETWORK_POLICY } from '../../src/core/model/schema.ts';
import { admit } from '../../src/core/read/door.ts';
import { command, downstream, mutatedText, randomText, wronglyTypedText } from './fuzzArbitraries.ts';
import { probeCommands, tryApply } from './helpers.ts';

const TOTAL = Number(process.env.FUZZ_RUNS ?? 1000);
const runs = (weight: number) => ({ numRuns: Math.max(10, Math.round(TOTAL * weight)) });
/** A long `npm run fuzz` must not hit Vitest's per-test timeout. */
const timeout = Math.max(60_000, TOTAL * 50);

afterAll(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('fuzzing the core', () => {
  it(
    'random text: read, fmt, graph, lint and analysis never throw',
    () => {
      fc.assert(
        fc.property(randomText, (text) => {
          const r = read(text);
          for (const d of r.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
          formatText(text);
          downstream(r);
        }),
        runs(0.3),
      );
    },
    timeout,
  );

  it(
    'mutated policies: read, fmt (idempotent), graph, lint and analysis never throw',
    () => {
      fc.assert(
        fc.property(mutatedText, (text) => {
          const r = read(text);
          const once = formatText(text);
          // fmt of fmt changes nothing once the text parses.
          if (!r.diagnostics.some((d) => d.code === 'yaml-syntax')) expect(formatText(once)).toBe(once);
          downstream(r);
        }),
        runs(0.2),
      );
    },
    timeout,
  );

  it(
    'wrongly typed values at any position: positioned type errors, a well-typed model, fmt keeps the text',
    () => {
      fc.assert(
        fc.property(wronglyTypedText, (text) => {
          const r = read(text);
          for (const d of r.diagnostics) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            if (d.code === 'type') expect(d.message).toMatch(/^must be .+, got /);
          }
          for (const p of r.policies) expect(admit(p.policy, NETWORK_POLICY).findings).toEqual([]);
          const formatted = formatText(text);
          for (const p of r.policies) if (p.rejected) expect(formatted).toContain(r.documents[p.source.doc]!.body);
          downstream(r);
          for (const c of probeCommands) tryApply(r, c);
        }),
        runs(0.2),
      );
    },
    timeout,
  );

  it(
    'random graph commands on mutated policies: an edit or a refusal, never an exception, and the edit reads back',
    () => {
      fc.assert(
        fc.property(mutatedText, fc.array(command, { minLength: 1, maxLength: 2 }), (text, commands) => {
          let current = read(text);
          for (const c of commands) {
            const next = tryApply(current, c);
            if (next === undefined) continue;
            current = read(next);
            downstream(current);
          }
        }),
        runs(0.3),
      );
    },
    timeout,
  );
});
