/**
 * The sweep of issue #17: every position of a full policy × each wrong type, through the CLI's six commands.
 * Each case must exit 0 or 1, never print "internal error" or a stack trace, and every exit 1 must name its
 * errors with their positions (`FILE:LINE:COL: error: …`): on standard error, or, for validate and lint, in
 * the report they print on standard output. A wrongly typed value must give exit 1 and name its field.
 *
 * Every case runs in-process through the CLI's `main` (as tests/cli does; a few seconds), and every case file
 * once more through `bin/netpol.mjs` in a child process, one process per command over the whole folder of
 * cases, as a user runs it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { main, nodeIO } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/types.ts';
import { read } from '../../src/core/index.ts';
import { formatPath, fullPolicy, positions, replaceAt, toYaml, wrongValues, type Path } from '../core/wrongTypes.ts';
import { runCli, STACK_LINE, tempDir } from './helpers.ts';

/** Two pods the policy selects and admits, so explain and analyze have workloads to answer about. */
const PODS = toYaml({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web', tier: 'frontend' } },
  spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] },
});
const CLIENT = toYaml({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'client', namespace: 'prod', labels: { app: 'client' } },
});

const COMMANDS: { name: string; args: string[]; report: 'stderr' | 'stdout+stderr' }[] = [
  { name: 'fmt', args: ['fmt'], report: 'stderr' },
  { name: 'validate', args: ['validate'], report: 'stdout+stderr' },
  { name: 'graph', args: ['graph'], report: 'stderr' },
  { name: 'analyze', args: ['analyze'], report: 'stderr' },
  { name: 'lint', args: ['lint'], report: 'stdout+stderr' },
  { name: 'explain', args: ['explain', '--from', 'prod/client', '--to', 'prod/web', '--port', '80'], report: 'stderr' },
];

interface Case {
  name: string;
  path: Path;
  file: string;
  /** The core reads a `type` error for it (the value is of the wrong type at that position). */
  wronglyTyped: boolean;
}

const files = tempDir();
afterAll(() => files.done());

const base = fullPolicy();
const cases: Case[] = [];
for (const path of positions(base))
  for (const w of wrongValues()) {
    const text = `${toYaml(replaceAt(base, path, w.value))}---\n${PODS}---\n${CLIENT}`;
    const file = files.write(`case-${String(cases.length).padStart(4, '0')}.yaml`, text);
    const wronglyTyped = read(text).diagnostics.some((d) => d.code === 'type');
    cases.push({ name: `${formatPath(path)} ← ${w.name}`, path, file, wronglyTyped });
  }

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A positioned error line about `file`, as every command prints them. */
const errorLine = (file: string) => new RegExp(`^${escape(file)}:\\d+:\\d+: error: `, 'm');

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { ...nodeIO, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** What the sweep saw, printed once for the closing note of #17. */
const seen = new Map<string, { exit0: number; exit1: number }>();
afterAll(() => {
  const typed = cases.filter((c) => c.wronglyTyped).length;
  console.log(
    `[sweep] ${positions(base).length} positions × ${wrongValues().length} values = ${cases.length} cases, ${typed} wrongly typed; ` +
      [...seen].map(([n, s]) => `${n}: ${s.exit0} exit 0, ${s.exit1} exit 1`).join('; '),
  );
});

describe('sweep: every position of a full policy × each wrong type × six commands', () => {
  it('the cases cover every position and most of them are wrong types', () => {
    expect(cases.length).toBe(positions(base).length * wrongValues().length);
    expect(cases.filter((c) => c.wronglyTyped).length).toBeGreaterThan(cases.length / 2);
  });

  for (const command of COMMANDS) {
    it(`netpol ${command.name}, in-process: exit 0 or 1, errors positioned, no internal error`, async () => {
      const counts = { exit0: 0, exit1: 0 };
      seen.set(command.name, counts);
      for (const c of cases) {
        const r = await run([...command.args, c.file]);
        const all = `${r.stdout}\n${r.stderr}`;
        const report = command.report === 'stderr' ? r.stderr : all;
        expect([0, 1], c.name).toContain(r.code);
        expect(r.stderr, c.name).not.toMatch(/internal error/);
        expect(all, c.name).not.toMatch(STACK_LINE);
        if (r.code === 1) {
          counts.exit1++;
          expect(report, c.name).toMatch(errorLine(c.file));
        } else counts.exit0++;
        if (c.wronglyTyped) {
          expect(r.code, c.name).toBe(1);
          // The error names the field (or a field inside the planted value).
          expect(report, c.name).toContain(formatPath(c.path));
        }
      }
    }, 300_000);
  }

  it('bin/netpol.mjs, one process per command over all the cases: no internal error, every wrong type named', () => {
    for (const command of COMMANDS) {
      const r = runCli([...command.args, files.dir]);
      const all = `${r.stdout}\n${r.stderr}`;
      const report = command.report === 'stderr' ? r.stderr : all;
      expect([0, 1], command.name).toContain(r.status);
      expect(r.stderr, command.name).not.toMatch(/internal error/);
      expect(all, command.name).not.toMatch(STACK_LINE);
      for (const c of cases) if (c.wronglyTyped) expect(report, `${command.name} ${c.name}`).toMatch(errorLine(c.file));
    }
  }, 600_000);
});
