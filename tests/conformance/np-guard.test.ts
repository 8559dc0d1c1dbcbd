/**
 * np-guard/netpol-analyzer conformance: every scenario with a plain `<s>_connlist_output.txt` is analysed with
 * np-guard's conventions (ipBlocks never match pods) and the txt connlist must equal the expected line set.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeConnectivity } from '../../src/core/analysis/connectivity.ts';
import { formatConnlist } from '../../src/core/analysis/format.ts';
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
