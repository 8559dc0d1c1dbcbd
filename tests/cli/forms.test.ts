/**
 * Every form the Kubernetes API hands out, in YAML and in JSON, read by the core and by the built CLI:
 * - typed lists as the API server returns them (`GET /apis/networking.k8s.io/v1/networkpolicies` →
 *   `NetworkPolicyList`, `PodList`, `NamespaceList`, `DeploymentList`…), whose items carry no `kind` and no
 *   `apiVersion`: both are implied by the list;
 * - `kind: List` (what `kubectl get … -o yaml|json` prints), whose items carry their own;
 * - single objects;
 * each with the server-side fields (`metadata.uid`, `resourceVersion`, `generation`, `creationTimestamp`,
 * `managedFields`, `status`), which are ignored by validation and kept in what was read.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { read } from '../../src/core/index.ts';
import { runBuilt } from './built.ts';

type Obj = Record<string, unknown>;

let uid = 0;
/** Metadata as the API server returns it: name and namespace plus the fields only the server writes. */
function serverMetadata(name: string, namespace?: string, labels?: Record<string, string>): Obj {
  uid++;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    ...(labels ? { labels } : {}),
    uid: `7c1a4e0e-0000-4a55-9d3c-${String(uid).padStart(12, '0')}`,
    resourceVersion: String(4700 + uid),
    generation: 1,
    creationTimestamp: '2026-11-01T10:00:00Z',
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-11-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': {} } },
      },
    ],
  };
}

const policy = (name: string, app: string): Obj => ({
  metadata: serverMetadata(name, 'shop'),
  spec: {
    podSelector: { matchLabels: { app } },
    policyTypes: ['Ingress'],
    ingress: [
      { from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ],
  },
});
const namespace = (name: string): Obj => ({
  metadata: serverMetadata(name, undefined, { 'kubernetes.io/metadata.name': name, team: name }),
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
});
const podTemplate = (app: string): Obj => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: app, image: `${app}:1`, ports: [{ containerPort: 8080, protocol: 'TCP' }] }] },
});
const deployment = (name: string): Obj => ({
  metadata: serverMetadata(name, 'shop', { app: name }),
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: podTemplate(name) },
  status: { observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: 2 },
});
const pod = (name: string, app: string): Obj => ({
  metadata: serverMetadata(name, 'shop', { app }),
  spec: (podTemplate(app).spec as Obj) ?? {},
  status: { phase: 'Running', podIP: '10.1.0.7', podIPs: [{ ip: '10.1.0.7' }] },
});
const withType = (apiVersion: string, kind: string, item: Obj): Obj => ({ apiVersion, kind, ...item });
/** A typed list as the API server returns it: kind-less items. */
const typedList = (apiVersion: string, kind: string, items: Obj[]): Obj => ({
  apiVersion,
  kind,
  metadata: { resourceVersion: '4799' },
  items,
});

interface Form {
  name: string;
  object: Obj;
  policies: string[];
  namespaces: string[];
  workloads: string[];
}

