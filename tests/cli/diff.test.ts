/**
 * `netpol diff OLD NEW`: sides, exit codes, formats, standard input and process substitution (through
 * `bin/netpol.mjs` in a child process, as users run it), and that the diff is of meaning, not text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBuilt } from './built.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `netpol diff` of the built CLI, in-process. */
const run = (args: string[], stdin = '') => runBuilt(['diff', ...args], stdin);

const dir = mkdtempSync(join(tmpdir(), 'netpol-diff-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const deployment = (name: string, app: string, port: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers: [{name: c, image: x, ports: [{containerPort: ${port}}]}]
`;
const WORKLOADS = `${deployment('web', 'web', 8080)}---\n${deployment('db', 'db', 5432)}`;
const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
const DB_FROM_WEB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432}]
`;
const OLD = write('old.yaml', `${WORKLOADS}---\n${DENY}---\n${DB_FROM_WEB}`);
const NEW = write('new.yaml', `${WORKLOADS}---\n${DENY}`);
// The same objects in another order, written in flow style: no change in meaning.
const REORDERED = write(
  'reordered.yaml',
  `${DB_FROM_WEB.replace('ports: [{port: 5432}]', 'ports: [{protocol: TCP, port: 5432}]')}---\n${DENY}---\n${WORKLOADS}`,
);
// web relabelled: the rule no longer selects it.
const RELABELLED = write(
  'relabelled.yaml',
  `${deployment('web', 'frontend', 8080)}---\n${deployment('db', 'db', 5432)}---\n${DENY}---\n${DB_FROM_WEB}`,
);
const REMOVED_LINE =
  'diff-type: removed, source: shop/web[Deployment], destination: shop/db[Deployment], dir1: TCP 5432, dir2: No Connections';

describe('netpol diff', () => {
  it('OLD first: a rule deleted in NEW is a removed connection; exit 0 with differences', async () => {
    const r = await run([OLD, NEW]);
    expect(r).toEqual({ code: 0, stdout: `Connectivity diff:\n${REMOVED_LINE}\n`, stderr: '' });
    const back = await run([NEW, OLD]);
    expect(back.stdout).toContain(
      'diff-type: added, source: shop/web[Deployment], destination: shop/db[Deployment], dir1: No Connections, dir2: TCP 5432',
    );
  });

  it('--exit-code: 1 with differences, 0 without', async () => {
    expect((await run(['--exit-code', OLD, NEW])).code).toBe(1);
    expect(await run(['--exit-code', OLD, OLD])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('compares meaning, not text: reordered and reformatted shows nothing; a label change shows its effect', async () => {
    expect(await run(['--exit-code', OLD, REORDERED])).toEqual({ code: 0, stdout: '', stderr: '' });
    const r = await run([OLD, RELABELLED]);
    expect(r.stdout).toBe(`Connectivity diff:\n${REMOVED_LINE}\n`);
  });

  it('workloads-diff-info names a workload the other side does not have', async () => {
    const fewer = write('fewer.yaml', `${deployment('db', 'db', 5432)}---\n${DENY}---\n${DB_FROM_WEB}`);
    const r = await run([OLD, fewer]);
    expect(r.stdout).toContain(`${REMOVED_LINE}, workloads-diff-info: workload shop/web[Deployment] removed`);
  });

  it('json: one object per line of the diff; [] when there is none', async () => {
    expect(JSON.parse((await run(['--format', 'json', OLD, NEW])).stdout)).toEqual([
      {
        'diff-type': 'removed',
        source: 'shop/web[Deployment]',
        destination: 'shop/db[Deployment]',
        dir1: 'TCP 5432',
        dir2: 'No Connections',
        'workloads-diff-info': '',
      },
    ]);
    expect((await run(['--format=json', OLD, OLD])).stdout).toBe('[]\n');
  });

  it('reads standard input for - (on either side)', async () => {
    const text = `${WORKLOADS}---\n${DENY}---\n${DB_FROM_WEB}`;
    expect((await run(['-', NEW], text)).stdout).toContain(REMOVED_LINE);
    expect((await run([NEW, '-'], text)).stdout).toContain('diff-type: added');
  });

  it('usage and I/O errors exit 2 with one line', async () => {
    for (const args of [
      [OLD],
      [OLD, NEW, NEW],
      ['--format', 'svg', OLD, NEW],
      ['-', '-'],
      [OLD, join(dir, 'missing.yaml')],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^netpol diff: [^\n]+\n$/);
      expect(r.stdout).toBe('');
    }
  });

  it('input with errors: reported, the rest compared, exit 1', async () => {
    const broken = write('broken.yaml', `${WORKLOADS}---\n${DENY}---\nkind: [unclosed\n`);
    const r = await run([OLD, broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(REMOVED_LINE);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+: error: /);
  });

  it('works on git history: process substitution and a pipe, through bin/netpol.mjs', () => {
    const r = spawnSync('bash', ['-c', `node bin/netpol.mjs diff --exit-code <(cat "${OLD}") - < "${NEW}"`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`Connectivity diff:\n${REMOVED_LINE}\n`);
    expect(r.status).toBe(1);
  });
});
