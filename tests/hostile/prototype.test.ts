/**
 * `__proto__`, `constructor` and `prototype` keys anywhere: they are data. Nothing reads them as a prototype
 * (no pollution of Object.prototype), and fmt and graph edits keep them as the user wrote them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { read } from '../../src/core/index.ts';
import { formatText } from '../../src/core/format/write.ts';
import { selectorMatches } from '../../src/core/model/selector.ts';
import { exerciseAll, tryApply } from './helpers.ts';

const SPECIAL = ['__proto__', 'constructor', 'prototype'] as const;

/** A policy with every special key at every level the tool knows (top level, metadata, spec, rule, peer, port, selector). */
function hostilePolicy(key: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
${key}: {polluted: top}
metadata:
  name: hostile
  namespace: default
  ${key}: {polluted: metadata}
  annotations: {${key}: annotation}
spec:
  ${key}: {polluted: spec}
  podSelector:
    matchLabels: {app: web}
    ${key}: {polluted: selector}
  policyTypes: [Ingress, Egress]
  ingress:
    - ${key}: {polluted: rule}
      from:
        - ${key}: {polluted: peer}
          podSelector: {matchLabels: {app: client}}
        - ipBlock: {cidr: 10.0.0.0/8, ${key}: {polluted: ipBlock}}
      ports:
        - {protocol: TCP, port: 80, ${key}: {polluted: port}}
  egress:
    - to: [{namespaceSelector: {matchExpressions: [{key: app, operator: Exists, ${key}: {polluted: expr}}]}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: default}
data: {${key}: {polluted: configmap}}
---
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {team: a, ${key}: {polluted: labels}}}
`;
}

const pollutedKeys = ['polluted', 'hostile', 'x'];
function assertClean(): void {
  for (const k of pollutedKeys) expect(({} as Record<string, unknown>)[k], `Object.prototype.${k}`).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(typeof ({} as { constructor: unknown }).constructor).toBe('function');
}

afterEach(assertClean);

/** The WHERE of every `key: {polluted: WHERE}` in the documents of a text, found by walking the parsed values. */
function markers(text: string, key: string): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        const child = (v as Record<string, unknown>)[k];
        if (k === key && child && typeof child === 'object' && 'polluted' in child) found.push(String(child.polluted));
        walk(child);
      }
    }
  };
  for (const d of read(text).documents) walk(d.value);
  return found.sort();
}

describe.each(SPECIAL)('key %s', (key) => {
  const text = hostilePolicy(key);

  it('is an own data property after read, never a prototype', () => {
    const r = read(text);
    const value = r.documents[0]!.value as Record<string, unknown>;
    expect(Object.hasOwn(value, key)).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value[key]).toEqual({ polluted: 'top' });
    expect(r.policies).toHaveLength(1);
  });

  it('read, fmt, graph, graph edits, lint and analysis pollute nothing', () => {
    const r = read(text);
    exerciseAll(r);
    assertClean();
  });

  it('survives fmt at every level, and fmt is idempotent', () => {
    const once = formatText(text);
    expect(markers(once, key)).toEqual(markers(text, key));
    expect(once).toContain(`${key}: annotation`);
    expect(formatText(once)).toBe(once);
    const again = read(once).documents[0]!.value as Record<string, unknown>;
    expect(Object.hasOwn(again, key)).toBe(true);
  });

  it('survives a graph edit of the policy that holds it', () => {
    const r = read(text);
    const edited = tryApply(r, {
      type: 'connect',
      source: { kind: 'ipBlock', cidr: '192.168.0.0/16' },
      target: { kind: 'pods', namespace: 'default', podSelector: { matchLabels: { app: 'web' } } },
    });
    expect(edited).toBeDefined();
    // The policy document is rewritten canonically; every marker is still there.
    expect(markers(edited!, key)).toEqual(markers(text, key));
  });

  it('is not a label of a pod that does not carry it (selectors look at own labels only)', () => {
    const r = read(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: default}
spec:
  template:
    metadata: {labels: {app: web}}
`);
    const pod = r.inventory.workloads[0]!;
    expect(selectorMatches({ matchExpressions: [{ key, operator: 'Exists' }] }, pod.labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key, operator: 'DoesNotExist' }] }, pod.labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { [key]: '[object Object]' } }, pod.labels)).toBe(false);
  });
});

describe('proto keys in flow maps, as quoted keys and as keys of lists items', () => {
  it.each([
    '{"__proto__": {"polluted": 1}}',
    "- {'__proto__': {polluted: 1}}\n- constructor: {prototype: {polluted: 1}}",
    '__proto__:\n  __proto__:\n    polluted: 1',
    'constructor:\n  prototype:\n    polluted: 1',
  ])('%s', (text) => {
    const r = read(text);
    exerciseAll(r);
    expect(formatText(text)).toBe(text.endsWith('\n') ? text : `${text}\n`);
  });
});
