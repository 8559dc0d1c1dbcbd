/**
 * Wrongly typed values at every position of a full policy: shared by the door's tests and the CLI sweep
 * (issue #17). A position is any value in the policy (a field, a list item, a map value); a wrong value is one
 * that no field of the NetworkPolicy API holds there.
 */
import { dump } from 'js-yaml';

type Obj = Record<string, unknown>;
export type Path = (string | number)[];

/** A NetworkPolicy that uses every field the core reads, valid as written. */
export function fullPolicy(): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: 'web',
      namespace: 'prod',
      labels: { app: 'web' },
      annotations: { note: 'x' },
    },
    spec: {
      podSelector: {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend'] }],
      },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { team: 'a' } },
              podSelector: { matchExpressions: [{ key: 'role', operator: 'NotIn', values: ['db'] }] },
            },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
          ],
          ports: [
            { protocol: 'TCP', port: 80, endPort: 90 },
            { protocol: 'UDP', port: 'dns' },
          ],
        },
      ],
      egress: [
        {
          to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }, { podSelector: { matchLabels: {} } }],
          ports: [{ protocol: 'TCP', port: 443 }],
        },
      ],
    },
  };
}

/** Every position of `value`'s tree below the root, parents before children. */
export function positions(value: unknown, path: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push([...path, i], ...positions(v, [...path, i])));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push([...path, k], ...positions(v, [...path, k]));
  }
  return out;
}

/**
 * Wrong types, named as a person would say them. `toString`/`valueOf` mappings crashed every command (a
 * template string called them); `__proto__`/`constructor` keys are own data and must stay inert.
 */
export function wrongValues(): { name: string; value: unknown }[] {
  return [
    { name: 'a mapping with toString', value: { toString: 'x' } },
    { name: 'a mapping with valueOf', value: { valueOf: 1 } },
    { name: 'a mapping with __proto__', value: JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown },
    { name: 'a mapping with constructor', value: { constructor: { prototype: { polluted: 'yes' } } } },
    { name: 'a mapping', value: { web: true } },
    { name: 'a sequence', value: ['a', { b: 1 }] },
    { name: 'a number', value: 7 },
    { name: 'a float', value: 80.5 },
    { name: 'a boolean', value: true },
    { name: 'null', value: null },
    { name: 'a string', value: 'x' },
  ];
}

/** A deep copy of `root` with the value at `path` replaced (own data properties, so `__proto__` stays data). */
export function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as unknown;
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  Object.defineProperty(parent, path[path.length - 1]!, {
    value: JSON.parse(JSON.stringify(value)) as unknown,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** YAML text of an object, block style, as a person writes it. */
export const toYaml = (value: unknown): string => dump(value, { lineWidth: -1 });

/** `spec.ingress[0].from[1]`, as diagnostics print paths. */
export function formatPath(path: Path): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${k}` : k;
  return out;
}
