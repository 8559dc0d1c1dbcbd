/**
 * The door (src/core/read/door.ts): every field the core reads is typed once, when parsed YAML becomes the
 * model. Issue #17: a wrong type is a positioned `type` error naming the field and the expected type, the value
 * is kept out of the model, and the rest is still read, drawn and analysed.
 */
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  analyzeConnectivity,
  formatRead,
  lint,
  projectGraph,
  read,
  synthesizeInventory,
} from '../../src/core/index.ts';
import { admit, describeValue, isUnderRejected } from '../../src/core/read/door.ts';
import {
  integer,
  intOrString,
  list,
  NAMESPACE,
  NETWORK_POLICY,
  object,
  POD,
  string,
  stringMap,
  WORKLOAD,
} from '../../src/core/model/schema.ts';
import { formatPath, fullPolicy, positions, replaceAt, toYaml, wrongValues } from './wrongTypes.ts';

type Obj = Record<string, unknown>;

describe('admit: one schema node at a time', () => {
  const cases: { name: string; schema: ReturnType<typeof string>; value: unknown; ok: boolean }[] = [
    { name: 'string ← string', schema: string(), value: 'x', ok: true },
    { name: 'string ← number', schema: string(), value: 1, ok: false },
    { name: 'string ← mapping with toString', schema: string(), value: { toString: 'x' }, ok: false },
    { name: 'integer ← 80', schema: integer(), value: 80, ok: true },
    { name: 'integer ← 80.5', schema: integer(), value: 80.5, ok: false },
    { name: 'integer ← 2^31', schema: integer(), value: 2 ** 31, ok: false },
    { name: 'integer ← "80"', schema: integer(), value: '80', ok: false },
    { name: 'intOrString ← "http"', schema: intOrString(), value: 'http', ok: true },
    { name: 'intOrString ← 443', schema: intOrString(), value: 443, ok: true },
    { name: 'intOrString ← true', schema: intOrString(), value: true, ok: false },
    { name: 'intOrString ← NaN', schema: intOrString(), value: Number.NaN, ok: false },
    { name: 'list ← list', schema: list(string()), value: ['a'], ok: true },
    { name: 'list ← mapping', schema: list(string()), value: { a: 1 }, ok: false },
    { name: 'map ← map of strings', schema: stringMap(), value: { a: 'b' }, ok: true },
    { name: 'map ← list', schema: stringMap(), value: ['a'], ok: false },
    { name: 'object ← string', schema: object({}), value: 'x', ok: false },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = admit({ f: c.value }, object({ f: c.schema }));
    expect(r.findings.length === 0).toBe(c.ok);
    if (!c.ok) {
      expect(r.findings[0]).toMatchObject({ severity: 'error', code: 'type', path: ['f'] });
      expect(r.findings[0]!.message).toMatch(/^must be .+, got /);
      expect(r.value).toEqual({});
    }
  });
  it('the example of the issue', () => {
    const r = admit({ spec: { podSelector: { matchLabels: { app: { web: true } } } } }, NETWORK_POLICY);
    expect(r.findings.map((f) => `${formatPath(f.path)}: ${f.message}`)).toEqual([
      'spec.podSelector.matchLabels.app: must be a string, got a mapping',
    ]);
  });
  it('null is the zero value, without an error', () => {
    const r = admit<Obj>(
      {
        metadata: { name: null, labels: { a: null } },
        spec: { ingress: [null], egress: null, podSelector: { matchExpressions: [{ values: [null] }] } },
      },
      NETWORK_POLICY,
    );
    expect(r.findings).toEqual([]);
    expect(r.value).toEqual({
      metadata: { labels: { a: '' } },
      spec: { ingress: [{}], podSelector: { matchExpressions: [{ values: [''] }] } },
    });
  });
  it('a wrong list item becomes the zero value: later indices stay as written', () => {
    const r = admit<Obj>(
      { spec: { policyTypes: [{ x: 1 }, 'Egress'], ingress: [5, { ports: [80] }] } },
      NETWORK_POLICY,
    );
    expect(r.value).toEqual({ spec: { policyTypes: ['', 'Egress'], ingress: [{}, { ports: [{}] }] } });
    expect(r.rejected).toEqual([
      ['spec', 'policyTypes', 0],
      ['spec', 'ingress', 0],
      ['spec', 'ingress', 1, 'ports', 0],
    ]);
    expect(r.findings.map((f) => f.fix)).toEqual([
      'a mapping here is often an indentation slip: put the value on the same line as its key',
      undefined,
      'write {protocol: TCP, port: 80}',
    ]);
  });
  it('findings come in document order', () => {
    const r = admit({ spec: { ingress: [{ ports: [{ port: [1], protocol: [2] }] }] } }, NETWORK_POLICY);
    expect(r.findings.map((f) => f.path.at(-1))).toEqual(['port', 'protocol']);
  });
  it('a well-typed input is the model itself (no copy); the input is never modified', () => {
    const good = fullPolicy();
    expect(admit(good, NETWORK_POLICY).value).toBe(good);
    const bad = replaceAt(good, ['spec', 'ingress', 0, 'ports', 0, 'port'], { toString: 'x' }) as Obj;
    const before = JSON.stringify(bad);
    const r = admit<Obj>(bad, NETWORK_POLICY);
    expect(JSON.stringify(bad)).toBe(before);
    // The unchanged parts are shared.
    expect((r.value.spec as Obj).egress).toBe((bad.spec as Obj).egress);
  });
  it('__proto__ and constructor keys stay own data, in maps and in copies', () => {
    const value = JSON.parse(
      '{"metadata": {"name": 1, "labels": {"__proto__": "x", "constructor": "y"}}, "__proto__": {"polluted": 1}}',
    ) as Obj;
    const r = admit<Obj>(value, NETWORK_POLICY);
    const labels = (r.value.metadata as Obj).labels as Obj;
    expect(Object.keys(labels)).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(r.value, '__proto__')).toBe(true);
    expect(({} as Obj).polluted).toBeUndefined();
  });
  it('describeValue never calls the value', () => {
    expect(describeValue({ toString: () => 'boom', valueOf: () => 1 })).toBe('a mapping');
    expect(describeValue('a'.repeat(100))).toMatch(/^the string "a{40}…"$/);
  });
  it('isUnderRejected: at, under and beside a rejected value; a rejected top-level field hides only itself', () => {
    const rejected = [['spec', 'ingress', 0, 'from', 0, 'podSelector'], ['metadata']];
    expect(isUnderRejected(['spec', 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels'], rejected)).toBe(true);
    expect(isUnderRejected(['spec', 'ingress', 0, 'from', 0], rejected)).toBe(true);
    expect(isUnderRejected(['spec', 'ingress', 0, 'from', 1], rejected)).toBe(false);
    expect(isUnderRejected(['metadata', 'name'], rejected)).toBe(true);
    expect(isUnderRejected(['spec'], rejected)).toBe(false);
  });
});

/** No wrongly typed value anywhere in what read() hands on: the door applied again finds nothing. */
function expectWellTyped(r: ReturnType<typeof read>) {
  for (const p of r.policies) expect(admit(p.policy, NETWORK_POLICY).findings).toEqual([]);
  for (const ns of r.inventory.namespaces) {
    expect(typeof ns.name).toBe('string');
    for (const v of Object.values(ns.labels)) expect(typeof v).toBe('string');
  }
  for (const w of r.inventory.workloads) {
    for (const v of [w.name, w.namespace, w.kind, ...Object.values(w.labels), ...w.ips])
      expect(typeof v).toBe('string');
    for (const p of w.ports) expect(Number.isInteger(p.containerPort)).toBe(true);
  }
}

const OTHER = toYaml({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'other', namespace: 'prod' },
  spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] },
});

