import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/model/types.ts';
import { read } from '../../src/core/read/read.ts';
import { utf8Length, validateNetworkPolicy } from '../../src/core/read/validate.ts';
import { filesUnder, hasShared, SEED_GUIDE, sharedPath } from './shared.ts';

type Obj = Record<string, unknown>;

/** A valid policy touching every validated field; each case mutates a fresh copy. */
function base(): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: 'web.allow-api',
      namespace: 'prod',
      labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop', empty: '' },
      annotations: { 'example.com/Owner': 'team a', note: 'anything goes here: {}' },
    },
    spec: {
      podSelector: {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['frontend', 'edge'] },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: 'api' } } },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} },
          ],
          ports: [
            { protocol: 'TCP', port: 80 },
            { protocol: 'UDP', port: 1000, endPort: 2000 },
            { protocol: 'SCTP', port: 'metrics' },
            { port: 65535, endPort: 65535 },
            {},
          ],
        },
        {},
      ],
      egress: [
        {
          to: [
            { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } },
            { ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } },
            { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] } },
          ],
          ports: [{ protocol: 'UDP', port: 53 }],
        },
      ],
    },
  };
}

const spec = (p: Obj) => p.spec as Obj;
const meta = (p: Obj) => p.metadata as Obj;
const ingress0 = (p: Obj) => (spec(p).ingress as Obj[])[0]!;
const port = (p: Obj, i = 0) => (ingress0(p).ports as Obj[])[i]!;
const from = (p: Obj, i = 0) => (ingress0(p).from as Obj[])[i]!;
const ipBlock = (p: Obj) => ((spec(p).egress as Obj[])[0]!.to as Obj[])[0]!.ipBlock as Obj;

const simple = ({ severity, code, message, path }: Finding) => ({ severity, code, message, path });
const run = (p: unknown) => validateNetworkPolicy(p).map(simple);

const P0 = ['spec', 'ingress', 0, 'ports', 0];
const F0 = ['spec', 'ingress', 0, 'from', 0];
const IPB = ['spec', 'egress', 0, 'to', 0, 'ipBlock'];
const RANGE = 'must be between 1 and 65535, inclusive';
const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const QNAME_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const err = (code: string, path: (string | number)[], message: string) => ({ severity: 'error', code, message, path });
const warn = (code: string, path: (string | number)[], message: string) => ({
  severity: 'warning',
  code,
  message,
  path,
});

describe('validateNetworkPolicy: the base policy', () => {
  it('is valid', () => {
    expect(run(base())).toEqual([]);
  });
});

interface Case {
  name: string;
  mutate: (p: Obj) => void;
  expected: ReturnType<typeof err>[];
}

