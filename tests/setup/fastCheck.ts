/**
 * Property tests replay, fuzzing explores (#17). Every fast-check property in the suite runs from one seed:
 * FIXED_SEED under `npm test`, so the same commit gives the same result on every machine and every run;
 * `npm run fuzz` (scripts/fuzz.mjs) draws a fresh seed, passes it as FUZZ_SEED and prints how to replay it.
 * A counterexample found that way becomes a regression case (tests/hostile/regressions.ts), never a re-roll.
 */
import fc from 'fast-check';

export const FIXED_SEED = 20261206;

const fromEnv = process.env.FUZZ_SEED;
const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : FIXED_SEED;
if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(fromEnv)}`);

fc.configureGlobal({ seed });
