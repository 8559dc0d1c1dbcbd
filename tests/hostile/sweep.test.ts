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
import { runBuilt } from '../cli/built.ts';
import { read } from '../../src/core/index.ts';
import { formatPath, fullPolicy, positions, replaceAt, toYaml, wrongValues, type Path } from '../core/wrongTypes.ts';
import { runCli, STACK_LINE, tempDir } from './helpers.ts';

/** Two pods the policy selects and admits, so explain and analyze have workloads to answer about. */
const WEB_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web', tier: 'frontend' }, ownerReferences: [] },
  spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }] },
  status: { podIP: '10.2.0.1', podIPs: [{ ip: '10.2.0.1' }] },
};
const CLIENT_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'client', namespace: 'prod', labels: { app: 'client' } },
};
/** The other kinds the core reads, each with every field it reads. */
const INVENTORY = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { team: 'a' } } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'prod' },
    spec: {
      template: {
        metadata: { labels: { app: 'api' } },
        spec: { hostNetwork: false, containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }] },
  },
];

type Report = 'stderr' | 'stdout+stderr';
/** `explain` asks about the two pods, or, where the pods themselves are swept, about two addresses. */
const EXPLAIN_PODS = ['explain', '--from', 'prod/client', '--to', 'prod/web', '--port', '80'];
const EXPLAIN_IPS = ['explain', '--from', '10.9.0.1', '--to', '10.2.0.1', '--port', '80'];
const COMMANDS: { name: string; args: string[]; report: Report }[] = [
  { name: 'fmt', args: ['fmt'], report: 'stderr' },
  { name: 'validate', args: ['validate'], report: 'stdout+stderr' },
  { name: 'graph', args: ['graph'], report: 'stderr' },
  { name: 'analyze', args: ['analyze'], report: 'stderr' },
  { name: 'lint', args: ['lint'], report: 'stdout+stderr' },
  { name: 'explain', args: EXPLAIN_PODS, report: 'stderr' },
];

interface Case {
  name: string;
  path: Path;
  file: string;
  /** The core reads a `type` error for it (the value is of the wrong type at that position). */
  wronglyTyped: boolean;
}

interface Group {
  name: string;
  dir: ReturnType<typeof tempDir>;
  explain: string[];
  cases: Case[];
}

const base = fullPolicy();
const DOCS: unknown[] = [base, WEB_POD, CLIENT_POD, ...INVENTORY];

/** Every position of the documents `sweep` (indexes into DOCS) × each wrong value, one file per case. */
function group(name: string, sweep: number[], explain: string[]): Group {
  const dir = tempDir();
  const cases: Case[] = [];
  for (const i of sweep)
    for (const path of positions(DOCS[i]))
      for (const w of wrongValues()) {
        const text = DOCS.map((d, j) => toYaml(j === i ? replaceAt(d, path, w.value) : d)).join('---\n');
        const file = dir.write(`case-${String(cases.length).padStart(4, '0')}.yaml`, text);
        const wronglyTyped = read(text).diagnostics.some((d) => d.code === 'type');
        const kind = (DOCS[i] as { kind: string }).kind;
        cases.push({ name: `${kind} ${formatPath(path)} ← ${w.name}`, path, file, wronglyTyped });
      }
  return { name, dir, explain, cases };
}

const GROUPS = [
  group('a full NetworkPolicy', [0], EXPLAIN_PODS),
  group('Pods, a Namespace, a Deployment and a Service', [1, 2, 3, 4, 5], EXPLAIN_IPS),
];
afterAll(() => GROUPS.forEach((g) => g.dir.done()));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A positioned error line about `file`, as every command prints them. */
const errorLine = (file: string) => new RegExp(`^${escape(file)}:\\d+:\\d+: error: `, 'm');

/** The built CLI, in-process. */
const run = runBuilt;

/** What the sweep saw, printed once for the closing note of #17. */
const seen: string[] = [];
afterAll(() => console.log(`[sweep]\n${seen.join('\n')}`));

for (const g of GROUPS) {
  describe(`sweep: every position of ${g.name} × each wrong type × six commands`, () => {
    const commands = COMMANDS.map((c) => (c.name === 'explain' ? { ...c, args: g.explain } : c));
    const counts: string[] = [];
    afterAll(() => {
      const typed = g.cases.filter((c) => c.wronglyTyped).length;
      seen.push(`${g.name}: ${g.cases.length} cases, ${typed} wrongly typed; ${counts.join('; ')}`);
    });

    it('most cases are wrong types', () => {
      expect(g.cases.filter((c) => c.wronglyTyped).length).toBeGreaterThan(g.cases.length / 2);
    });

    for (const command of commands) {
      it(`netpol ${command.name}, in-process: exit 0 or 1, errors positioned, no internal error`, async () => {
        let exit0 = 0;
        let exit1 = 0;
        for (const c of g.cases) {
          const r = await run([...command.args, c.file]);
          const all = `${r.stdout}\n${r.stderr}`;
          const report = command.report === 'stderr' ? r.stderr : all;
          expect([0, 1], c.name).toContain(r.code);
          expect(r.stderr, c.name).not.toMatch(/internal error/);
          expect(all, c.name).not.toMatch(STACK_LINE);
          expect(all, c.name).not.toMatch(/lint-internal|a lint rule failed/);
          if (r.code === 1) {
            exit1++;
            expect(report, c.name).toMatch(errorLine(c.file));
          } else exit0++;
          if (c.wronglyTyped) {
            expect(r.code, c.name).toBe(1);
            // The error names the field (or a field inside the planted value).
            expect(report, c.name).toContain(formatPath(c.path));
          }
        }
        counts.push(`${command.name} ${exit0} exit 0, ${exit1} exit 1`);
      }, 300_000);
    }

    it('bin/netpol.mjs, one process per command over all the cases: no internal error, every wrong type named', () => {
      for (const command of commands) {
        const r = runCli([...command.args, g.dir.dir]);
        const all = `${r.stdout}\n${r.stderr}`;
        const report = command.report === 'stderr' ? r.stderr : all;
        expect([0, 1], command.name).toContain(r.status);
        expect(r.stderr, command.name).not.toMatch(/internal error/);
        expect(all, command.name).not.toMatch(STACK_LINE);
        for (const c of g.cases)
          if (c.wronglyTyped) expect(report, `${command.name} ${c.name}`).toMatch(errorLine(c.file));
      }
    }, 600_000);
  });
}
