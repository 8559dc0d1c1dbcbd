/**
 * Fuzzing the core's public functions: random text, random mutations of valid policies and random graph
 * commands never make read, formatText, projectGraph, graphToPolicies, applyCommand (CommandError aside),
 * lint, analyzeConnectivity or annotateEffective throw, and never pollute Object.prototype.
 *
 * FUZZ_RUNS (default 1,000: each run lints and analyses, so this is ~20 s on a loaded machine; `npm run fuzz`
 * sets 100,000) is the total, split across the properties by weight.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatText, read } from '../../src/core/index.ts';
import { command, downstream, mutatedText, randomText } from './fuzzArbitraries.ts';
import { tryApply } from './helpers.ts';

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
        runs(0.4),
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
        runs(0.3),
      );
    },
    timeout,
  );

  it(
    'random graph commands on mutated policies: a result or a CommandError, and the result reads back',
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