/** Each rule broken once: exactly these findings, in the server's order. */
const invalid: Case[] = [
  // ---- metadata ----
  {
    name: 'M1 name missing',
    mutate: (p) => delete meta(p).name,
    expected: [err('M1', ['metadata', 'name'], 'name or generateName is required')],
  },
  {
    name: 'M1 name empty',
    mutate: (p) => (meta(p).name = ''),
    expected: [err('M1', ['metadata', 'name'], 'name or generateName is required')],
  },
  {
    name: 'M1 metadata missing',
    mutate: (p) => delete p.metadata,
    expected: [
      err('M1', ['metadata', 'name'], 'name or generateName is required'),
      warn(
        'P-33',
        ['metadata', 'namespace'],
        "metadata.namespace is not set: the policy lands in the kubectl context's namespace",
      ),
    ],
  },
  {
    name: 'M1 name upper case',
    mutate: (p) => (meta(p).name = 'Web'),
    expected: [err('M1', ['metadata', 'name'], SUBDOMAIN_MSG)],
  },
  {
    name: 'M1 name underscore',
    mutate: (p) => (meta(p).name = 'allow_dns'),
    expected: [err('M1', ['metadata', 'name'], SUBDOMAIN_MSG)],
  },
  {
    name: 'M1 name ends with a dash',
    mutate: (p) => (meta(p).name = 'web-'),
    expected: [err('M1', ['metadata', 'name'], SUBDOMAIN_MSG)],
  },
  {
    name: 'M1 name too long',
    mutate: (p) => (meta(p).name = 'a'.repeat(254)),
    expected: [err('M1', ['metadata', 'name'], 'must be no more than 253 characters')],
  },
  {
    name: 'M2 generateName invalid',
    mutate: (p) => {
      delete meta(p).name;
      meta(p).generateName = 'Web-';
    },
    expected: [err('M2', ['metadata', 'generateName'], SUBDOMAIN_MSG)],
  },
  {
    name: 'M3 namespace with dots',
    mutate: (p) => (meta(p).namespace = 'team.prod'),
    expected: [err('M3', ['metadata', 'namespace'], 'must not contain dots')],
  },
  {
    name: 'M3 namespace upper case',
    mutate: (p) => (meta(p).namespace = 'Prod'),
    expected: [err('M3', ['metadata', 'namespace'], LABEL_MSG)],
  },
  {
    name: 'M3 namespace too long',
    mutate: (p) => (meta(p).namespace = 'n'.repeat(64)),
    expected: [err('M3', ['metadata', 'namespace'], 'must be no more than 63 characters')],
  },
  {
    name: 'P-33 namespace missing',
    mutate: (p) => delete meta(p).namespace,
    expected: [
      warn(
        'P-33',
        ['metadata', 'namespace'],
        "metadata.namespace is not set: the policy lands in the kubectl context's namespace",
      ),
    ],
  },
  {
    name: 'M4 label key with a space',
    mutate: (p) => (meta(p).labels = { 'my app': 'x' }),
    expected: [err('M4', ['metadata', 'labels'], `Invalid value: "my app": ${QNAME_NAME_MSG}`)],
  },
  {
    name: 'M4 label key with an empty prefix',
    mutate: (p) => (meta(p).labels = { '/app': 'x' }),
    expected: [err('M4', ['metadata', 'labels'], 'Invalid value: "/app": prefix part must be non-empty')],
  },
  {
    name: 'M4 label key with an upper-case prefix',
    mutate: (p) => (meta(p).labels = { 'Example.com/app': 'x' }),
    expected: [err('M4', ['metadata', 'labels'], `Invalid value: "Example.com/app": prefix part ${SUBDOMAIN_MSG}`)],
  },
  {
    name: 'M4 label value too long',
    mutate: (p) => (meta(p).labels = { app: 'v'.repeat(64) }),
    expected: [
      err('M4', ['metadata', 'labels'], `Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`),
    ],
  },
  {
    name: 'M4 label value with a slash',
    mutate: (p) => (meta(p).labels = { app: 'a/b' }),
    expected: [err('M4', ['metadata', 'labels'], `Invalid value: "a/b": ${LABEL_VALUE_MSG}`)],
  },
  {
    name: 'M5 annotation key invalid',
    mutate: (p) => (meta(p).annotations = { 'a b': 'x' }),
    expected: [err('M5', ['metadata', 'annotations'], `Invalid value: "a b": ${QNAME_NAME_MSG}`)],
  },
  {
    name: 'M5 annotations too large',
    mutate: (p) => (meta(p).annotations = { big: 'x'.repeat(256 * 1024) }),
    expected: [err('M5', ['metadata', 'annotations'], 'Too long: may not be more than 262144 bytes')],
  },
  // ---- spec.podSelector (S1 = selector rules) ----
  {
    name: 'L1 In without values',
    mutate: (p) => (spec(p).podSelector = { matchExpressions: [{ key: 'a', operator: 'In' }] }),
    expected: [
      err(
        'L1',
        ['spec', 'podSelector', 'matchExpressions', 0, 'values'],
        "must be specified when `operator` is 'In' or 'NotIn'",
      ),
    ],
  },
  {
    name: 'L1 NotIn with []',
    mutate: (p) => (spec(p).podSelector = { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }),
    expected: [
      err(
        'L1',
        ['spec', 'podSelector', 'matchExpressions', 0, 'values'],
        "must be specified when `operator` is 'In' or 'NotIn'",
      ),
    ],
  },
  {
    name: 'L2 Exists with values',
    mutate: (p) => (spec(p).podSelector = { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
    expected: [
      err(
        'L2',
        ['spec', 'podSelector', 'matchExpressions', 0, 'values'],
        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ),
    ],
  },
  {
    name: 'L3 lower-case operator',
    mutate: (p) => (spec(p).podSelector = { matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] }),
    expected: [err('L3', ['spec', 'podSelector', 'matchExpressions', 0, 'operator'], 'not a valid selector operator')],
  },
  {
    name: 'L3 Gt',
    mutate: (p) => (spec(p).podSelector = { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    expected: [err('L3', ['spec', 'podSelector', 'matchExpressions', 0, 'operator'], 'not a valid selector operator')],
  },
  {
    name: 'L4 key invalid',
    mutate: (p) => (spec(p).podSelector = { matchExpressions: [{ key: 'a b', operator: 'Exists' }] }),
    expected: [err('L4', ['spec', 'podSelector', 'matchExpressions', 0, 'key'], QNAME_NAME_MSG)],
  },
  {
    name: 'L5 value invalid',
    mutate: (p) => (spec(p).podSelector = { matchExpressions: [{ key: 'a', operator: 'In', values: ['ok', '-bad'] }] }),
    expected: [err('L5', ['spec', 'podSelector', 'matchExpressions', 0, 'values', 1], LABEL_VALUE_MSG)],
  },
  {
    name: 'L6 matchLabels key invalid (np-guard subdir2)',
    mutate: (p) => (spec(p).podSelector = { matchLabels: { 'app@b': 'x' } }),
    expected: [err('L6', ['spec', 'podSelector', 'matchLabels'], `Invalid value: "app@b": ${QNAME_NAME_MSG}`)],
  },
  {
    name: 'L6 matchLabels value invalid in a peer',
    mutate: (p) => (from(p).podSelector = { matchLabels: { app: '$backend' } }),
    expected: [err('L6', [...F0, 'podSelector', 'matchLabels'], `Invalid value: "$backend": ${LABEL_VALUE_MSG}`)],
  },
  {
    name: 'L6 in a peer namespaceSelector',
    mutate: (p) => (from(p, 1).namespaceSelector = { matchLabels: { 'a/b/c': 'x' } }),
    expected: [
      err(
        'L6',
        ['spec', 'ingress', 0, 'from', 1, 'namespaceSelector', 'matchLabels'],
        'Invalid value: "a/b/c": ' +
          "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ),
    ],
  },
  // ---- ports ----
  {
    name: 'P1 lower-case protocol',
    mutate: (p) => (port(p).protocol = 'tcp'),
    expected: [err('P1', [...P0, 'protocol'], 'Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"')],
  },
  {
    name: 'P1 empty protocol',
    mutate: (p) => (port(p).protocol = ''),
    expected: [err('P1', [...P0, 'protocol'], 'Unsupported value: "": supported values: "TCP", "UDP", "SCTP"')],
  },
  {
    name: 'P1 ICMP',
    mutate: (p) => (port(p).protocol = 'ICMP'),
    expected: [err('P1', [...P0, 'protocol'], 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"')],
  },
  { name: 'P2 port 0', mutate: (p) => (port(p).port = 0), expected: [err('P2', [...P0, 'port'], RANGE)] },
  { name: 'P2 port 65536', mutate: (p) => (port(p).port = 65536), expected: [err('P2', [...P0, 'port'], RANGE)] },
  { name: 'P2 port -1', mutate: (p) => (port(p).port = -1), expected: [err('P2', [...P0, 'port'], RANGE)] },
  {
    name: 'P3 endPort < port',
    mutate: (p) => Object.assign(port(p), { port: 100, endPort: 99 }),
    expected: [err('P3', [...P0, 'endPort'], 'must be greater than or equal to `port`')],
  },
  {
    name: 'P4 endPort out of range',
    mutate: (p) => Object.assign(port(p), { port: 100, endPort: 70000 }),
    expected: [err('P4', [...P0, 'endPort'], RANGE)],
  },
  {
    name: 'P3+P4 endPort 0',
    mutate: (p) => Object.assign(port(p), { port: 100, endPort: 0 }),
    expected: [
      err('P3', [...P0, 'endPort'], 'must be greater than or equal to `port`'),
      err('P4', [...P0, 'endPort'], RANGE),
    ],
  },
  {
    name: 'P5 named port with endPort',
    mutate: (p) => Object.assign(port(p), { port: 'http', endPort: 90 }),
    expected: [err('P5', [...P0, 'endPort'], 'may not be specified when `port` is non-numeric')],
  },
  {
    name: 'P6 quoted number',
    mutate: (p) => (port(p).port = '8080'),
    expected: [err('P6', [...P0, 'port'], 'must contain at least one letter (a-z)')],
  },
  {
    name: 'P6 too long',
    mutate: (p) => (port(p).port = 'abcdefghijklmnop'),
    expected: [err('P6', [...P0, 'port'], 'must be no more than 15 characters')],
  },
  {
    name: 'P6 upper case',
    mutate: (p) => (port(p).port = 'HTTP'),
    expected: [
      err('P6', [...P0, 'port'], 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'),
      err('P6', [...P0, 'port'], 'must contain at least one letter (a-z)'),
    ],
  },
  {
    name: 'P6 consecutive hyphens',
    mutate: (p) => (port(p).port = 'a--b'),
    expected: [err('P6', [...P0, 'port'], 'must not contain consecutive hyphens')],
  },
  {
    name: 'P6 leading hyphen',
    mutate: (p) => (port(p).port = '-http'),
    expected: [err('P6', [...P0, 'port'], 'must not begin or end with a hyphen')],
  },
  {
    name: 'P6 empty',
    mutate: (p) => (port(p).port = ''),
    expected: [
      err('P6', [...P0, 'port'], 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'),
      err('P6', [...P0, 'port'], 'must contain at least one letter (a-z)'),
    ],
  },
  {
    name: 'P7 endPort without port',
    mutate: (p) => (ingress0(p).ports = [{ protocol: 'TCP', endPort: 90 }]),
    expected: [err('P7', [...P0, 'endPort'], 'may not be specified when `port` is not specified')],
  },
  // ---- peers ----
  { name: 'R1 empty peer', mutate: (p) => (ingress0(p).from = [{}]), expected: [err('R1', F0, 'must specify a peer')] },
  {
    name: 'R1 null peer (decoded as {})',
    mutate: (p) => (ingress0(p).from = [null]),
    expected: [err('R1', F0, 'must specify a peer')],
  },
  {
    name: 'R1 peer with only null selectors',
    mutate: (p) => (ingress0(p).from = [{ podSelector: null, ipBlock: null }]),
    expected: [err('R1', F0, 'must specify a peer')],
  },
  {
    name: 'R2 ipBlock and podSelector',
    mutate: (p) => (ingress0(p).from = [{ podSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }]),
    expected: [err('R2', F0, 'may not specify both ipBlock and another peer')],
  },
  {
    name: 'R2 ipBlock and both selectors',
    mutate: (p) => (ingress0(p).from = [{ podSelector: {}, namespaceSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }]),
    expected: [err('R2', F0, 'may not specify both ipBlock and another peer')],
  },
  // ---- ipBlock ----
  {
    name: 'B1 ipBlock {}',
    mutate: (p) => (ipBlock(p).cidr = undefined),
    expected: [err('B1', [...IPB, 'cidr'], 'Required value')],
  },
  {
    name: 'B1 cidr ""',
    mutate: (p) => (ipBlock(p).cidr = ''),
    expected: [err('B1', [...IPB, 'cidr'], 'Required value')],
  },
  {
    name: 'B2 cidr not a CIDR (np-guard subdir1)',
    mutate: (p) => (ipBlock(p).cidr = 'A'),
    expected: [err('B2', [...IPB, 'cidr'], CIDR_MSG)],
  },
  {
    name: 'B2 cidr without a prefix',
    mutate: (p) => (ipBlock(p).cidr = '10.0.0.1'),
    expected: [err('B2', [...IPB, 'cidr'], CIDR_MSG)],
  },
  {
    name: 'B2 prefix too long',
    mutate: (p) => (ipBlock(p).cidr = '10.0.0.0/33'),
    expected: [err('B2', [...IPB, 'cidr'], CIDR_MSG)],
  },
  {
    name: 'B3 except not a CIDR',
    mutate: (p) => (ipBlock(p).except = ['10.0.0.0/8', '10.0.0.0/x']),
    expected: [err('B3', [...IPB, 'except', 1], CIDR_MSG)],
  },
  {
    name: 'B4 except equal to cidr',
    mutate: (p) => (ipBlock(p).except = ['0.0.0.0/0']),
    expected: [err('B4', [...IPB, 'except', 0], 'must be a strict subset of `cidr`')],
  },
  {
    name: 'B4 except outside cidr',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] }),
    expected: [err('B4', [...IPB, 'except', 0], 'must be a strict subset of `cidr`')],
  },
  {
    name: 'B4 except of the other family',
    mutate: (p) => (ipBlock(p).except = ['fd00::/8']),
    expected: [err('B4', [...IPB, 'except', 0], 'must be a strict subset of `cidr`')],
  },
  {
    name: 'B4 except larger than cidr',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '10.1.0.0/16', except: ['10.0.0.0/8'] }),
    expected: [err('B4', [...IPB, 'except', 0], 'must be a strict subset of `cidr`')],
  },
  // ---- policyTypes ----
  {
    name: 'S2 more than two',
    mutate: (p) => (spec(p).policyTypes = ['Ingress', 'Egress', 'bogus']),
    expected: [err('S2', ['spec', 'policyTypes'], 'may not specify more than two policyTypes')],
  },
  {
    name: 'S3 lower case',
    mutate: (p) => (spec(p).policyTypes = ['ingress']),
    expected: [
      err('S3', ['spec', 'policyTypes', 0], 'Unsupported value: "ingress": supported values: "Ingress", "Egress"'),
    ],
  },
  {
    name: 'S3 second item',
    mutate: (p) => (spec(p).policyTypes = ['Ingress', 'Both']),
    expected: [
      err('S3', ['spec', 'policyTypes', 1], 'Unsupported value: "Both": supported values: "Ingress", "Egress"'),
    ],
  },
  {
    name: 'S4 duplicate (P-12 warning)',
    mutate: (p) => (spec(p).policyTypes = ['Egress', 'Egress']),
    expected: [
      warn(
        'P-12',
        ['spec', 'policyTypes', 1],
        'duplicate policyType "Egress": accepted by the API server, but probably a mistake',
      ),
    ],
  },
  // ---- CIDR canonical form (P-25 warnings, worded like the server's GetWarningsForCIDR) ----
  {
    name: 'P-25 host bits',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '10.0.0.5/24', except: [] }),
    expected: [
      warn(
        'P-25',
        [...IPB, 'cidr'],
        'CIDR value "10.0.0.5/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.5/32"?)',
      ),
    ],
  },
  {
    name: 'P-25 leading zeros in an except',
    mutate: (p) => (ipBlock(p).except = ['010.0.0.0/8']),
    expected: [
      warn(
        'P-25',
        [...IPB, 'except', 0],
        'non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
      ),
    ],
  },
  {
    name: 'P-25 leading zeros in the prefix length and host bits: two warnings',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '10.0.0.1/08', except: [] }),
    expected: [
      warn(
        'P-25',
        [...IPB, 'cidr'],
        'CIDR value "10.0.0.1/08" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)',
      ),
      warn(
        'P-25',
        [...IPB, 'cidr'],
        'non-standard CIDR value "10.0.0.1/08" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
      ),
    ],
  },
  {
    name: 'P-25 IPv4-mapped IPv6',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '::ffff:10.0.0.0/104', except: [] }),
    expected: [
      warn(
        'P-25',
        [...IPB, 'cidr'],
        'non-standard CIDR value "::ffff:10.0.0.0/104" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
      ),
    ],
  },
  {
    name: 'P-25 non-RFC-5952 IPv6',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '2001:DB8:0::/32', except: [] }),
    expected: [
      warn(
        'P-25',
        [...IPB, 'cidr'],
        'IPv6 CIDR value "2001:DB8:0::/32" should be in RFC 5952 canonical format ("2001:db8::/32")',
      ),
    ],
  },
  {
    name: 'P-25 does not hide B4 (host bits in an except outside the cidr)',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '10.0.0.0/16', except: ['10.1.0.1/24'] }),
    expected: [
      warn(
        'P-25',
        [...IPB, 'except', 0],
        'CIDR value "10.1.0.1/24" is ambiguous in this context (should be "10.1.0.0/24" or "10.1.0.1/32"?)',
      ),
      err('B4', [...IPB, 'except', 0], 'must be a strict subset of `cidr`'),
    ],
  },
  // ---- structural type errors ----
  {
    name: 'type: ingress is a string',
    mutate: (p) => (spec(p).ingress = 'allow-all'),
    expected: [err('type', ['spec', 'ingress'], 'must be a list, got the string "allow-all"')],
  },
  {
    name: 'type: spec is a list',
    mutate: (p) => (p.spec = []),
    expected: [err('type', ['spec'], 'must be a mapping, got a list')],
  },
  {
    name: 'type: port is a float',
    mutate: (p) => (port(p).port = 80.5),
    expected: [err('type', [...P0, 'port'], 'must be an integer port number or a port name, got the number 80.5')],
  },
  {
    name: 'type: port is a boolean',
    mutate: (p) => (port(p).port = true),
    expected: [err('type', [...P0, 'port'], 'must be an integer port number or a port name, got the boolean true')],
  },
  {
    name: 'type: endPort is a string',
    mutate: (p) => Object.assign(port(p), { port: 80, endPort: '90' }),
    expected: [err('type', [...P0, 'endPort'], 'must be an integer, got the string "90"')],
  },
  {
    name: 'type: ports: [80]',
    mutate: (p) => (ingress0(p).ports = [80]),
    expected: [err('type', P0, 'must be a mapping like {protocol: TCP, port: 80}, got the number 80')],
  },
  {
    name: 'type: label value is a number',
    mutate: (p) => ((spec(p).podSelector as Obj).matchLabels = { version: 2 }),
    expected: [err('type', ['spec', 'podSelector', 'matchLabels', 'version'], 'must be a string, got the number 2')],
  },
  {
    name: 'type: name is a number',
    mutate: (p) => (meta(p).name = 42),
    expected: [err('type', ['metadata', 'name'], 'must be a string, got the number 42')],
  },
  {
    name: 'type: cidr is a number',
    mutate: (p) => (ipBlock(p).cidr = 10),
    expected: [err('type', [...IPB, 'cidr'], 'must be a string, got the number 10')],
  },
  {
    name: 'type: except is a string',
    mutate: (p) => (ipBlock(p).except = '10.0.0.0/8'),
    expected: [err('type', [...IPB, 'except'], 'must be a list, got the string "10.0.0.0/8"')],
  },
  {
    name: 'type: policyTypes item is a number',
    mutate: (p) => (spec(p).policyTypes = [1]),
    expected: [err('type', ['spec', 'policyTypes', 0], 'must be a string, got the number 1')],
  },
  {
    name: 'type: selector is a string',
    mutate: (p) => (from(p).podSelector = 'app=api'),
    expected: [err('type', [...F0, 'podSelector'], 'must be a mapping, got the string "app=api"')],
  },
];

