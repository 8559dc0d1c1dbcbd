/**
 * What the API server checks when a ClusterNetworkPolicy (v1alpha2), AdminNetworkPolicy or
 * BaselineAdminNetworkPolicy (v1alpha1) is created: these are CRDs, so the checks are their OpenAPI schema
 * (types, required fields, enums, bounds, item counts, exactly-one-of) and their CEL rules
 * (`x-kubernetes-validations`), admin-network-policy.md §2–§3. The schemas are written as data below, one per
 * kind, from `config/crd/experimental/*.yaml` (the experimental channel is the superset; lint says when a field
 * is experimental only); messages follow the API server's wording for CRD validation.
 *
 * Unknown fields are errors: kubectl validates strictly by default, and a pruned field would change the meaning
 * (a misspelt `ingress` drops every rule). The input is one object exactly as parsed, so any field may be
 * missing, null or of the wrong type; every problem becomes a Finding with the field path, never an exception.
 */
import { parseCidr } from '../model/cidr.ts';
import type { AdminKind } from '../model/admin.ts';
import { ANP_API_VERSION, CNP_API_VERSION } from '../model/admin.ts';
import type { FieldPath, Finding } from '../model/types.ts';
import { dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from './validate.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A CEL rule of the CRD: returns its message when `self` violates it. */
type Cel = (self: Obj) => string | undefined;

type Schema =
  | { type: 'string'; enum?: readonly string[]; maxLength?: number; pattern?: string; cidr?: boolean }
  | { type: 'integer'; minimum?: number; maximum?: number }
  | {
      type: 'object';
      properties: Record<string, Schema>;
      required?: readonly string[];
      /** minProperties 1 / maxProperties 1: exactly one of the properties. */
      exactlyOne?: boolean;
      minProperties?: number;
      cel?: readonly Cel[];
    }
  /** A map of string to string (matchLabels). */
  | { type: 'map' }
  | { type: 'array'; items: Schema; minItems?: number; maxItems?: number; set?: boolean; cel?: readonly Cel[] }
  /** Anything (status, metadata fields not validated here). */
  | { type: 'any' };

const str = (extra: Omit<Extract<Schema, { type: 'string' }>, 'type'> = {}): Schema => ({ type: 'string', ...extra });
const int32 = (minimum?: number, maximum?: number): Schema => ({
  type: 'integer',
  ...(minimum !== undefined ? { minimum } : {}),
  ...(maximum !== undefined ? { maximum } : {}),
});

const LABEL_SELECTOR: Schema = {
  type: 'object',
  properties: {
    matchLabels: { type: 'map' },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { key: str(), operator: str(), values: { type: 'array', items: str() } },
        required: ['key', 'operator'],
      },
    },
  },
};

const namespacedPod = (namespaceRequired: boolean): Schema => ({
  type: 'object',
  properties: { namespaceSelector: LABEL_SELECTOR, podSelector: LABEL_SELECTOR },
  required: namespaceRequired ? ['namespaceSelector', 'podSelector'] : ['podSelector'],
});

const subject = (v1: boolean): Schema => ({
  type: 'object',
  properties: { namespaces: LABEL_SELECTOR, pods: namespacedPod(v1) },
  exactlyOne: true,
});

const DOMAIN_NAME_PATTERN =
  '^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$';

const networks: Schema = {
  type: 'array',
  items: str({ maxLength: 43, cidr: true }),
  minItems: 1,
  maxItems: 25,
  set: true,
};

const egressPeer = (v1: boolean, kind: AdminKind): Schema => ({
  type: 'object',
  properties: {
    namespaces: LABEL_SELECTOR,
    pods: namespacedPod(v1),
    networks,
    nodes: LABEL_SELECTOR,
    ...(kind === 'BaselineAdminNetworkPolicy'
      ? {}
      : {
          domainNames: {
            type: 'array',
            items: str({ pattern: DOMAIN_NAME_PATTERN }),
            minItems: 1,
            maxItems: 25,
            set: true,
          } as Schema,
        }),
  },
  exactlyOne: true,
});

const ingressPeer = (v1: boolean): Schema => ({
  type: 'object',
  properties: { namespaces: LABEL_SELECTOR, pods: namespacedPod(v1) },
  exactlyOne: true,
});

const PORT_V2: Schema = {
  type: 'object',
  properties: {
    number: int32(1, 65535),
    range: {
      type: 'object',
      properties: { start: int32(1, 65535), end: int32(1, 65535) },
      required: ['start', 'end'],
      cel: [
        (self) =>
          typeof self.start === 'number' && typeof self.end === 'number' && !(self.start < self.end)
            ? 'Start port must be less than End port'
            : undefined,
      ],
    },
  },
  exactlyOne: true,
};

