/**
 * Hostile inputs through read, fmt, graph, graph edits, lint and analysis in-process, and through the real
 * CLI: a clear positioned diagnostic, never a throw or a stack trace, and bounded time (printed).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatRead } from '../../src/core/index.ts';
import { BUDGET_MS, pipeline, report, runCli, STACK_LINE, tempDir } from './helpers.ts';
import { asText, CASES } from './inputs.ts';

describe('hostile inputs in-process', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const text = asText(c.bytes());
    const { result, readMs, restMs } = pipeline(text);
    report(`${c.name}: read`, readMs);
    report(`${c.name}: fmt, graph, edits, lint, analysis`, restMs);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (c.expect.kind === 'ok') {
      expect(errors.map((e) => e.message.slice(0, 200))).toEqual([]);
    } else {
      expect(errors.length).toBeGreaterThan(0);
      const first = errors[0]!;
      expect(first.message.slice(0, 300)).toMatch(c.expect.message);
      expect(first.line).toBeGreaterThanOrEqual(1);
      expect(first.column).toBeGreaterThanOrEqual(1);
    }
    for (const d of result.diagnostics) {
      expect(Number.isInteger(d.line) && Number.isInteger(d.column)).toBe(true);
      // A person reads these: they must not carry the input's megabytes along.
      expect(d.message.length, d.message.slice(0, 100)).toBeLessThan(1000);
    }
    // fmt keeps documents it cannot parse verbatim, so nothing the user wrote is lost.
    const formatted = formatRead(result);
    for (const d of result.documents) if (d.syntaxError) expect(formatted).toContain(d.body);
    expect(readMs).toBeLessThan(BUDGET_MS);
    expect(restMs).toBeLessThan(BUDGET_MS);
  });
});

describe('hostile inputs through `netpol validate`', () => {
  const tmp = tempDir();
  afterAll(() => tmp.done());
  let startup = 0;

  it('starts (baseline: netpol --help)', () => {
    const runs = [runCli(['--help']), runCli(['--help'])];
    startup = Math.min(...runs.map((r) => r.ms));
    report('CLI startup (netpol --help)', startup);
    expect(runs.every((r) => r.status === 0)).toBe(true);
  });

  it.each(CASES.filter((c) => c.cli).map((c, i) => [c.name, c, i] as const))('%s', (_, c, i) => {
    const file = tmp.write(`input-${i}.yaml`, c.bytes());
    const run = runCli(['validate', '--quiet', file]);
    report(`netpol validate: ${c.name} (startup ${startup.toFixed(0)} ms included)`, run.ms);
    const expected =
      typeof c.cli === 'object'
        ? c.cli
        : { exit: c.expect.kind === 'ok' ? 0 : 1, output: c.expect.kind === 'ok' ? /^$/ : c.expect.message };
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output.slice(0, 500)).toBe(expected.exit);
    expect(output.slice(0, 5000)).toMatch(expected.output);
    expect(output).not.toMatch(STACK_LINE);
    expect(output).not.toMatch(/internal error/);
    // Each finding is one line: FILE:LINE:COL: severity: message.
    for (const line of output.split('\n').filter(Boolean)) {
      expect(line.slice(0, 300)).toMatch(/^.+:\d+:\d+: (error|warning|info): /);
      expect(line.length).toBeLessThan(2000);
    }
    expect(run.ms - startup).toBeLessThan(BUDGET_MS);
  });
});
