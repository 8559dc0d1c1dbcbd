/**
 * The door's schema (src/core/model/schema.ts) against the Kubernetes API's own definitions: the types of
 * `kubernetes-types`, which are generated from the API's OpenAPI spec. Every field the schema describes must
 * exist in the API type with the same type (string, number, `number | string`, boolean, Array<…>, a map of
 * strings, or a nested object), so the door checks exactly what the API server decodes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CRON_JOB,
  NAMESPACE,
  NETWORK_POLICY,
  POD,
  SERVICE,
  WORKLOAD,
  type Schema,
} from '../../src/core/model/schema.ts';

const root = dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'));

/** Interface name → field → declared type, from the .d.ts files (comments dropped, whitespace collapsed). */
function loadInterfaces(files: string[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const f of files) {
    const text = readFileSync(join(root, f), 'utf8')
      .replace(/\/\*\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ');
    for (const m of text.matchAll(/export interface (\w+) \{(.*?)\} (?=export |$)/g)) {
      const fields = new Map<string, string>();
      for (const f of m[2]!.matchAll(/(\w+)\??: (\{ \[name: string\]: [^;]+; \}|[^;{]+);/g)) fields.set(f[1]!, f[2]!);
      if (!out.has(m[1]!)) out.set(m[1]!, fields);
    }
  }
  return out;
}

const interfaces = loadInterfaces([
  'networking/v1.d.ts',
  'meta/v1.d.ts',
  'core/v1.d.ts',
  'apps/v1.d.ts',
  'batch/v1.d.ts',
]);

/** Where `schema` disagrees with the API type `type` (empty when it agrees). */
function mismatches(schema: Schema, type: string, at: string): string[] {
  const bad = (want: string) => [`${at}: the schema says ${schema.type}, the API type is ${type} (want ${want})`];
  switch (schema.type) {
    case 'string':
      // apiVersion and kind are string literal types ("networking.k8s.io/v1").
      return type === 'string' || /^"[^"]*"$/.test(type) ? [] : bad('string');
    case 'integer':
      return type === 'number' ? [] : bad('number');
    case 'intOrString':
      return type === 'number | string' ? [] : bad('number | string');
    case 'boolean':
      return type === 'boolean' ? [] : bad('boolean');
    case 'list': {
      const m = /^Array<(.+)>$/.exec(type);
      return m ? mismatches(schema.items, m[1]!, `${at}[]`) : bad('Array<…>');
    }
    case 'map': {
      const m = /^\{ \[name: string\]: (.+); \}$/.exec(type);
      return m ? mismatches(schema.values, m[1]!, `${at}{}`) : bad('a map');
    }
    case 'object': {
      const fields = interfaces.get(type);
      if (!fields) return bad('an interface');
      return Object.entries(schema.fields).flatMap(([k, s]) => {
        const t = fields.get(k);
        return t === undefined ? [`${at}.${k}: no such field in ${type}`] : mismatches(s, t, `${at}.${k}`);
      });
    }
  }
}

describe('the door schema matches the Kubernetes API types', () => {
  it('the API types were found', () => {
    expect(interfaces.get('NetworkPolicyPort')?.get('port')).toBe('number | string');
    expect(interfaces.get('ObjectMeta')?.get('labels')).toBe('{ [name: string]: string; }');
  });
  it.each([
    ['NetworkPolicy', NETWORK_POLICY],
    ['Pod', POD],
    ['Namespace', NAMESPACE],
    ['Service', SERVICE],
    ['Deployment', WORKLOAD],
    ['StatefulSet', WORKLOAD],
    ['DaemonSet', WORKLOAD],
    ['ReplicaSet', WORKLOAD],
    ['Job', WORKLOAD],
    ['ReplicationController', WORKLOAD],
    ['CronJob', CRON_JOB],
  ] as const)('%s', (name, schema) => {
    expect(mismatches(schema, name, name)).toEqual([]);
  });
  it('a wrong schema is caught (the check can fail)', () => {
    expect(mismatches({ type: 'object', fields: { spec: { type: 'string' } } }, 'NetworkPolicy', 'x')).toEqual([
      'x.spec: the schema says string, the API type is NetworkPolicySpec (want string)',
    ]);
  });
});
