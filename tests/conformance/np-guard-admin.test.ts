/**
 * np-guard/netpol-analyzer's AdminNetworkPolicy / BaselineAdminNetworkPolicy scenarios (conformance.md §6):
 * every one of the 54 connlists must be reproduced line for line, by the core and by `netpol analyze`.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, nodeIO } from '../cli/built.ts';
import { analyzeConnectivity } from '../../src/core/analysis/connectivity.ts';
import { formatConnlist } from '../../src/core/analysis/format.ts';
import { ADMIN_ROOT, ADMIN_SCENARIOS, expectedConnlist, lineSet } from './adminScenarios.ts';
import { loadInputs } from './load.ts';

const root = ADMIN_ROOT;

describe.skipIf(!root)('np-guard admin connlist conformance', () => {
  it('finds the 54 scenarios', () => expect(ADMIN_SCENARIOS.length).toBe(54));

  for (const s of ADMIN_SCENARIOS)
    it(s, () => {
      const input = loadInputs(join(root!, s, 'input'));
      expect(input.adminPolicies.length).toBeGreaterThan(0);
      const actual = lineSet(formatConnlist(analyzeConnectivity(input), 'txt'));
      const expected = expectedConnlist(s);
      const missing = expected.filter((l) => !actual.includes(l));
      const extra = actual.filter((l) => !expected.includes(l));
      expect({ missing: missing.slice(0, 10), extra: extra.slice(0, 10) }).toEqual({ missing: [], extra: [] });
    });

  it('`netpol analyze <scenario>/input` prints the expected connlist for every scenario', async () => {
    const mismatches: string[] = [];
    for (const s of ADMIN_SCENARIOS) {
      let out = '';
      await main(['analyze', join(root!, s, 'input')], { ...nodeIO, stdout: (t) => void (out += t), stderr: () => {} });
      if (JSON.stringify(lineSet(out)) !== JSON.stringify(expectedConnlist(s))) mismatches.push(s);
    }
    expect(mismatches).toEqual([]);
  });
});