const PROTOCOL_PORT: Schema = {
  type: 'object',
  properties: { destinationPort: PORT_V2 },
  minProperties: 1,
};

const PROTOCOL_V2: Schema = {
  type: 'object',
  properties: { tcp: PROTOCOL_PORT, udp: PROTOCOL_PORT, sctp: PROTOCOL_PORT, destinationNamedPort: str() },
  exactlyOne: true,
};

const V1_PROTOCOL = str({ enum: ['TCP', 'UDP', 'SCTP'] });
const PORT_V1: Schema = {
  type: 'object',
  properties: {
    portNumber: {
      type: 'object',
      properties: { protocol: V1_PROTOCOL, port: int32(1, 65535) },
      required: ['protocol', 'port'],
    },
    portRange: {
      type: 'object',
      properties: { protocol: V1_PROTOCOL, start: int32(1, 65535), end: int32(1, 65535) },
      required: ['start', 'end'],
    },
    namedPort: str(),
  },
  exactlyOne: true,
};

const hasAny = (peer: unknown, fields: readonly string[]): boolean =>
  isObj(peer) && fields.some((f) => peer[f] !== undefined && peer[f] !== null);

/** The experimental egress-rule CEL rule: no named port towards addresses (§2, §3). */
function namedPortCel(kind: AdminKind): Cel {
  const fields = kind === 'BaselineAdminNetworkPolicy' ? ['networks', 'nodes'] : ['networks', 'nodes', 'domainNames'];
  const portsKey = kind === 'ClusterNetworkPolicy' ? 'protocols' : 'ports';
  const namedKey = kind === 'ClusterNetworkPolicy' ? 'destinationNamedPort' : 'namedPort';
  const what = fields.join('/');
  return (self) => {
    const to = Array.isArray(self.to) ? self.to : [];
    const ports = Array.isArray(self[portsKey]) ? (self[portsKey] as unknown[]) : [];
    if (to.some((p) => hasAny(p, fields)) && ports.some((p) => hasAny(p, [namedKey])))
      return `${what} peer cannot be set with namedPorts since there are no namedPorts for ${what}`;
    return undefined;
  };
}

function ruleSchema(kind: AdminKind, direction: 'ingress' | 'egress'): Schema {
  const v1 = kind !== 'ClusterNetworkPolicy';
  const max = v1 ? 100 : 25;
  const actions =
    kind === 'ClusterNetworkPolicy'
      ? ['Accept', 'Deny', 'Pass']
      : kind === 'AdminNetworkPolicy'
        ? ['Allow', 'Deny', 'Pass']
        : ['Allow', 'Deny'];
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  return {
    type: 'object',
    properties: {
      name: str({ maxLength: 100 }),
      action: str({ enum: actions }),
      [peersKey]: {
        type: 'array',
        items: direction === 'ingress' ? ingressPeer(v1) : egressPeer(v1, kind),
        minItems: 1,
        maxItems: max,
      },
      ...(v1
        ? { ports: { type: 'array', items: PORT_V1, minItems: 1, maxItems: max } as Schema }
        : { protocols: { type: 'array', items: PROTOCOL_V2, minItems: 1, maxItems: 25 } as Schema }),
    },
    required: ['action', peersKey],
    ...(direction === 'egress' ? { cel: [namedPortCel(kind)] } : {}),
  };
}

function specSchema(kind: AdminKind): Schema {
  const v1 = kind !== 'ClusterNetworkPolicy';
  const max = v1 ? 100 : 25;
  const properties: Record<string, Schema> = {
    subject: subject(v1),
    ingress: { type: 'array', items: ruleSchema(kind, 'ingress'), maxItems: max },
    egress: { type: 'array', items: ruleSchema(kind, 'egress'), maxItems: max },
  };
  if (kind !== 'BaselineAdminNetworkPolicy') properties.priority = int32(0, 1000);
  if (kind === 'ClusterNetworkPolicy') properties.tier = str({ enum: ['Admin', 'Baseline'] });
  const required =
    kind === 'ClusterNetworkPolicy'
      ? ['tier', 'priority', 'subject']
      : kind === 'AdminNetworkPolicy'
        ? ['priority', 'subject']
        : ['subject'];
  return { type: 'object', properties, required };
}

const SCHEMAS: Record<AdminKind, Schema> = {
  ClusterNetworkPolicy: specSchema('ClusterNetworkPolicy'),
  AdminNetworkPolicy: specSchema('AdminNetworkPolicy'),
  BaselineAdminNetworkPolicy: specSchema('BaselineAdminNetworkPolicy'),
};

