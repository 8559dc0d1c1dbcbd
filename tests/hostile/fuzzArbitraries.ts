/** fast-check generators of hostile inputs for the fuzz suite: YAML-ish text, mutated policies, graph commands. */
import fc from 'fast-check';
import {
  analyzeConnectivity,
  annotateEffective,
  dumpObject,
  lint,
  projectGraph,
  synthesizeInventory,
  type GraphCommand,
  type LabelSelector,
  type NodeRef,
  type ReadResult,
} from '../../src/core/index.ts';
import { cloneValue } from '../../src/core/model/clone.ts';
import { graphToPolicies } from '../../src/core/graph/project.ts';
import { loadAll } from 'js-yaml';
import { labelSelector, networkPolicy, port } from '../core/arbitraries.ts';
import { fullPolicy, positions, replaceAt } from '../core/wrongTypes.ts';

// ---------------------------------------------------------------------------------------------------------
// Inputs

/** YAML-ish tokens, so random text often parses and reaches the stages after the parser. */
const token = fc.constantFrom(
  '\n',
  ' ',
  '  ',
  '- ',
  ': ',
  ':',
  '{',
  '}',
  '[',
  ']',
  ', ',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '? ',
  '!!str ',
  '!!map ',
  '!custom ',
  '---\n',
  '...\n',
  '--- ',
  '# c\n',
  '"',
  "'",
  '|\n',
  '>-\n',
  '\t',
  '%YAML 1.2\n',
  '```yaml\n',
  '```\n',
  '# Guide\n',
  '{{NAME}}',
  '{{',
  '}}',
  '__proto__',
  'constructor',
  'apiVersion: networking.k8s.io/v1\n',
  'kind: NetworkPolicy\n',
  'kind: Namespace\n',
  'kind: Deployment\n',
  'kind: NetworkPolicyList\n',
  'items:\n',
  'metadata: {name: p, namespace: ns}\n',
  'spec:\n',
  'podSelector: {}\n',
  'podSelector:\n',
  'matchLabels: {app: web}\n',
  'matchExpressions: [{key: app, operator: In, values: [a]}]\n',
  'policyTypes: [Ingress, Egress]\n',
  'ingress:\n',
  'egress:\n',
  'from:\n',
  'to:\n',
  'ports: [{port: 80}]\n',
  'ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}\n',
  'namespaceSelector: {}\n',
  'endPort: 70000',
  'port: http',
  'protocol: SCTP',
  '0.0.0.0/0',
  '::/0',
  '-1',
  '1e309',
  '0x1F',
  'null',
  '~',
  'true',
  '\u0000',
  '\uFEFF',
  '\uFFFD',
  '\u2028',
  'é',
  '😀',
);
const yamlishText = fc.array(token, { maxLength: 60 }).map((ts) => ts.join(''));
export const randomText = fc.oneof(
  { weight: 3, arbitrary: yamlishText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 300 }) },
);

/** Keys that are methods or internals of every JavaScript object: a mapping holding them must stay inert data. */
const objectKey = fc.constantFrom(
  'toString',
  'valueOf',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toJSON',
  'then',
  'length',
);

/**
 * Wrongly typed values (#17): mappings keyed by toString/valueOf/__proto__/constructor (a template string or
 * String() on them threw "Cannot convert object to primitive value" in every command), sequences, numbers,
 * floats, booleans and null. Built from JSON text, so `__proto__` is an own key as the YAML parser makes it.
 */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.tuple(
          objectKey,
          fc.oneof(
            fc.string({ maxLength: 4 }),
            fc.integer(),
            fc.constant(null),
            fc.constant({ prototype: { polluted: 'yes' } }),
            fc.constant({ toString: 'x' }),
          ),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map(
        (entries) =>
          JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as unknown,
      ),
  },
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant({ toString: 'x' })), { maxLength: 3 }),
  fc.integer(),
  fc.double({ noDefaultInfinity: true, noNaN: true }),
  fc.constantFrom(1.5, 80.5, -0.5, 2 ** 31, 1e21, true, false, null, {}, [], [[]], { web: true }),
);