describe('read: every position of a full policy × every wrong type', () => {
  const base = fullPolicy();
  const cases: [string, (string | number)[], unknown][] = [];
  for (const path of positions(base))
    for (const w of wrongValues()) cases.push([`${formatPath(path)} ← ${w.name}`, path, w.value]);

  it(`${cases.length} cases: a positioned type error or none, a well-typed model, the rest still read`, () => {
    let typeErrors = 0;
    for (const [name, path, value] of cases) {
      const text = `${toYaml(replaceAt(base, path, value))}---\n${OTHER}`;
      const r = read(text);
      const here = r.diagnostics.filter((d) => d.code === 'type');
      for (const d of here) {
        expect(d.severity, name).toBe('error');
        expect(d.line, name).toBeGreaterThanOrEqual(1);
        expect(d.message, name).toMatch(/^must be .+, got /);
      }
      if (here.length) {
        typeErrors++;
        // The error is at the replaced value (or inside it), and names it.
        expect(
          here.some((d) => d.path?.startsWith(formatPath(path))),
          name,
        ).toBe(true);
        expect(r.policies[0]!.rejected, name).toBeDefined();
        // fmt keeps the wrongly typed document as written.
        expect(formatRead(r).startsWith(r.documents[0]!.body), name).toBe(true);
      }
      expectWellTyped(r);
      // The rest of the input is read, and everything after the door runs.
      expect(
        r.policies.map((p) => p.key),
        name,
      ).toContain('prod/other');
      projectGraph(r);
      lint(r);
      analyzeConnectivity({ policies: r.policies, inventory: synthesizeInventory(r.policies, r.inventory) });
    }
    // Most of the cases are wrong types (strings, nulls and maps are right at some positions).
    expect(typeErrors).toBeGreaterThan(cases.length / 2);
    expect(({} as Obj).polluted).toBeUndefined();
  });
});