// ---- the walker -----------------------------------------------------------------------------------

const quote = (s: string): string =>
  s.length > 200 ? `${JSON.stringify(s.slice(0, 200))}… (${s.length} characters)` : JSON.stringify(s);

const renderPath = (path: FieldPath): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const shown = (v: unknown): string =>
  typeof v === 'string' ? quote(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : `"${typeOf(v)}"`;

class Walker {
  readonly out: Finding[] = [];
  private error(code: string, message: string, path: FieldPath, fix?: string): void {
    this.out.push({ severity: 'error', code, message, path: [...path], ...(fix ? { fix } : {}) });
  }

  walk(schema: Schema, value: unknown, path: FieldPath): void {
    if (schema.type === 'any') return;
    const where = renderPath(path);
    switch (schema.type) {
      case 'string': {
        if (typeof value !== 'string') {
          this.error('type', `Invalid value: ${shown(value)}: ${where} in body must be of type string`, path);
          return;
        }
        if (schema.enum && !schema.enum.includes(value)) {
          const close = schema.enum.find((e) => e.toLowerCase() === value.toLowerCase());
          this.error(
            'admin-schema',
            `Unsupported value: ${quote(value)}: supported values: ${schema.enum.map((e) => `"${e}"`).join(', ')}`,
            path,
            close ? `write ${close}` : undefined,
          );
        }
        if (schema.maxLength !== undefined && value.length > schema.maxLength)
          this.error('admin-schema', `Too long: may not be longer than ${schema.maxLength}`, path);
        if (schema.pattern && !new RegExp(schema.pattern).test(value))
          this.error(
            'admin-schema',
            `Invalid value: ${quote(value)}: ${where} in body should match '${schema.pattern}'`,
            path,
          );
        if (schema.cidr && !parseCidr(value))
          this.error('admin-cel', `Invalid value: ${quote(value)}: Invalid CIDR format provided`, path);
        return;
      }
      case 'integer': {
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          this.error('type', `Invalid value: ${shown(value)}: ${where} in body must be of type integer`, path);
          return;
        }
        if (schema.minimum !== undefined && value < schema.minimum)
          this.error(
            'admin-schema',
            `Invalid value: ${value}: ${where} in body should be greater than or equal to ${schema.minimum}`,
            path,
          );
        if (schema.maximum !== undefined && value > schema.maximum)
          this.error(
            'admin-schema',
            `Invalid value: ${value}: ${where} in body should be less than or equal to ${schema.maximum}`,
            path,
          );
        return;
      }
      case 'map': {
        if (!isObj(value)) {
          this.error('type', `Invalid value: ${shown(value)}: ${where} in body must be of type object`, path);
          return;
        }
        for (const [k, v] of Object.entries(value)) {
          for (const msg of qualifiedNameErrors(k))
            this.error('admin-schema', `Invalid value: ${quote(k)}: ${msg}`, path);
          if (typeof v !== 'string')
            this.error('type', `Invalid value: ${shown(v)}: ${where}.${k} in body must be of type string`, [
              ...path,
              k,
            ]);
          else
            for (const msg of labelValueErrors(v))
              this.error('admin-schema', `Invalid value: ${quote(v)}: ${msg}`, [...path, k]);
        }
        return;
      }
      case 'array': {
        if (!Array.isArray(value)) {
          this.error(
            'type',
            `Invalid value: ${shown(value)}: ${where} in body must be of type array`,
            path,
            isObj(value) ? 'make it a list item: start it with "- "' : undefined,
          );
          return;
        }
        if (schema.minItems !== undefined && value.length < schema.minItems)
          this.error(
            'admin-schema',
            `Invalid value: ${value.length}: ${where} in body should have at least ${schema.minItems} items`,
            path,
          );
        if (schema.maxItems !== undefined && value.length > schema.maxItems)
          this.error('admin-schema', `Too many: ${value.length}: must have at most ${schema.maxItems} items`, path);
        const seen = new Set<string>();
        value.forEach((item, i) => {
          if (schema.set) {
            const k = JSON.stringify(item);
            if (seen.has(k)) this.error('admin-schema', `Duplicate value: ${shown(item)}`, [...path, i]);
            seen.add(k);
          }
          this.walk(schema.items, item, [...path, i]);
        });
        return;
      }
      case 'object': {
        if (!isObj(value)) {
          this.error('type', `Invalid value: ${shown(value)}: ${where} in body must be of type object`, path);
          return;
        }
        const present = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
        for (const k of Object.keys(value)) {
          const sub = schema.properties[k];
          if (!sub) {
            const known = Object.keys(schema.properties);
            const close = known.find((n) => n.toLowerCase() === k.toLowerCase());
            this.error(
              'admin-unknown-field',
              `unknown field ${quote(k)}${known.length ? ` (known fields: ${known.join(', ')})` : ''}`,
              [...path, k],
              close ? `rename it to ${close}` : undefined,
            );
            continue;
          }
          if (value[k] === null) continue; // decoded as absent
          this.walk(sub, value[k], [...path, k]);
        }
        for (const r of schema.required ?? [])
          if (value[r] === undefined || value[r] === null) this.error('admin-schema', 'Required value', [...path, r]);
        const known = present.filter((k) => k in schema.properties);
        if (schema.exactlyOne && known.length !== 1)
          this.error(
            'admin-schema',
            known.length === 0
              ? `Invalid value: 0: ${where} in body should have at least 1 properties (set exactly one of ${Object.keys(schema.properties).join(', ')})`
              : `Invalid value: ${known.length}: ${where} in body should have at most 1 properties (${known.join(' and ')} are both set)`,
            path,
          );
        if (schema.minProperties !== undefined && known.length < schema.minProperties)
          this.error(
            'admin-schema',
            `Invalid value: ${known.length}: ${where} in body should have at least ${schema.minProperties} properties`,
            path,
            'write destinationPort (all ports of the protocol: range: {start: 1, end: 65535})',
          );
        for (const cel of schema.cel ?? []) {
          const msg = cel(value);
          if (msg) this.error('admin-cel', `Invalid value: "object": ${msg}`, path);
        }
        return;
      }
    }
  }
}

