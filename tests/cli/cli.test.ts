/**
 * The `netpol` CLI as built (dist-cli/netpol.mjs): in-process through the bundle's `main` for the command
 * logic (fast), and through `bin/netpol.mjs` in a child process, the way `npx netpol` runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, BUNDLE, runBuilt } from './built.ts';
import { read } from '../../src/core/index.ts';
import { filesUnder, hasShared, SEED_GUIDE, sharedPath } from '../core/shared.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const run = runBuilt;

const dir = mkdtempSync(join(tmpdir(), 'netpol-cli-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const BAD = write(
  'bad.yaml',
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: Bad_Name
  namespace: shop
spec:
  podSelector: {}
  ingress:
  - from:
    - {}
    ports:
    - protocol: tcp
      port: 0
`,
);

describe('netpol validate', () => {
  it('prints one positioned line per finding and exits 1 on errors', async () => {
    const { code, stdout } = await run(['validate', BAD]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^${BAD}:4:9: error: .*RFC 1123 subdomain.* \\(shop/Bad_Name metadata\\.name\\)$`),
      ),
      expect.stringMatching(
        new RegExp(
          `^${BAD}:12:17: error: Unsupported value: "tcp".* \\(shop/Bad_Name spec\\.ingress\\[0\\]\\.ports\\[0\\]\\.protocol\\)$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^${BAD}:13:13: error: must be between 1 and 65535, inclusive \\(shop/Bad_Name spec\\.ingress\\[0\\]\\.ports\\[0\\]\\.port\\)$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^${BAD}:10:7: error: must specify a peer \\(shop/Bad_Name spec\\.ingress\\[0\\]\\.from\\[0\\]\\)$`),
      ),
    ]);
  });

  it('reads standard input and exits 0 on a valid policy', async () => {
    const { code, stdout } = await run(
      ['validate', '-'],
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ok, namespace: x}\nspec: {podSelector: {}}\n',
    );
    expect([code, stdout]).toEqual([0, '']);
  });

  it.skipIf(!hasShared)('exits 0 on every valid fixture', async () => {
    const files = [SEED_GUIDE, ...filesUnder(sharedPath('conformance', 'real-world'))];
    const { code, stdout } = await run(['validate', '--quiet', ...files]);
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it.skipIf(!hasShared)('reports each syntax error of np-guard negative inputs at its line', async () => {
    const file = sharedPath('conformance', 'np-guard', 'scenarios', 'document_with_syntax_error');
    const { code, stdout } = await run(['validate', file]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/document_with_syntax_error\.yaml:\d+:\d+: error: YAML syntax error: /);
  });
});

describe('long names from the input', () => {
  // A 100,000-character name (and label key) must not make a 100,000-character line in a CI log.
  const long = 'a'.repeat(100_000);
  const LONG = write(
    'long.yaml',
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${long}
  namespace: shop
spec:
  podSelector:
    matchLabels:
      ${long}: x
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {}
    - namespaceSelector: {}
`,
  );
  it.each([['validate'], ['lint']])('%s clips them', async (command) => {
    const { stdout } = await run([command, LONG]);
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('aaaa…'))).toBe(true);
    for (const line of lines) expect(line.length).toBeLessThan(2_500);
  });
});

describe('netpol fmt and graph', () => {
  it.skipIf(!hasShared)('fmt of the guide means the same and is idempotent', async () => {
    const once = await run(['fmt', SEED_GUIDE]);
    expect(once.code).toBe(0);
    expect(read(once.stdout).policies).toHaveLength(11);
    const again = await run(['fmt', '-'], once.stdout);
    expect(again.stdout).toBe(once.stdout);
  });

  it('graph prints nodes and edges with their types', async () => {
    const { code, stdout } = await run(
      ['graph', '-'],
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 5432}]}]\n',
    );
    expect(code).toBe(0);
    const graph = JSON.parse(stdout);
    expect(graph.nodes.map((n: { type: string }) => n.type).sort()).toEqual(['ipBlock', 'namespace', 'podGroup']);
    expect(graph.edges).toEqual([
      expect.objectContaining({
        source: 'ip:10.0.0.0/8',
        target: 'pods:x:app=db',
        label: 'TCP 5432',
        ports: [{ port: 5432 }],
      }),
    ]);
  });

  it('graph: every edge and rule ref carries ports, [] meaning all ports (as an absent ports list in a rule)', async () => {
    const { code, stdout } = await run(
      ['graph', '-'],
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 5432}]\n  - from: [{podSelector: {matchLabels: {app: admin}}}]\n',
    );
    expect(code).toBe(0);
    const edges = JSON.parse(stdout).edges as {
      source: string;
      ports: unknown;
      label: string;
      rules: { ports: unknown }[];
    }[];
    expect(edges.map((e) => [e.source, e.ports, e.label, e.rules.map((r) => r.ports)])).toEqual([
      ['pods:x:app=api', [{ port: 5432 }], 'TCP 5432', [[{ port: 5432 }]]],
      ['pods:x:app=admin', [], 'all ports', [[]]],
    ]);
  });

  it.skipIf(!hasShared)(
    'graph of the operator guide: every edge has a ports list; the empty ones are all ports',
    async () => {
      const { stdout } = await run(['graph', SEED_GUIDE]);
      const edges = JSON.parse(stdout).edges as { ports: unknown; label: string }[];
      expect(edges.length).toBeGreaterThan(0);
      for (const edge of edges) {
        expect(Array.isArray(edge.ports), JSON.stringify(edge)).toBe(true);
        expect((edge.ports as unknown[]).length === 0).toBe(edge.label === 'all ports');
      }
      expect(edges.filter((e) => (e.ports as unknown[]).length === 0).length).toBeGreaterThan(0);
    },
  );
});

describe('wrongly typed values (#17)', () => {
  const WRONG = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {toString: x}
  namespace: prod
spec:
  podSelector:
    matchLabels:
      app:
        web: true
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ok, namespace: prod}
spec: {podSelector: {}}
`;
  const errors = [
    '<stdin>:4:3: error: must be a string, got a mapping (prod/ metadata.name)',
    '<stdin>:9:7: error: must be a string, got a mapping (prod/ spec.podSelector.matchLabels.app)',
  ];

  it('fmt keeps the wrongly typed document as written, formats the rest, and names the errors', async () => {
    const { code, stdout, stderr } = await run(['fmt', '-'], WRONG);
    expect(code).toBe(1);
    expect(stdout.startsWith(WRONG.split('---\n')[0]!)).toBe(true);
    expect(stdout).toMatch(/name: ok\n\s+namespace: prod\nspec:\n\s+podSelector: \{\}\n\s+policyTypes:/);
    expect(stderr.trim().split('\n')).toEqual(errors);
  });

  it('graph exits 1 and says why on standard error', async () => {
    const { code, stdout, stderr } = await run(['graph', '-'], WRONG);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).policies).toBeDefined();
    expect(stderr.trim().split('\n')).toEqual(errors);
  });
});

describe('usage and I/O errors', () => {
  it.each([
    [['nope'], /unknown command "nope"/],
    [['fmt', '--bogus'], /unknown option --bogus/],
    [['validate', join(dir, 'missing.yaml')], /missing\.yaml: no such file/],
    [['validate', mkdtempSync(join(tmpdir(), 'netpol-empty-'))], /no \.yaml, \.yml or \.json files/],
  ])('%j exits 2 with one line', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--help works for every command', async () => {
    for (const name of ['fmt', 'validate', 'graph', 'lint', 'analyze', 'explain', 'diff']) {
      const { code, stdout } = await run([name, '--help']);
      if (code === 2) continue; // a command not registered yet is reported by the top-level help test
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`usage: netpol ${name}`));
    }
    const top = await run(['--help']);
    expect(top.stdout).toMatch(/fmt .*\n.*validate/s);
  });
});

describe('bin/netpol.mjs', () => {
  it('runs the bundle and never prints a stack trace', () => {
    const r = spawnSync(process.execPath, ['bin/netpol.mjs', 'validate', BAD], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/must specify a peer/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
  });
});

describe('the built CLI', () => {
  it('--version and -V print the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`netpol ${version}\n`);
    }
  });

  it('is one JavaScript module that imports only Node built-ins: no TypeScript loader, no dependency', () => {
    const bundle = readFileSync(BUNDLE, 'utf8');
    const imported = [...bundle.matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((m) => m[1]);
    expect(imported.length).toBeGreaterThan(0);
    for (const spec of imported) expect(spec).toMatch(/^node:/);
    expect(bundle).not.toMatch(/\btsx\b|WebAssembly/);
    expect(readFileSync(BIN, 'utf8')).not.toMatch(/tsx/);
  });
});
