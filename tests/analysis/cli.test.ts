/** `netpol analyze` and `netpol explain`, run in-process through the CLI's main. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../cli/built.ts';

/** The built CLI, in-process. */
const run = runBuilt;

const dir = mkdtempSync(join(tmpdir(), 'netpol-analyze-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const CLUSTER = write(
  'cluster.yaml',
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: x, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: x, ports: [{containerPort: 5432}]}]
`,
);
const POLICIES = write(
  'policies.yaml',
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]
  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]
    ports: [{port: 443}]
`,
);
const REJECTED = write(
  'rejected.yaml',
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: broken, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{}]}]
`,
);

describe('netpol analyze', () => {
  it('prints the connlist (txt)', async () => {
    const r = await run(['analyze', CLUSTER, POLICIES]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '0.0.0.0-255.255.255.255[External] => shop/web[Deployment] : All Connections',
        // Egress ipBlocks cut the destination address ranges (np-guard's convention).
        'shop/db[Deployment] => 0.0.0.0-9.255.255.255[External] : All Connections',
        'shop/db[Deployment] => 10.0.0.0-10.255.255.255[External] : All Connections',
        'shop/db[Deployment] => 11.0.0.0-255.255.255.255[External] : All Connections',
        'shop/db[Deployment] => shop/web[Deployment] : All Connections',
        'shop/web[Deployment] => 10.0.0.0-10.255.255.255[External] : TCP 443',
        'shop/web[Deployment] => shop/db[Deployment] : TCP 5432',
        '',
      ].join('\n'),
    );
  });

  it('reads folders, and writes json, csv, md and dot', async () => {
    const json = await run(['analyze', '--format', 'json', dir]);
    expect(json.code).toBe(1); // rejected.yaml is in the folder
    expect(JSON.parse(json.stdout)).toContainEqual({
      src: 'shop/web[Deployment]',
      dst: 'shop/db[Deployment]',
      conn: 'TCP 5432',
    });
    const csv = await run(['analyze', '--format=csv', CLUSTER, POLICIES]);
    expect(csv.stdout.split('\n')[0]).toBe('src,dst,conn');
    expect(csv.stdout).toContain('shop/web[Deployment],shop/db[Deployment],TCP 5432\n');
    const md = await run(['analyze', '--format=md', CLUSTER, POLICIES]);
    expect(md.stdout).toContain('| shop/web[Deployment] | shop/db[Deployment] | TCP 5432 |');
    const dot = await run(['analyze', '--format=dot', CLUSTER, POLICIES]);
    expect(dot.stdout).toMatch(/^digraph \{/);
    expect(dot.stdout).toContain('"shop/web[Deployment]" -> "shop/db[Deployment]" [label="TCP 5432"');
  });

  it('reports input errors, still analyses the policies as written, and exits 1', async () => {
    const r = await run(['analyze', CLUSTER, REJECTED]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rejected.yaml');
    expect(r.stderr).toContain('must specify a peer');
    // shop/broken isolates every pod of shop for ingress; its empty peer selects nothing.
    expect(r.stdout).not.toContain('=> shop/');
    expect(r.stdout).toContain('shop/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections');
  });

  it('--ipblock-matches-pods lets an ipBlock select a pod by its IP', async () => {
    const pods = write(
      'pods.yaml',
      `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: a, labels: {app: client}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.1.0.7}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: a, labels: {app: server}}
spec: {containers: [{name: s, image: x}]}
status: {podIP: 10.1.0.9}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-cidr, namespace: a}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress: [{from: [{ipBlock: {cidr: 10.1.0.0/24}}]}]
`,
    );
    const off = await run(['analyze', pods]);
    expect(off.stdout).not.toContain('a/client[Pod] => a/server[Pod]');
    const on = await run(['analyze', '--ipblock-matches-pods', pods]);
    expect(on.stdout).toContain('a/client[Pod] => a/server[Pod] : All Connections');
  });

  it('rejects an unknown format with exit 2', async () => {
    const r = await run(['analyze', '--format', 'xml', CLUSTER]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown format');
  });
});

describe('netpol explain', () => {
  it('explains an allowed connection with rule paths', async () => {
    const r = await run([
      'explain',
      CLUSTER,
      POLICIES,
      '--from',
      'shop/web',
      '--to',
      'shop/db[Deployment]',
      '--port',
      '5432/TCP',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ALLOWED: shop\/web\[Deployment\] => shop\/db\[Deployment\] on TCP 5432/);
    expect(r.stdout).toContain('shop/web-egress spec.egress[0].to[0]');
    expect(r.stdout).toContain('shop/db-from-web spec.ingress[0].from[0]');
  });

  it('explains a denial by naming the isolating policy', async () => {
    const r = await run(['explain', CLUSTER, POLICIES, '--from', 'shop/db', '--to', 'shop/web', '--port', '8080']);
    expect(r.stdout).toMatch(/^ALLOWED/); // web is not ingress-isolated, db not egress-isolated
    const d = await run(['explain', CLUSTER, POLICIES, '--from', 'shop/web', '--to', '8.8.8.8', '--port', '443']);
    expect(d.stdout).toMatch(/^DENIED: shop\/web\[Deployment\] => 8\.8\.8\.8 on TCP 443/);
    expect(d.stdout).toContain('isolated for egress by shop/web-egress');
    const u = await run(['explain', CLUSTER, POLICIES, '--from', '1.2.3.4', '--to', 'shop/db', '--port', 'udp/53']);
    expect(u.stdout).toMatch(/^DENIED/);
    expect(u.stdout).toContain('isolated for ingress by shop/db-from-web');
  });

  it('without --port lists the allowed connections', async () => {
    const r = await run(['explain', CLUSTER, POLICIES, '--from', 'shop/web', '--to', 'shop/db']);
    expect(r.stdout).toContain('allowed connections: TCP 5432');
  });

  it('usage errors exit 2', async () => {
    expect((await run(['explain', CLUSTER, '--from', 'shop/web'])).code).toBe(2);
    const unknown = await run(['explain', CLUSTER, '--from', 'shop/nope', '--to', 'shop/db']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no workload shop/nope');
    expect((await run(['explain', CLUSTER, '--from', 'shop/web', '--to', 'shop/db', '--port', '70000'])).code).toBe(2);
  });
});