/**
 * Validates one ClusterNetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy as the API server would
 * (with the CRD of the experimental channel installed). Never throws.
 */
export function validateAdminPolicy(obj: unknown, kind: AdminKind): Finding[] {
  const w = new Walker();
  if (!isObj(obj)) return w.out;
  const expected = kind === 'ClusterNetworkPolicy' ? CNP_API_VERSION : ANP_API_VERSION;
  if (obj.apiVersion !== expected) {
    const other = kind === 'ClusterNetworkPolicy' ? ANP_API_VERSION : CNP_API_VERSION;
    w.out.push({
      severity: 'error',
      code: 'api-version',
      message: `apiVersion ${JSON.stringify(obj.apiVersion ?? null)} is not ${expected}; ${kind} is served as ${expected}${
        obj.apiVersion === other
          ? kind === 'ClusterNetworkPolicy'
            ? ' (v1alpha1 has AdminNetworkPolicy and BaselineAdminNetworkPolicy)'
            : ' (v1alpha2 has ClusterNetworkPolicy only: netpol migrate converts)'
          : ''
      }`,
      path: ['apiVersion'],
      fix: `set apiVersion: ${expected}`,
    });
  }
  // metadata: cluster-scoped; the name is a DNS-1123 subdomain.
  const meta = obj.metadata;
  if (!isObj(meta)) {
    w.out.push({ severity: 'error', code: 'M1', message: 'name or generateName is required', path: ['metadata'] });
  } else {
    const name = meta.name;
    if (typeof name !== 'string' || name === '') {
      if (typeof meta.generateName !== 'string' || meta.generateName === '')
        w.out.push({
          severity: 'error',
          code: 'M1',
          message: 'name or generateName is required',
          path: ['metadata', 'name'],
          fix: 'set metadata.name',
        });
    } else
      for (const msg of dns1123SubdomainErrors(name))
        w.out.push({ severity: 'error', code: 'M1', message: msg, path: ['metadata', 'name'] });
    if (typeof meta.namespace === 'string' && meta.namespace !== '')
      w.out.push({
        severity: 'warning',
        code: 'admin-namespace',
        message: `${kind} is cluster-scoped: metadata.namespace is ignored`,
        path: ['metadata', 'namespace'],
        fix: 'remove metadata.namespace',
      });
    if (isObj(meta.labels)) w.walk({ type: 'map' }, meta.labels, ['metadata', 'labels']);
    // CEL on the BANP object: a singleton.
    if (kind === 'BaselineAdminNetworkPolicy' && typeof name === 'string' && name !== '' && name !== 'default')
      w.out.push({
        severity: 'error',
        code: 'admin-cel',
        message: `Invalid value: "object": Only one baseline admin network policy with metadata.name="default" can be created in the cluster`,
        path: ['metadata', 'name'],
        fix: 'name it default',
      });
  }
  if (obj.spec === undefined || obj.spec === null) {
    w.out.push({ severity: 'error', code: 'admin-schema', message: 'Required value', path: ['spec'] });
    return w.out;
  }
  w.walk(SCHEMAS[kind], obj.spec, ['spec']);
  return w.out;
}
