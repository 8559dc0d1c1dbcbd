#!/usr/bin/env node
// `npm run fuzz [-- vitest args]`: explores. Draws a fresh fast-check seed (or takes FUZZ_SEED to replay one),
// prints it first, runs the hostile-input suites and the door's properties with FUZZ_RUNS (default 100,000)
// from that seed, and on a failure prints how to replay it. `npm test` always runs the fixed seed instead
// (tests/setup/fastCheck.ts), so CI never rolls dice; a counterexample found here goes into
// tests/hostile/regressions.ts.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(0, 2 ** 31 - 1);
if (!Number.isInteger(seed)) {
  console.error(`netpol fuzz: FUZZ_SEED must be an integer, got ${JSON.stringify(process.env.FUZZ_SEED)}`);
  process.exit(2);
}
const runs = process.env.FUZZ_RUNS ?? '100000';
const args = process.argv.slice(2);
const targets = args.length ? args : ['tests/hostile', 'tests/core/door.test.ts'];
const replay = `FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz${args.length ? ` -- ${args.join(' ')}` : ''}`;

console.log(`netpol fuzz: seed ${seed}, ${runs} runs (replay: ${replay})`);
const result = spawnSync('npx', ['vitest', 'run', ...targets], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_RUNS: runs },
});
if (result.status !== 0) {
  console.error(`
netpol fuzz: FAILED with seed ${seed}.
  Replay it:        ${replay}
  One property:     add -- tests/hostile/fuzz.test.ts -t "<test name>"
  fast-check's report above gives the shrunk counterexample (and its seed and path). Add it to
  tests/hostile/regressions.ts so npm test keeps checking it, then fix the cause.`);
}
process.exit(result.status ?? 1);