/** Values that do not belong where they are put. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  wrongType,
  fc.constantFrom(
    null,
    undefined,
    true,
    0,
    -1,
    65536,
    2 ** 53,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '',
    ' ',
    '{{X}}',
    '__proto__',
    '10.0.0.0/8',
    '::',
    'TCP',
    'Ingress',
    'a'.repeat(300),
    [],
    {},
    [null],
    { __proto__: null },
    { matchLabels: null },
  ),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'insert'; at: number; key: string; value: unknown }
  | { kind: 'swap'; at: number }
  | { kind: 'null'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: garbage }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    key: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'x-unknown', 'ports', 'from', 'podSelector', ''),
      fc.string({ maxLength: 8 }),
    ),
    value: garbage,
  }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('null' as const), at: fc.nat() }),
);

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** Every (container, key) slot in a value, depth first. */
function slots(root: Container): { parent: Container; key: string | number }[] {
  const out: { parent: Container; key: string | number }[] = [];
  const walk = (v: Container) => {
    const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const k of keys) {
      out.push({ parent: v, key: k });
      const child = (v as Record<string | number, unknown>)[k];
      if (isContainer(child)) walk(child);
    }
  };
  walk(root);
  return out;
}

/** Sets a slot to a fresh copy of `value` (garbage constants are shared between runs: never mutate them). */
function setSlot(parent: Container, key: string | number, value: unknown) {
  const fresh = value === undefined ? undefined : cloneValue(value);
  Object.defineProperty(parent, key, { value: fresh, enumerable: true, writable: true, configurable: true });
}

/** Applies mutations to a deep copy of a policy (JSON round trip: generated policies are plain data). */
function mutate(policy: unknown, mutations: readonly Mutation[]): unknown {
  const root = JSON.parse(JSON.stringify(policy)) as Record<string, unknown>;
  for (const m of mutations) {
    const all = slots(root);
    if (all.length === 0) break;
    const { parent, key } = all[m.at % all.length]!;
    const current = (parent as Record<string | number, unknown>)[key];
    switch (m.kind) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 'replace':
        setSlot(parent, key, m.value);
        break;
      case 'null':
        setSlot(parent, key, null);
        break;
      case 'insert':
        if (isContainer(current) && !Array.isArray(current)) setSlot(current, m.key, m.value);
        else if (Array.isArray(current)) current.push(cloneValue(m.value));
        else setSlot(parent, key, { [m.key]: m.value });
        break;
      case 'swap':
        // A list becomes a map of its items and a map a list of its values (or of its entries).
        if (Array.isArray(current)) setSlot(parent, key, Object.fromEntries(current.map((v, i) => [String(i), v])));
        else if (isContainer(current)) setSlot(parent, key, Object.values(current));
        else setSlot(parent, key, [current]);
        break;
    }
  }
  return root;
}

/** A text edit: insert or delete a few characters somewhere, as a person typing would. */
const textEdit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 5 }),
  insert: fc.oneof(token, fc.constant('')),
});

const inventoryText = `apiVersion: v1
kind: Namespace
metadata: {name: ns, labels: {team: a}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ns}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: default, labels: {app: db}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ns}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http, protocol: TCP}]}
`;

/** Mutated policies, as YAML or JSON text, with an inventory, maybe with a text edit on top. */
export const mutatedText = fc
  .tuple(
    fc.array(fc.tuple(networkPolicy, fc.array(mutation, { minLength: 1, maxLength: 6 })), {
      minLength: 1,
      maxLength: 4,
    }),
    fc.boolean(),
    fc.boolean(),
    fc.option(textEdit, { nil: undefined }),
  )
  .map(([items, asJson, withInventory, edit]) => {
    const values = items.map(([p, ms]) => mutate(p, ms));
    let text = values.map((v) => (asJson ? `${JSON.stringify(v)}\n` : dumpObject(v))).join('---\n');
    if (withInventory) text += `---\n${inventoryText}`;
    if (edit) {
      const at = edit.at % (text.length + 1);
      text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
    }
    return text;
  });

/** The inventory of `inventoryText` as values, so wrong types can be planted in its objects too. */
const inventoryObjects: unknown[] = loadAll(inventoryText);

/**
 * A full policy (every field the core reads) or a generated one, and maybe the inventory, with 1–3 wrongly
 * typed values planted at any position (a field, a list item, a map value), as YAML or JSON text.
 */