const NP = 'networking.k8s.io/v1';
const FORMS: Form[] = [
  {
    name: 'NetworkPolicyList, items without kind/apiVersion',
    object: typedList(NP, 'NetworkPolicyList', [policy('web', 'web'), policy('api', 'api')]),
    policies: ['shop/web', 'shop/api'],
    namespaces: [],
    workloads: [],
  },
  {
    name: 'NamespaceList, items without kind/apiVersion',
    object: typedList('v1', 'NamespaceList', [namespace('shop'), namespace('kube-system')]),
    policies: [],
    namespaces: ['shop', 'kube-system'],
    workloads: [],
  },
  {
    name: 'PodList, items without kind/apiVersion',
    object: typedList('v1', 'PodList', [pod('client-7d9f', 'client')]),
    policies: [],
    namespaces: [],
    workloads: ['Pod shop/client-7d9f'],
  },
  {
    name: 'DeploymentList, items without kind/apiVersion',
    object: typedList('apps/v1', 'DeploymentList', [deployment('web'), deployment('api')]),
    policies: [],
    namespaces: [],
    workloads: ['Deployment shop/web', 'Deployment shop/api'],
  },
  {
    name: 'StatefulSetList, items without kind/apiVersion',
    object: typedList('apps/v1', 'StatefulSetList', [deployment('db')]),
    policies: [],
    namespaces: [],
    workloads: ['StatefulSet shop/db'],
  },
  {
    name: 'DaemonSetList, items without kind/apiVersion',
    object: typedList('apps/v1', 'DaemonSetList', [deployment('agent')]),
    policies: [],
    namespaces: [],
    workloads: ['DaemonSet shop/agent'],
  },
  {
    name: 'kind: List (kubectl get -o), items with their own kind/apiVersion',
    object: {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: [
        withType(NP, 'NetworkPolicy', policy('web', 'web')),
        withType('v1', 'Namespace', namespace('shop')),
        withType('apps/v1', 'Deployment', deployment('web')),
        withType('v1', 'Pod', pod('client-7d9f', 'client')),
      ],
    },
    policies: ['shop/web'],
    namespaces: ['shop'],
    workloads: ['Deployment shop/web', 'Pod shop/client-7d9f'],
  },
  {
    name: 'a single NetworkPolicy with server-side fields and status',
    object: { ...withType(NP, 'NetworkPolicy', policy('web', 'web')), status: {} },
    policies: ['shop/web'],
    namespaces: [],
    workloads: [],
  },
  {
    name: 'a single Deployment with server-side fields and status',
    object: withType('apps/v1', 'Deployment', deployment('web')),
    policies: [],
    namespaces: [],
    workloads: ['Deployment shop/web'],
  },
];

const SERIALIZATIONS: [string, (o: Obj) => string][] = [
  ['yaml', (o) => dump(o)],
  ['json', (o) => `${JSON.stringify(o, null, 2)}\n`],
];
const CASES = FORMS.flatMap((form) =>
  SERIALIZATIONS.map(([format, write]) => ({ ...form, format, text: write(form.object) })),
);

const dir = mkdtempSync(join(tmpdir(), 'netpol-forms-'));

const run = runBuilt;

describe('every form the API hands out (core read)', () => {
  it.each(CASES)('$name ($format)', ({ text, policies, namespaces, workloads }) => {
    const r = read(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.policies.map((p) => p.key)).toEqual(policies);
    expect(r.inventory.namespaces.map((n) => n.name)).toEqual(namespaces);
    expect(r.inventory.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`)).toEqual(workloads);
    expect(r.others).toEqual([]);
  });

  it('server-side fields are kept in what was read (policies and the document value)', () => {
    const list = FORMS[0]!.object;
    const r = read(JSON.stringify(list));
    const first = r.policies[0]!.policy as unknown as { metadata: Obj };
    expect(first.metadata.uid).toBe(((list.items as Obj[])[0]!.metadata as Obj).uid);
    expect(first.metadata.managedFields).toEqual(((list.items as Obj[])[0]!.metadata as Obj).managedFields);
    expect(r.documents[0]!.value).toEqual(list);
  });

  it('a typed list implies the apiVersion of its own: a NetworkPolicyList of another group is still checked', () => {
    const r = read(dump(typedList('extensions/v1beta1', 'NetworkPolicyList', [policy('web', 'web')])));
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'api-version']]);
  });

  it('`kind: List` implies nothing: an item without apiVersion is still an error', () => {
    const item = { kind: 'NetworkPolicy', ...policy('web', 'web') };
    const r = read(dump({ apiVersion: 'v1', kind: 'List', items: [item] }));
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'api-version']]);
  });
});

describe('every form the API hands out (the built CLI)', () => {
  it.each(CASES)('netpol validate and lint: $name ($format)', async ({ name, format, text }) => {
    const file = join(dir, `${name.replace(/[^a-z]+/gi, '-')}.${format}`);
    writeFileSync(file, text);
    const validate = await run(['validate', file]);
    expect(validate, validate.stdout).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const lint = await run(['lint', '--fail-on', 'error', file]);
    expect(lint.stderr).toBe('');
    expect(lint.stdout).not.toMatch(/: error:/);
    expect(lint.code, lint.stdout).toBe(0);
  });
});
