/** `netpol flows propose|check` and `netpol test`, run in-process through the CLI's main: exit codes and output. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../cli/built.ts';
import { read } from '../../src/core/index.ts';
import { sharedDir } from '../conformance/load.ts';
import { flowLine } from './helpers.ts';

/** The built CLI, in-process. */
const run = runBuilt;

const dir = mkdtempSync(join(tmpdir(), 'netpol-flows-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const web = { namespace: 'shop', labels: { app: 'web' }, pod: 'web-7d9f-abcde' };
const db = { namespace: 'shop', labels: { app: 'db' }, pod: 'db-0' };
const dns = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, pod: 'coredns-1' };
const FLOWS = write(
  'flows.json',
  [
    flowLine({ src: web, dst: db, port: 5432, isReply: false }),
    flowLine({ src: web, dst: db, port: 5432, isReply: false, direction: 'INGRESS' }),
    flowLine({ src: db, dst: web, port: 40000, sport: 5432, isReply: true }),
    flowLine({ src: web, dst: dns, protocol: 'UDP', port: 53, isReply: false }),
    flowLine({ src: web, dst: { ip: '203.0.113.10' }, port: 443, isReply: false }),
    flowLine({ src: db, dst: web, port: 6379, verdict: 'DROPPED', isReply: false, direction: 'INGRESS' }),
  ].join('\n') + '\n',
);
const HUBBLE = sharedDir('conformance/hubble', 'flows cli');

describe('netpol flows propose', () => {
  it('prints valid canonical policies with a comment per rule, exit 0, counts on stderr', async () => {
    const r = await run(['flows', 'propose', FLOWS]);
    expect(r.code).toBe(0);
    const parsed = read(r.stdout);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.policies.map((p) => `${p.policy.metadata?.namespace}/${p.policy.metadata?.name}`)).toEqual([
      'kube-system/observed-default-deny',
      'kube-system/observed-kube-dns',
      'shop/observed-db',
      'shop/observed-default-deny',
      'shop/observed-web',
    ]);
    expect(r.stdout).toContain('# shop/web-7d9f-abcde -> shop/db-0 5432/TCP: 2 flows, first');
    expect(r.stdout).toContain('cidr: 203.0.113.10/32');
    expect(r.stderr).toContain('6 flows read, 3 observed connections between 3 classes');
    expect(r.stderr).toContain('skipped: 1 DROPPED, 1 reply');
    // Deterministic: the same input gives the same bytes.
    expect((await run(['flows', 'propose', FLOWS])).stdout).toBe(r.stdout);
    // And what it proposes passes the check of the same flows.
    const proposal = write('proposal.yaml', r.stdout);
    const check = await run(['flows', 'check', FLOWS, '--policies', proposal]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(
      'DROPPED shop/db-0 -> shop/web-7d9f-abcde 6379/TCP (1 flow, dropped at INGRESS): the policies deny it too',
    );
  });

  it('exit 1 with an invalid line (policies still printed), 2 without flows or with a missing file', async () => {
    const bad = write('bad.json', `${readFileSync(FLOWS, 'utf8')}{not json\n`);
    const r = await run(['flows', 'propose', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:7: error: not a JSON object: {not json`);
    expect(r.stdout).toContain('kind: NetworkPolicy');
    expect((await run(['flows', 'propose'])).code).toBe(2);
    expect((await run(['flows', 'propose', join(dir, 'missing.json')])).code).toBe(2);
    expect((await run(['flows'])).code).toBe(2);
  });

  it('--merge proposes only what existing policies do not allow', async () => {
    const existing = write(
      'existing.yaml',
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432}]
`,
    );
    const r = await run(['flows', 'propose', FLOWS, '--merge', existing]);
    expect(r.code).toBe(0);
    const names = read(r.stdout).policies.map((p) => `${p.policy.metadata?.namespace}/${p.policy.metadata?.name}`);
    // db's ingress is already decided (allowed); web's egress and kube-dns's ingress are isolated by nothing,
    // so everything observed is already allowed: nothing to propose.
    expect(names).toEqual([]);
    const isolated = write(
      'isolated.yaml',
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`,
    );
    const m = await run(['flows', 'propose', FLOWS, '--merge', existing, isolated]);
    const merged = write(
      'merged.yaml',
      `${readFileSync(existing, 'utf8')}---\n${readFileSync(isolated, 'utf8')}---\n${m.stdout}`,
    );
    const policies = read(m.stdout).policies.map((p) => p.policy);
    expect(policies.map((p) => `${p.metadata?.name} ${JSON.stringify(p.spec?.policyTypes)}`)).toEqual([
      'observed-web ["Egress"]',
    ]);
    expect((await run(['flows', 'check', FLOWS, '--policies', merged])).code).toBe(0);
  });
});

describe('netpol flows check', () => {
  it('exit 1 naming the connection when a forwarded flow would be denied; 2 without --policies', async () => {
    const proposal = write('p2.yaml', (await run(['flows', 'propose', FLOWS])).stdout);
    const more = write(
      'more.json',
      `${readFileSync(FLOWS, 'utf8')}${flowLine({ src: db, dst: web, port: 8080, isReply: false, verdict: 'AUDIT' })}\n`,
    );
    const r = await run(['flows', 'check', more, '--policies', proposal]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^DENIED {2}shop\/db-0 -> shop\/web-7d9f-abcde 8080\/TCP \(AUDIT, 1 flow\): shop\/observed-db.* isolate egress of shop\/db-0, no rule matches/m,
    );
    expect(r.stdout).toContain(
      'flows check: 5 connections from 7 flows: 3 allowed, 1 denied, 1 dropped (0 allowed by the policies); 1 flow skipped (1 reply)',
    );
    expect((await run(['flows', 'check', FLOWS])).code).toBe(2);
    expect((await run(['flows', 'check', FLOWS, '--policies'])).code).toBe(2);
    expect((await run(['flows', 'check', FLOWS, '--policies', join(dir, 'nope.yaml')])).code).toBe(2);
  });

  it.skipIf(!HUBBLE)('passes on a real capture with its own proposal', async () => {
    const sample = join(HUBBLE!, 'basic-sample-10-flows.json');
    const p = write('p10.yaml', (await run(['flows', 'propose', sample])).stdout);
    const r = await run(['flows', 'check', sample, '--policies', p]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 connections from 10 flows: 3 allowed, 0 denied');
  });
});

const CLUSTER = write(
  'cluster.yaml',
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: default}
spec:
  template:
    metadata: {labels: {app: frontend}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cartservice, namespace: default}
spec:
  template:
    metadata: {labels: {app: cartservice}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 7070, name: grpc}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cart, namespace: default}
spec:
  podSelector: {matchLabels: {app: cartservice}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: grpc}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend, namespace: default}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: cartservice}}}]
  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 443}]
`,
);

describe('netpol test', () => {
  it('PASS lines, exit 0', async () => {
    const tests = write(
      'pass.yaml',
      `# comments are free
tests:
- name: frontend reaches the cart
  from: default/frontend
  to: default/cartservice[Deployment]
  port: 7070/TCP
  expect: allow
- name: cart cannot reach frontend at all
  from: cartservice
  to: frontend
  expect: allow
- name: nothing to the cart on 7071
  from: {namespace: default, podLabels: {app: frontend}}
  to: default/cartservice
  port: 7071
  expect: deny
- name: a stranger cannot reach the cart
  from: {namespace: other, podLabels: {app: frontend}}
  to: default/cartservice
  expect: deny
- name: no egress to 10.1/16
  from: default/frontend
  to: 10.1.0.0/16
  port: 443/tcp
  expect: deny
`,
    );
    const r = await run(['test', tests, CLUSTER]);
    expect(r.stdout.split('\n')).toEqual([
      'PASS frontend reaches the cart: default/frontend[Deployment] -> default/cartservice[Deployment] 7070/TCP: expected allow, got allow (decided by default/frontend spec.egress[0].to[0]; default/cart spec.ingress[0].from[0])',
      'PASS cart cannot reach frontend at all: default/cartservice[Deployment] -> default/frontend[Deployment] any: expected allow, got allow (All Connections) (decided by default/cartservice[Deployment] not isolated for egress; default/frontend[Deployment] not isolated for ingress)',
      'PASS nothing to the cart on 7071: default/{app=frontend} -> default/cartservice[Deployment] 7071/TCP: expected deny, got deny (decided by default/cart isolates ingress of default/cartservice[Deployment], no rule matches (default/cart spec.ingress[0].from[0] matches the peer but only allows TCP 7070))',
      'PASS a stranger cannot reach the cart: other/{app=frontend} -> default/cartservice[Deployment] any: expected deny, got deny (decided by default/cart isolates ingress of default/cartservice[Deployment], no rule matches)',
      'PASS no egress to 10.1/16: default/frontend[Deployment] -> 10.1.0.0/16 443/TCP: expected deny, got deny (decided by default/frontend isolates egress of default/frontend[Deployment], no rule matches)',
      '5 tests: 5 passed, 0 failed',
      '',
    ]);
    expect(r.code).toBe(0);
  });

  it('FAIL lines and a partial CIDR, exit 1', async () => {
    const tests = write(
      'fail.yaml',
      `tests:
- name: frontend to 10/8 on 443
  from: default/frontend
  to: 10.0.0.0/8
  port: 443
  expect: allow
- name: frontend cannot reach the cart
  from: default/frontend
  to: default/cartservice
  expect: deny
`,
    );
    const r = await run(['test', tests, CLUSTER]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'FAIL frontend to 10/8 on 443: default/frontend[Deployment] -> 10.0.0.0/8 443/TCP: expected allow, got partial (10.0.0.0-10.0.255.255, 10.2.0.0-10.255.255.255) (decided by default/frontend isolates egress',
    );
    expect(r.stdout).toContain(
      'FAIL frontend cannot reach the cart: default/frontend[Deployment] -> default/cartservice[Deployment] any: expected deny, got allow (TCP 7070)',
    );
    expect(r.stdout).toContain('2 tests: 0 passed, 2 failed');
  });

  it.each([
    [
      'unknown key',
      'tests:\n- name: a\n  from: frontend\n  to: cartservice\n  expect: allow\n  prot: 1\n',
      ':6:3: error: unknown key "prot"',
    ],
    [
      'bad port',
      'tests:\n- name: a\n  from: frontend\n  to: cartservice\n  port: 70000\n  expect: allow\n',
      ':5:9: error: port must be',
    ],
    [
      'bad expect',
      'tests:\n- name: a\n  from: frontend\n  to: cartservice\n  expect: allowed\n',
      ':5:11: error: expect must be allow or deny',
    ],
    [
      'duplicate name',
      'tests:\n- {name: a, from: frontend, to: cartservice, expect: allow}\n- {name: a, from: frontend, to: cartservice, expect: deny}\n',
      ':3:10: error: duplicate name "a" (test a)',
    ],
    [
      'unknown workload',
      'tests:\n- name: a\n  from: default/nope\n  to: cartservice\n  expect: allow\n',
      ':3:9: error: no workload default/nope',
    ],
    [
      'both external',
      'tests:\n- name: a\n  from: 10.0.0.1\n  to: 10.0.0.0/8\n  expect: allow\n',
      'error: from and to cannot both be external',
    ],
    ['missing expect', 'tests:\n- name: a\n  from: frontend\n  to: cartservice\n', ':2:3: error: missing expect'],
    ['empty list', 'tests: []\n', 'error: tests must be a non-empty list'],
    ['not YAML', 'tests: [\n', 'error:'],
  ])('bad input (%s): one positioned line, no test run, exit 2', async (_, text, message) => {
    const tests = write('bad-tests.yaml', text);
    const r = await run(['test', tests, CLUSTER]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${tests}`);
    expect(r.stderr).toContain(message);
  });

  it('usage and I/O errors exit 2', async () => {
    expect((await run(['test'])).code).toBe(2);
    expect((await run(['test', join(dir, 'missing.yaml'), CLUSTER])).code).toBe(2);
    const tests = write('ok.yaml', 'tests:\n- {name: a, from: frontend, to: cartservice, expect: allow}\n');
    expect((await run(['test', tests])).code).toBe(2);
    expect((await run(['test', tests, join(dir, 'missing-policies.yaml')])).code).toBe(2);
  });

  it('--from-flows pins observed traffic: the file passes on the proposal and fails on a deny-all', async () => {
    const r = await run(['test', '--from-flows', FLOWS]);
    expect(r.code).toBe(0);
    const pinned = write('pinned.yaml', r.stdout);
    const proposal = write('p3.yaml', (await run(['flows', 'propose', FLOWS])).stdout);
    const pass = await run(['test', pinned, proposal]);
    expect(pass.stdout).toContain('3 tests: 3 passed, 0 failed');
    expect(pass.code).toBe(0);
    const denyAll = write(
      'deny-all.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Egress]}\n',
    );
    const fail = await run(['test', pinned, denyAll]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('3 tests: 0 passed, 3 failed');
  });
});