export const wronglyTypedText = fc
  .tuple(
    fc.oneof(fc.constant(fullPolicy() as unknown), networkPolicy as fc.Arbitrary<unknown>),
    fc.boolean(),
    fc.array(fc.tuple(fc.nat(), wrongType), { minLength: 1, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([policy, withInventory, plants, asJson]) => {
    let objects: unknown[] = [policy, ...(withInventory ? inventoryObjects : [])];
    for (const [at, value] of plants) {
      const all = objects.flatMap((o, i) => positions(o).map((p) => [i, ...p] as (string | number)[]));
      if (all.length === 0) break;
      const [i, ...path] = all[at % all.length]!;
      objects = objects.map((o, j) => (j === i ? replaceAt(o, path, value) : o));
    }
    return objects.map((v) => (asJson ? `${JSON.stringify(v)}\n` : dumpObject(v))).join('---\n');
  });

// ---------------------------------------------------------------------------------------------------------
// Commands

const namespaceName = fc.constantFrom('ns', 'default', 'shop', '', '__proto__', 'a'.repeat(70), '{{NS}}', 'Bad_Name');
const anySelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  { weight: 3, arbitrary: labelSelector },
  { weight: 1, arbitrary: garbage as fc.Arbitrary<LabelSelector> },
);
const nodeRef: fc.Arbitrary<NodeRef> = fc.oneof(
  fc.record({ kind: fc.constant('namespace' as const), namespace: namespaceName }),
  fc.record({ kind: fc.constant('pods' as const), namespace: namespaceName, podSelector: anySelector }),
  fc.record(
    { kind: fc.constant('namespacePods' as const), namespaceSelector: anySelector, podSelector: anySelector },
    { requiredKeys: ['kind', 'namespaceSelector'] },
  ),
  fc.record(
    {
      kind: fc.constant('ipBlock' as const),
      cidr: fc.constantFrom('10.0.0.0/8', '::/0', '300.1.1.1/40', '', 'x', '10.0.0.1/24'),
      except: fc.array(fc.constantFrom('10.1.0.0/16', 'bad', '::1/128'), { maxLength: 2 }),
    },
    { requiredKeys: ['kind', 'cidr'] },
  ),
  fc.constant({ kind: 'anywhere' as const }),
);
const ports = fc.option(fc.array(fc.oneof(port, garbage as fc.Arbitrary<never>), { maxLength: 3 }), { nil: undefined });
const labels = fc.dictionary(
  fc.constantFrom('team', 'app', '__proto__', 'kubernetes.io/metadata.name', ''),
  fc.string(),
  {
    maxKeys: 3,
  },
);
export const command: fc.Arbitrary<GraphCommand> = fc.oneof(
  fc.record({ type: fc.constant('addNamespace' as const), name: namespaceName, labels }),
  fc.record({ type: fc.constant('setNamespaceLabels' as const), name: namespaceName, labels }),
  fc.record({
    type: fc.constant('addPodGroup' as const),
    namespace: namespaceName,
    podSelector: anySelector,
    isolate: fc.record({ ingress: fc.boolean(), egress: fc.boolean() }),
  }),
  fc.record({
    type: fc.constant('setIsolation' as const),
    target: nodeRef,
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    isolated: fc.boolean(),
  }),
  fc.record(
    {
      type: fc.constant('connect' as const),
      source: nodeRef,
      target: nodeRef,
      ports,
      sides: fc.constantFrom('auto' as const, 'ingress' as const, 'egress' as const, 'both' as const),
    },
    { requiredKeys: ['type', 'source', 'target'] },
  ),
  fc.record({ type: fc.constant('disconnect' as const), source: nodeRef, target: nodeRef }),
  fc.record(
    { type: fc.constant('setFlowPorts' as const), source: nodeRef, target: nodeRef, ports },
    { requiredKeys: ['type', 'source', 'target'] },
  ),
  fc.record({ type: fc.constant('replaceNode' as const), from: nodeRef, to: nodeRef }),
  fc.record({ type: fc.constant('removeNode' as const), node: nodeRef }),
  fc.record({
    type: fc.constant('removePolicy' as const),
    policy: fc.constantFrom('ns/allow-a-0', 'default/web-1', 'x'),
  }),
);

/** Everything downstream of read, on one result. */
export function downstream(r: ReadResult): void {
  const graph = projectGraph(r);
  graphToPolicies(graph);
  // A lint rule that throws is caught and reported as lint-internal: for the fuzz suite that is a crash.
  const internal = lint(r).find((d) => d.code === 'lint-internal');
  if (internal) throw new Error(`lint: ${internal.message}`);
  const inventory = synthesizeInventory(r.policies, r.inventory);
  analyzeConnectivity({ policies: r.policies, inventory });
  annotateEffective(graph, r.policies, r.inventory);
}