describe('validateNetworkPolicy: each rule broken', () => {
  it.each(invalid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const p = base();
    c.mutate(p);
    expect(run(p)).toEqual(c.expected);
  });
});

/** Accepted by the API server: no findings at all. */
const valid: { name: string; mutate: (p: Obj) => void }[] = [
  {
    name: 'generateName instead of name',
    mutate: (p) => {
      delete meta(p).name;
      meta(p).generateName = 'web-';
    },
  },
  { name: 'name with dots', mutate: (p) => (meta(p).name = 'a.b.c') },
  {
    name: 'generateName "x.-" (upstream masks the last two characters)',
    mutate: (p) => {
      delete meta(p).name;
      meta(p).generateName = 'x.-';
    },
  },
  { name: 'name of 253 characters', mutate: (p) => (meta(p).name = 'a'.repeat(253)) },
  { name: 'namespace of 63 characters', mutate: (p) => (meta(p).namespace = 'n'.repeat(63)) },
  {
    name: 'label key with upper case name part',
    mutate: (p) => (meta(p).labels = { 'example.com/MyName': 'MyValue_1' }),
  },
  { name: 'annotation key case-insensitive prefix', mutate: (p) => (meta(p).annotations = { 'Example.COM/x': '' }) },
  { name: 'null label value (decoded as "")', mutate: (p) => (meta(p).labels = { app: null }) },
  { name: 'spec absent', mutate: (p) => delete p.spec },
  { name: 'spec null', mutate: (p) => (p.spec = null) },
  { name: 'podSelector absent', mutate: (p) => delete spec(p).podSelector },
  { name: 'podSelector {}', mutate: (p) => (spec(p).podSelector = {}) },
  { name: 'policyTypes []', mutate: (p) => (spec(p).policyTypes = []) },
  { name: 'policyTypes Egress only', mutate: (p) => (spec(p).policyTypes = ['Egress']) },
  { name: 'ingress []', mutate: (p) => (spec(p).ingress = []) },
  { name: 'ingress [null] (decoded as {})', mutate: (p) => (spec(p).ingress = [null]) },
  { name: 'ports [{}]', mutate: (p) => (ingress0(p).ports = [{}]) },
  { name: 'protocol null (defaulted)', mutate: (p) => (port(p).protocol = null) },
  { name: 'port 1 and 65535', mutate: (p) => (ingress0(p).ports = [{ port: 1 }, { port: 65535 }]) },
  { name: 'endPort == port', mutate: (p) => Object.assign(port(p), { port: 80, endPort: 80 }) },
  { name: 'endPort with SCTP', mutate: (p) => Object.assign(port(p), { protocol: 'SCTP', port: 80, endPort: 90 }) },
  { name: 'named port of 15 characters', mutate: (p) => (port(p).port = 'abcdefghijklmno') },
  { name: 'named port with digits and hyphens', mutate: (p) => (port(p).port = 'h2-c9') },
  { name: 'named port abc (np-guard subdir5: the API server accepts it)', mutate: (p) => (port(p).port = 'abc') },
  { name: 'peer namespaceSelector {}', mutate: (p) => (ingress0(p).from = [{ namespaceSelector: {} }]) },
  { name: 'from []', mutate: (p) => (ingress0(p).from = []) },
  {
    name: 'overlapping and duplicate excepts',
    mutate: (p) => (ipBlock(p).except = ['10.0.0.0/8', '10.0.0.0/8', '10.1.0.0/16']),
  },
  {
    name: 'excepts covering the whole cidr',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '10.0.0.0/8', except: ['10.0.0.0/9', '10.128.0.0/9'] }),
  },
  {
    name: 'except of a /32',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '10.0.0.0/31', except: ['10.0.0.1/32'] }),
  },
  {
    name: 'IPv6 ::/0 except fd00::/8',
    mutate: (p) => Object.assign(ipBlock(p), { cidr: '::/0', except: ['fd00::/8'] }),
  },
  {
    name: 'Exists with values []',
    mutate: (p) => (spec(p).podSelector = { matchExpressions: [{ key: 'a', operator: 'Exists', values: [] }] }),
  },
  {
    name: 'empty label value in In',
    mutate: (p) => (spec(p).podSelector = { matchExpressions: [{ key: 'a', operator: 'In', values: [''] }] }),
  },
  { name: 'status {} (ignored)', mutate: (p) => (p.status = {}) },
];

