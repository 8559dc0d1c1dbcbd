/**
 * The package a CI job installs: `npm pack`, then the tarball installed offline into a folder outside the
 * repository, then the commands of README "Use in CI" run there, each under `ulimit -v 2097152` (an address-space
 * limit common in CI steps and sandboxes).
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './built.ts';

const ULIMIT_KB = 2097152;

/** The environment without npm's own `npm_*` variables (set when the tests run under `npm test`), offline. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false' };
}

/** Runs one shell line in `cwd` under the address-space limit. */
function sh(line: string, cwd: string) {
  return spawnSync('bash', ['-c', `ulimit -v ${ULIMIT_KB} && ${line}`], {
    cwd,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
}

function treeBytes(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + treeBytes(join(path, name)), 0);
}

/** The `- run:` lines of the GitHub Actions example in README "Use in CI". */
function readmeRunLines(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Use in CI\n'));
  expect(section, 'README has a "Use in CI" section').toBeDefined();
  const block = /```yaml\n([\s\S]*?)```/.exec(section!)?.[1] ?? '';
  return [...block.matchAll(/^\s*- run: (.+)$/gm)].map((m) => m[1]!.trim());
}

const CLEAN = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`;
/** metadata.name must be a DNS-1123 subdomain: the API server rejects this one. */
const INVALID = CLEAN.replace('name: web', 'name: Web_Policy');

const work = mkdtempSync(join(tmpdir(), 'netpol-ci-'));
let tarball = '';
let files: string[] = [];

beforeAll(() => {
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: ROOT,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = info!.filename;
  files = info!.files.map((f) => f.path).sort();
  mkdirSync(join(work, 'tools'));
  copyFileSync(join(work, tarball), join(work, 'tools', tarball));
  rmSync(join(work, tarball));
  writeFileSync(join(work, 'package.json'), '{"name": "ci-job", "private": true}\n');
  mkdirSync(join(work, 'k8s'));
  writeFileSync(join(work, 'k8s', 'web.yaml'), CLEAN);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('holds the shim, the bundle, package.json and README, nothing else', () => {
    expect(files).toEqual(['README.md', 'bin/netpol.mjs', 'dist-cli/netpol.mjs', 'package.json']);
  });

  it('declares no runtime dependencies, a bin, engines, files and a license', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ netpol: 'bin/netpol.mjs' });
    expect(pkg.engines).toEqual({ node: expect.stringMatching(/^>=20/) });
    expect(pkg.license).toEqual(expect.any(String));
    expect(pkg.files).toEqual(expect.arrayContaining(['bin/netpol.mjs']));
  });

  it('README "Use in CI": every run line works against the tarball, offline, under ulimit -v 2097152', () => {
    const lines = readmeRunLines();
    expect(lines[0]).toMatch(/^npm install .*netpol-designer-\*\.tgz$/);
    expect(lines.filter((l) => l.startsWith('npx netpol ')).length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const r = sh(line, work);
      expect(r.status, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stderr, line).not.toMatch(/RangeError|Out of memory|^\s+at /m);
      if (line === 'npx netpol --version') expect(r.stdout).toMatch(/^netpol \d+\.\d+\.\d+/);
    }
    // Installed: the package alone (no dependencies), well under 40 MB.
    const modules = readdirSync(join(work, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(modules).toEqual(['netpol-designer']);
    const bytes = treeBytes(join(work, 'node_modules'));
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    console.log(`installed tree: ${(bytes / 1024).toFixed(0)} KiB`);
  });

  it('README "Use in CI" diff step: the installed CLI exits 0 when the connectivity is unchanged, 1 when it changed', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npx netpol diff --exit-code <(git show origin/main:k8s/policies.yaml) k8s/policies.yaml');
    // The target branch's version of the file, as `git show` would print it, and this branch's: the web pods
    // isolated for ingress, then (changed) open to everything. np-guard's diff compares workloads, so both hold two.
    const pods = ['web', 'client']
      .map(
        (app) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${app}, namespace: shop, labels: {app: ${app}}}\n`,
      )
      .join('');
    writeFileSync(join(work, 'base.yaml'), CLEAN + pods);
    writeFileSync(join(work, 'same.yaml'), CLEAN + pods);
    const same = sh('npx netpol diff --exit-code base.yaml same.yaml', work);
    expect(same.status, `${same.stdout}${same.stderr}`).toBe(0);
    writeFileSync(join(work, 'open.yaml'), CLEAN.replace('policyTypes: [Ingress]', 'ingress: [{}]') + pods);
    const changed = sh('npx netpol diff --exit-code base.yaml open.yaml', work);
    expect(changed.status, `${changed.stdout}${changed.stderr}`).toBe(1);
    expect(changed.stdout).toContain('diff-type: added, source: shop/client[Pod], destination: shop/web[Pod]');
    expect(changed.stderr).not.toMatch(/RangeError|Out of memory|^\s+at /m);
  });

  it('the installed CLI fails the step on a finding: exit 1, one positioned line, no stack trace', () => {
    writeFileSync(join(work, 'k8s', 'bad.yaml'), INVALID);
    const r = sh('npx netpol validate k8s/', work);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^k8s\/bad\.yaml:3:\d+: error: .*\(shop\/Web_Policy metadata\.name\)$/),
    ]);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
  });
});
