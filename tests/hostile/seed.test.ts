/** `npm test` replays: every property runs from the fixed seed unless `npm run fuzz` passes a fresh one (#17). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_SEED } from '../setup/fastCheck.ts';

describe('fast-check seeds', () => {
  it('the global seed is the fixed one under npm test, FUZZ_SEED under npm run fuzz', () => {
    const expected = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : FIXED_SEED;
    expect(fc.readConfigureGlobal().seed).toBe(expected);
  });
  it('so two samples of one arbitrary agree', () => {
    const arb = fc.array(fc.integer(), { minLength: 5, maxLength: 5 });
    expect(fc.sample(arb, 3)).toEqual(fc.sample(arb, 3));
  });
});
