/**
 * The core's first promise: text → model → graph → model → text keeps every policy's meaning, names, labels,
 * annotations and rule grouping, on real-world input (the seed guide, 41 real-world policies, policy-assistant's
 * examples, every NetworkPolicy inside np-guard's inputs).
 */
import { describe, expect, it } from 'vitest';
import { projectGraph, read } from '../../src/core/index.ts';
import { canonicalPolicy, formatText } from '../../src/core/format/write.ts';
import { graphToPolicies } from '../../src/core/graph/project.ts';
import { meaningOf } from './meaning.ts';
import { filesUnder, hasShared, readText, SEED_GUIDE, sharedPath } from './shared.ts';

const fixtureFiles = hasShared
  ? [
      SEED_GUIDE,
      ...filesUnder(sharedPath('conformance', 'real-world')),
      ...filesUnder(sharedPath('conformance', 'policy-assistant', 'example-policies', 'networkpolicies')),
    ]
  : [];

describe.skipIf(!hasShared)('fixture counts', () => {
  it('reads the 11 NetworkPolicies of the seed guide, among its other kinds', () => {
    const r = read(readText(SEED_GUIDE));
    expect(r.policies).toHaveLength(11);
    expect(r.others.map((o) => o.object.kind)).toEqual(
      expect.arrayContaining(['ConstraintTemplate', 'TimeRestriction', 'ServiceMonitor', 'PrometheusRule']),
    );
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reads the 41 real-world NetworkPolicies', () => {
    const n = filesUnder(sharedPath('conformance', 'real-world')).reduce(
      (sum, f) => sum + read(readText(f), { file: f }).policies.length,
      0,
    );
    expect(n).toBe(41);
  });
});

describe.skipIf(!hasShared).each(fixtureFiles.map((f) => [f.replace(/^.*shared\//, ''), f]))('%s', (_name, file) => {
  const text = readText(file);
  const original = read(text, { file });

  it('validates with no errors', () => {
    expect(original.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('fmt keeps every policy and its meaning, and is idempotent', () => {
    const once = formatText(text);
    const again = read(once);
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(again.policies.map((p) => canonicalPolicy(p.policy))).toEqual(
      original.policies.map((p) => canonicalPolicy(p.policy)),
    );
    expect(formatText(once)).toBe(once);
    // Other kinds survive fmt.
    expect(again.others.map((o) => o.object)).toEqual(original.others.map((o) => o.object));
  });

  it('the graph compiles back to policies that mean the same', () => {
    const graph = projectGraph(original);
    const compiled = graphToPolicies(graph);
    expect(compiled.map(meaningOf)).toEqual(original.policies.map((p) => meaningOf(p.policy)));
  });
});

describe.skipIf(!hasShared)('np-guard inputs', () => {
  const dirs = filesUnder(sharedPath('conformance', 'np-guard', 'scenarios'));
  it('every NetworkPolicy in np-guard scenarios survives fmt and the graph round trip', () => {
    let policies = 0;
    for (const file of dirs) {
      const text = readText(file);
      const original = read(text, { file });
      if (original.diagnostics.some((d) => d.severity === 'error')) continue; // bad-path inputs: see hostile tests
      policies += original.policies.length;
      const again = read(formatText(text));
      expect(
        again.policies.map((p) => canonicalPolicy(p.policy)),
        file,
      ).toEqual(original.policies.map((p) => canonicalPolicy(p.policy)));
      expect(graphToPolicies(projectGraph(original)).map(meaningOf), file).toEqual(
        original.policies.map((p) => meaningOf(p.policy)),
      );
    }
    expect(policies).toBeGreaterThan(150);
  });
});
