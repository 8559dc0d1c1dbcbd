/**
 * JSON schema for the editor (monaco-yaml): a faithful subset of networking.k8s.io/v1 NetworkPolicy.
 * Known objects are closed (`additionalProperties: false`) so a typo such as `namespaceSelecter` is flagged
 * where it is typed. The NetworkPolicy shape applies only to documents whose kind is NetworkPolicy (and to the
 * items of a List / NetworkPolicyList), so Namespaces, ServiceMonitors or Gatekeeper objects in the same file
 * are never rejected. The core validates the semantics (CIDRs, port ranges, label syntax); this schema is only
 * the shape, for squiggles and completion while typing.
 */
import type { JSONSchema } from 'monaco-yaml';

const labelSelectorRequirement: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'operator'],
  properties: {
    key: { type: 'string', description: 'The label key that the selector applies to.' },
    operator: {
      type: 'string',
      enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
      description: 'In and NotIn need values; Exists and DoesNotExist need none.',
    },
    values: { type: 'array', items: { type: 'string' } },
  },
};

const labelSelector: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'A label query. {} selects everything; matchLabels and matchExpressions are ANDed.',
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: { type: 'array', items: labelSelectorRequirement },
  },
};

const ipBlock: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cidr'],
  properties: {
    cidr: { type: 'string', description: 'e.g. 10.0.0.0/8 or 2001:db8::/64' },
    except: { type: 'array', items: { type: 'string' }, description: 'CIDRs inside cidr that are not allowed.' },
  },
};

const peer: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    'One peer. podSelector and namespaceSelector in the SAME peer are ANDed; separate list items are ORed. ipBlock stands alone.',
  properties: {
    podSelector: labelSelector,
    namespaceSelector: labelSelector,
    ipBlock,
  },
};

const port: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'], description: 'Defaults to TCP.' },
    port: {
      type: ['integer', 'string'],
      description: 'A port number (1-65535) or a named container port. Absent: every port of the protocol.',
    },
    endPort: { type: 'integer', description: 'With a numeric port: the last port of the range (inclusive).' },
  },
};

const ingressRule: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: ['array', 'null'], items: peer, description: 'Absent or empty: from everywhere.' },
    ports: { type: ['array', 'null'], items: port, description: 'Absent or empty: all ports.' },
  },
};

const egressRule: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    to: { type: ['array', 'null'], items: peer, description: 'Absent or empty: to everywhere.' },
    ports: { type: ['array', 'null'], items: port, description: 'Absent or empty: all ports.' },
  },
};

const objectMeta: JSONSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
    annotations: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
  },
};

const networkPolicySpec: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['podSelector'],
  properties: {
    podSelector: { ...labelSelector, description: 'The pods this policy applies to; {} = every pod in the namespace.' },
    policyTypes: {
      type: 'array',
      items: { type: 'string', enum: ['Ingress', 'Egress'] },
      description: 'Defaults to [Ingress], plus Egress when egress rules are present. Write it explicitly.',
    },
    ingress: { type: ['array', 'null'], items: ingressRule },
    egress: { type: ['array', 'null'], items: egressRule },
  },
};

const networkPolicy: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'networking.k8s.io/v1' },
    kind: { const: 'NetworkPolicy' },
    metadata: objectMeta,
    spec: networkPolicySpec,
    // `kubectl get -o yaml` output carries a status stanza; it is harmless.
    status: { type: 'object' },
  },
};

const isKind = (kind: string): JSONSchema => ({
  properties: { kind: { const: kind } },
  required: ['kind'],
});

export const networkPolicySchema: JSONSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Kubernetes objects (NetworkPolicy checked in full)',
  type: 'object',
  allOf: [
    { if: isKind('NetworkPolicy'), then: networkPolicy },
    {
      if: isKind('NetworkPolicyList'),
      // Items of a typed list may omit apiVersion and kind (they are implied by the list).
      then: { properties: { items: { type: 'array', items: { ...networkPolicy, required: ['metadata', 'spec'] } } } },
    },
    {
      if: isKind('List'),
      then: {
        properties: {
          items: {
            type: 'array',
            items: { type: 'object', allOf: [{ if: isKind('NetworkPolicy'), then: networkPolicy }] },
          },
        },
      },
    },
  ],
};