describe('read: the inventory passes the door too', () => {
  it('a Pod, a Namespace and a Deployment with wrong types: errors, and only well-typed values in the inventory', () => {
    const text = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { team: { toString: 'x' } } } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'prod', labels: { app: ['web'] }, ownerReferences: [{ kind: 1 }] },
        spec: { containers: [{ ports: [{ containerPort: '80', protocol: { valueOf: 1 } }] }], hostNetwork: 'yes' },
        status: { podIP: 10, podIPs: [{ ip: {} }] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', namespace: { toString: 'x' } },
        spec: {
          template: {
            metadata: { labels: { app: 'd' } },
            spec: { containers: [{ ports: [{ containerPort: 8080 }] }] },
          },
        },
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: { toString: 'x' } } },
    ]
      .map(toYaml)
      .join('---\n');
    const r = read(text);
    expect(r.diagnostics.filter((d) => d.code === 'type').map((d) => d.path)).toEqual([
      'metadata.labels.team',
      'metadata.labels.app',
      'metadata.ownerReferences[0].kind',
      'spec.containers[0].ports[0].containerPort',
      'spec.containers[0].ports[0].protocol',
      'spec.hostNetwork',
      'status.podIP',
      'status.podIPs[0].ip',
      'metadata.namespace',
      'metadata.name',
    ]);
    expectWellTyped(r);
    expect(r.inventory.namespaces.map((n) => n.name)).toEqual(['prod']);
    expect(r.inventory.workloads.map((w) => `${w.namespace}/${w.name}`)).toEqual(['prod/p', 'default/d']);
    expect(r.inventory.workloads[1]!.ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
  });
  it('a Service (kept as written for the linter and export) has its type errors reported too', () => {
    const text = toYaml({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'prod' },
      spec: { selector: { app: { toString: 'x' } }, ports: [{ port: '80', targetPort: [1] }] },
    });
    const r = read(text);
    expect(r.diagnostics.filter((d) => d.code === 'type').map((d) => `${d.object} ${d.path}`)).toEqual([
      'prod/web spec.selector.app',
      'prod/web spec.ports[0].port',
      'prod/web spec.ports[0].targetPort',
    ]);
    expect(r.others[0]!.object).toEqual(load(text));
    expect(lint(r).some((d) => d.code === 'lint-internal')).toBe(false);
  });
  it('the schemas describe what the inventory reads', () => {
    for (const s of [POD, NAMESPACE, WORKLOAD]) expect(s.type).toBe('object');
  });
});

describe('graph edits refuse a wrongly typed policy instead of dropping what the model does not hold', () => {
  it('a refusal naming the policy, for an edit and for a whole replacement', async () => {
    const { applyCommand } = await import('../../src/core/edits.ts');
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web', namespace: 'prod' },
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: { toString: 'x' } }] }] },
    };
    const r = read(toYaml(policy));
    expect(r.policies[0]!.rejected).toEqual([['spec', 'ingress', 0, 'ports', 0, 'port']]);
    const commands = [
      {
        type: 'connect' as const,
        source: { kind: 'anywhere' as const },
        target: { kind: 'pods' as const, namespace: 'prod', podSelector: { matchLabels: { app: 'web' } } },
      },
      { type: 'replacePolicy' as const, policy: 'prod/web', with: r.policies[0]!.policy },
    ];
    for (const c of commands)
      expect(applyCommand(r, c)).toEqual({
        ok: false,
        error:
          'prod/web: has wrongly typed values (see the errors); fix the YAML before editing this policy in the graph',
      });
    // Removing it is still possible: that is what the user asked for.
    expect(applyCommand(r, { type: 'removePolicy', policy: 'prod/web' })).toMatchObject({ ok: true, text: '' });
  });
});