describe('validateNetworkPolicy: accepted variants', () => {
  it.each(valid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const p = base();
    c.mutate(p);
    expect(run(p)).toEqual([]);
  });
});

describe('validateNetworkPolicy: template parameters are not validated', () => {
  it('skips values with {{NAME}}', () => {
    const p = base();
    meta(p).name = '{{TENANT_NAME}}-allow';
    meta(p).namespace = 'tenant-{{TENANT_NAME}}';
    meta(p).labels = { tenant: '{{TENANT_NAME}}', '{{LABEL_KEY}}': 'x' };
    (spec(p).podSelector as Obj).matchLabels = { tenant: '{{ TENANT_NAME }}' };
    ipBlock(p).cidr = '{{TENANT_HYPERVISOR_CIDR}}';
    ipBlock(p).except = ['{{EXCLUDED_CIDR}}'];
    port(p).port = '{{PORT}}';
    port(p).protocol = '{{PROTOCOL}}';
    spec(p).policyTypes = ['{{TYPE}}'];
    expect(run(p)).toEqual([]);
  });
  it('still validates the non-template parts', () => {
    const p = base();
    meta(p).namespace = 'tenant-{{TENANT_NAME}}';
    port(p).port = 0;
    expect(run(p)).toEqual([err('P2', [...P0, 'port'], RANGE)]);
  });
  it('braces that are not a parameter are validated', () => {
    const p = base();
    ipBlock(p).cidr = '{{}}';
    expect(run(p)).toEqual([err('B2', [...IPB, 'cidr'], CIDR_MSG)]);
  });
});

