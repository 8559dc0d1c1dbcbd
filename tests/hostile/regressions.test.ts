/** Every counterexample found so far (regressions.ts), through the whole core on every commit. */
import { describe, expect, it } from 'vitest';
import { read } from '../../src/core/index.ts';
import { formatText } from '../../src/core/format/write.ts';
import { NETWORK_POLICY } from '../../src/core/model/schema.ts';
import { admit } from '../../src/core/read/door.ts';
import { downstream } from './fuzzArbitraries.ts';
import { probeCommands, tryApply } from './helpers.ts';
import { REGRESSIONS } from './regressions.ts';

describe('regressions: every counterexample found', () => {
  it.each(REGRESSIONS.map((r) => [r.found, r.text] as const))('%s', (_found, text) => {
    const r = read(text);
    // Named, positioned type errors; nothing wrongly typed past the door.
    const typeErrors = r.diagnostics.filter((d) => d.code === 'type');
    expect(typeErrors.length).toBeGreaterThan(0);
    for (const d of typeErrors) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.message).toMatch(/^must be .+, got /);
    }
    for (const p of r.policies) expect(admit(p.policy, NETWORK_POLICY).findings).toEqual([]);
    // fmt keeps every wrongly typed document as written.
    const formatted = formatText(text);
    for (const doc of r.documents)
      if (r.policies.some((p) => p.source.doc === doc.index && p.rejected)) expect(formatted).toContain(doc.body);
    downstream(r);
    for (const c of probeCommands) tryApply(r, c);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
