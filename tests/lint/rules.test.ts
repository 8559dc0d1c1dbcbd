/**
 * One case per rule: a snippet that must trigger it (exact rule id, field path, and the line of the `# <-`
 * marker) and a near miss that must not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LINT_RULES, type LintOptions } from '../../src/core/lint/index.ts';
import type { Diagnostic } from '../../src/core/model/types.ts';
import { cases } from './cases.ts';
import { lintText, markerLine } from './helpers.ts';

describe('lint rules: each triggers on its pitfall and not on the near miss', () => {
  it.each(cases.map((c) => [`${c.rule}: ${c.name}`, c] as const))('%s', (_, c) => {
    const about = (d: Diagnostic) => d.code === c.rule && (!c.object || d.object === c.object);
    const found = lintText(c.hit, c.options).filter(about);
    const line = markerLine(c.hit);
    const match = found.find((d) => d.path === c.path && d.line === line);
    expect(match, `line ${line}: ${JSON.stringify(found, null, 1)}`).toBeDefined();
    expect(match!.file).toBe('test.yaml');
    // Policies are named namespace/name; Namespace objects by their name.
    expect(match!.object).toMatch(c.rule === 'namespace-no-policy' ? /^[a-z0-9-]+$/ : /^[^/]+\/[^/]+$/);
    expect(match!.fix).toBeTruthy();
    if (c.severity) expect(match!.severity).toBe(c.severity);
    if (c.message) expect(match!.message).toMatch(c.message);
    // The P-08 near miss is the same block on a cluster whose pod/Service networks are elsewhere.
    const nearOptions: LintOptions =
      c.rule === 'P-08' && c.options
        ? { cluster: { podCIDRs: ['100.64.0.0/16'], serviceCIDRs: ['100.96.0.0/16'] } }
        : (c.options ?? {});
    const nearFound = lintText(c.near, nearOptions).filter((d) => about(d) && (!c.nearPathOnly || d.path === c.path));
    expect(nearFound, JSON.stringify(nearFound, null, 1)).toEqual([]);
  });

  it('has a case for every registered rule', () => {
    const covered = new Set(cases.map((c) => c.rule));
    expect(LINT_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('registry entries are complete and ids unique', () => {
    const ids = LINT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of LINT_RULES) {
      expect(r.title).toBeTruthy();
      expect(r.fix).toBeTruthy();
      expect(['error', 'warning', 'info']).toContain(r.severity);
    }
  });

  it('rules can be turned off or re-levelled', () => {
    const text = cases.find((c) => c.rule === 'P-18')!.hit;
    expect(lintText(text, { rules: { 'P-18': 'off' } }).some((d) => d.code === 'P-18')).toBe(false);
    expect(lintText(text, { rules: { 'P-18': 'error' } }).find((d) => d.code === 'P-18')?.severity).toBe('error');
  });
});

describe('src/core/lint/README.md', () => {
  it('lists every rule with its registered severity', () => {
    const readme = readFileSync(new URL('../../src/core/lint/README.md', import.meta.url), 'utf8');
    for (const r of LINT_RULES) expect(readme).toContain(`| \`${r.id}\` | ${r.severity} | ${r.title} |`);
  });
});