describe('validateNetworkPolicy: fixes', () => {
  const fixOf = (mutate: (p: Obj) => void) => {
    const p = base();
    mutate(p);
    return validateNetworkPolicy(p).map((f) => f.fix);
  };
  it('suggests the canonical CIDR', () => {
    expect(fixOf((p) => Object.assign(ipBlock(p), { cidr: '10.0.0.1/8', except: [] }))).toEqual([
      'did you mean 10.0.0.0/8? (or 10.0.0.1/32 for the single address)',
    ]);
    expect(fixOf((p) => Object.assign(ipBlock(p), { cidr: '::ffff:10.0.0.0/104', except: [] }))).toEqual([
      'did you mean 10.0.0.0/8?',
    ]);
    expect(fixOf((p) => Object.assign(ipBlock(p), { cidr: '2001:db8::1/32', except: [] }))).toEqual([
      'did you mean 2001:db8::/32? (or 2001:db8::1/128 for the single address)',
    ]);
  });
  it('suggests a list item for a mapping where a list belongs', () => {
    expect(fixOf((p) => (ingress0(p).from = { podSelector: {} }))).toEqual(['make it a list item: start it with "- "']);
  });
  it('suggests the right case', () => {
    expect(fixOf((p) => (spec(p).policyTypes = ['egress']))).toEqual(['did you mean Egress?']);
    expect(fixOf((p) => (port(p).protocol = 'udp'))).toEqual(['did you mean UDP?']);
    expect(fixOf((p) => (port(p).port = '443'))).toEqual(['write the number unquoted: port: 443']);
  });
});

describe('validateNetworkPolicy: StrictIPCIDRValidation on', () => {
  const strict = (cidr: string, except: string[] = []) => {
    const p = base();
    Object.assign(ipBlock(p), { cidr, except });
    return validateNetworkPolicy(p, { strictCidr: true }).map(simple);
  };
  it.each([
    ['10.0.0.5/24', 'must not have bits set beyond the prefix length'],
    ['010.0.0.0/8', 'must not have leading 0s in IP or prefix length'],
    ['10.0.0.0/08', 'must not have leading 0s in IP or prefix length'],
    ['::ffff:10.0.0.0/104', 'must not have an IPv4-mapped IPv6 address'],
  ])('rejects cidr %s', (cidr, message) => {
    expect(strict(cidr)).toEqual([err('B2', [...IPB, 'cidr'], message)]);
  });
  it('rejects an except with host bits, and still checks B4', () => {
    expect(strict('10.0.0.0/8', ['10.1.0.1/16', '11.0.0.1/16'])).toEqual([
      err('B3', [...IPB, 'except', 0], 'must not have bits set beyond the prefix length'),
      err('B3', [...IPB, 'except', 1], 'must not have bits set beyond the prefix length'),
      err('B4', [...IPB, 'except', 1], 'must be a strict subset of `cidr`'),
    ]);
  });
  it('only warns on non-RFC-5952 IPv6, and accepts canonical CIDRs', () => {
    expect(strict('2001:DB8::/32').map((f) => f.code)).toEqual(['P-25']);
    expect(strict('0.0.0.0/0', ['10.0.0.0/8'])).toEqual([]);
  });
});

describe('lengths are UTF-8 bytes, as in Go', () => {
  it('utf8Length agrees with Buffer.byteLength', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
      }),
      { numRuns: 2000 },
    );
    expect(utf8Length('a\u{1F600}\ud800x')).toBe(1 + 4 + 3 + 1);
  });
  it('a label value of 32 two-byte characters is too long (64 bytes)', () => {
    const p = base();
    meta(p).labels = { app: 'é'.repeat(32) };
    expect(run(p).map((f) => f.message.replace(/^Invalid value: "[^"]*": /, ''))).toEqual([
      'must be no more than 63 characters',
      LABEL_VALUE_MSG,
    ]);
  });
});

describe('validateNetworkPolicy: never throws', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'NetworkPolicy'],
    ['a list', [1, 2]],
  ])('%s → a type error', (_n, v) => {
    expect(run(v)).toEqual([
      err('type', [], expect.stringMatching(/^must be a mapping \(a NetworkPolicy\), got /) as unknown as string),
    ]);
  });
  it('odd shapes', () => {
    const odd: unknown[] = [
      { metadata: [], spec: { ingress: [[], 'x', 3, { from: 'x', ports: {} }], egress: { to: [] } } },
      { spec: { podSelector: { matchExpressions: [null, 1, { key: 1, operator: 2, values: 'x' }] } } },
      { spec: { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: [null, 1, {}] } }] }] } },
      JSON.parse('{"__proto__": {"name": "x"}, "metadata": {"__proto__": 1, "labels": {"__proto__": "x"}}}'),
      { spec: { policyTypes: [null, undefined] } },
      Object.create(null),
    ];
    for (const o of odd) expect(() => validateNetworkPolicy(o)).not.toThrow();
  });
  it('fast-check: any value', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (v) => {
        const out = validateNetworkPolicy(v);
        expect(Array.isArray(out)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('fast-check: policy-shaped garbage', () => {
    const leaf = fc.oneof(
      fc.constantFrom('', 'TCP', 'In', 'Ingress', '10.0.0.0/8', '{{X}}', 'a--b'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const any = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom(
            'metadata',
            'name',
            'namespace',
            'labels',
            'spec',
            'podSelector',
            'matchLabels',
            'matchExpressions',
            'key',
            'operator',
            'values',
            'ingress',
            'egress',
            'from',
            'to',
            'ports',
            'port',
            'endPort',
            'protocol',
            'ipBlock',
            'cidr',
            'except',
            'namespaceSelector',
            'policyTypes',
            '__proto__',
          ),
          tie('node'),
          { maxKeys: 4 },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(any, (v) => {
        for (const f of validateNetworkPolicy({ metadata: { name: 'x', namespace: 'y' }, spec: v })) {
          expect(typeof f.message).toBe('string');
          expect(Array.isArray(f.path)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

// ---- conformance corpora (../shared; skipped with one line when absent) ---------------------------

const CONFORMANCE = sharedPath('conformance');
const yamlFiles = (dir: string) => filesUnder(dir, /\.ya?ml$/i);

function policiesIn(file: string): Obj[] {
  const out: Obj[] = [];
  const visit = (doc: unknown) => {
    if (!doc || typeof doc !== 'object') return;
    const o = doc as Obj;
    if (o.kind === 'NetworkPolicy') out.push(o);
    else if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) o.items.forEach(visit);
  };
  loadAll(readFileSync(file, 'utf8'), visit);
  return out;
}

describe.skipIf(!hasShared)('conformance: real-world policies are accepted', () => {
  const files = yamlFiles(join(CONFORMANCE, 'real-world'));
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(policiesIn).length).toBeGreaterThan(20);
  });
  it.each(files.map((f) => [relative(CONFORMANCE, f), f]))('%s', (_rel, file) => {
    for (const p of policiesIn(file)) {
      expect(validateNetworkPolicy(p).filter((f) => f.severity === 'error')).toEqual([]);
    }
  });
});

describe.skipIf(!hasShared)('conformance: recipes and policy-assistant examples are accepted', () => {
  const files = [...yamlFiles(join(CONFORMANCE, 'recipes')), ...yamlFiles(join(CONFORMANCE, 'policy-assistant'))];
  it.each(files.map((f) => [relative(CONFORMANCE, f), f]))('%s', (_rel, file) => {
    for (const p of policiesIn(file)) {
      expect(validateNetworkPolicy(p).filter((f) => f.severity === 'error')).toEqual([]);
    }
  });
});

describe.skipIf(!hasShared)('conformance: np-guard bad_netpols', () => {
  const dir = join(CONFORMANCE, 'np-guard/scenarios/bad_netpols/input');
  const codesOf = (sub: string, file = 'netpols.yaml') =>
    policiesIn(join(dir, sub, file)).map((p) =>
      validateNetworkPolicy(p)
        .filter((f) => f.severity === 'error')
        .map((f) => `${f.code} ${f.path.join('.')}`),
    );
  it('subdir1: cidr "A" is not a CIDR', () => {
    expect(codesOf('subdir1')).toEqual([['B2 spec.ingress.2.from.0.ipBlock.cidr']]);
  });
  it('subdir2: matchLabels key app@b', () => {
    expect(codesOf('subdir2')).toEqual([['L6 spec.podSelector.matchLabels']]);
  });
  it('subdir3: podSelector with ipBlock', () => {
    expect(codesOf('subdir3')).toEqual([['R2 spec.ingress.0.from.0']]);
  });
  it('subdir4: from: [{}]', () => {
    expect(codesOf('subdir4')).toEqual([['R1 spec.ingress.0.from.0']]);
  });
  it('subdir5 and subdir6: the named port "abc" is valid for the API server (np-guard rejects it against its pods)', () => {
    expect(codesOf('subdir5')).toEqual([[]]);
    expect(codesOf('subdir6')).toEqual([[]]);
  });
  it('subdir7: label value $backendservice', () => {
    expect(codesOf('subdir7', 'resources.yaml')).toEqual([[], ['L6 spec.egress.0.to.0.podSelector.matchLabels'], []]);
  });
});

describe.skipIf(!hasShared)('conformance: the seed guide', () => {
  it('has policies the API server accepts (its pitfalls are lint findings, not rejections)', () => {
    const { policies } = read(readFileSync(SEED_GUIDE, 'utf8'), { file: SEED_GUIDE });
    expect(policies.length).toBeGreaterThan(5);
    for (const { policy, key } of policies) {
      expect(
        validateNetworkPolicy(policy).filter((f) => f.severity === 'error'),
        key,
      ).toEqual([]);
    }
  });
});
