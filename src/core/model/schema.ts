/**
 * The field types of the objects the core reads, as the Kubernetes API declares them (the OpenAPI v2
 * definitions `io.k8s.api.networking.v1.*`, `io.k8s.apimachinery.pkg.apis.meta.v1.*`, `io.k8s.api.core.v1.*`),
 * transcribed as data. `src/core/read/door.ts` applies a schema to a parsed YAML value: that is the one place
 * where a value's type is checked, so nothing after it (classification, graph, analysis, lint, explain,
 * generators, the designer) ever sees a wrongly typed value.
 *
 * Only fields the core reads are described; every other field is kept as written and never read.
 * tests/core/schema.test.ts checks every field here against `kubernetes-types` (generated from the OpenAPI spec).
 *
 * To describe a new kind (ClusterNetworkPolicy, AdminNetworkPolicy, flow logs, test files…), build its schema
 * from these constructors and pass it to `admit`:
 *
 * ```ts
 * const ADMIN_POLICY = object({ metadata: OBJECT_META, spec: object({ priority: integer(), subject: … }) });
 * const { value, findings, rejected } = admit(raw, ADMIN_POLICY);
 * ```
 *
 * Decoding follows Go's (the API server's): `null` is the zero value (an absent field; `''` in a map of strings
 * or a list of strings; `{}` in a list of objects), and a wrongly typed value is answered with a type error and
 * replaced by the zero value, so list indices (and so the positions of later findings) stay as written.
 */

/** What a value of a field may be. */
export type Schema =
  | { readonly type: 'string'; readonly hint?: Hint }
  | { readonly type: 'integer'; readonly hint?: Hint }
  | { readonly type: 'intOrString'; readonly hint?: Hint }
  | { readonly type: 'boolean'; readonly hint?: Hint }
  | { readonly type: 'list'; readonly items: Schema; readonly hint?: Hint }
  | { readonly type: 'map'; readonly values: Schema; readonly hint?: Hint }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Schema>>; readonly hint?: Hint };

/** How to word a type error at one field: what it must be, and a one-line fix for a given wrong value. */
export interface Hint {
  /** Replaces the default wording of what the value must be (`a string`, `a mapping`…). */
  readonly expected?: string;
  /** A suggestion for this wrong value, or undefined for the default one. */
  readonly fix?: (got: unknown) => string | undefined;
}

/** A UTF-16 string. */
export const string = (hint?: Hint): Schema => ({ type: 'string', ...(hint ? { hint } : {}) });
/** An `int32`: an integer from −2³¹ to 2³¹−1 (a float such as 80.5 fails to decode). */
export const integer = (hint?: Hint): Schema => ({ type: 'integer', ...(hint ? { hint } : {}) });
/** `intstr.IntOrString`: an int32 or a string. */
export const intOrString = (hint?: Hint): Schema => ({ type: 'intOrString', ...(hint ? { hint } : {}) });
export const boolean = (hint?: Hint): Schema => ({ type: 'boolean', ...(hint ? { hint } : {}) });
/** A list (`[]T`). */
export const list = (items: Schema, hint?: Hint): Schema => ({ type: 'list', items, ...(hint ? { hint } : {}) });
/** A map from strings to `values` (`map[string]T`). */
export const map = (values: Schema, hint?: Hint): Schema => ({ type: 'map', values, ...(hint ? { hint } : {}) });
/** `map[string]string`: labels, annotations, matchLabels. */
export const stringMap = (hint?: Hint): Schema => map(string(), hint);
/** A struct: the named fields are typed, any other field is kept untyped (and never read). */
export const object = (fields: Record<string, Schema>, hint?: Hint): Schema => ({
  type: 'object',
  fields,
  ...(hint ? { hint } : {}),
});

// ---- meta/v1 ----------------------------------------------------------------------------------------

/** `OwnerReference`, as far as the inventory reads it. */
export const OWNER_REFERENCE = object({
  apiVersion: string(),
  kind: string(),
  name: string(),
  uid: string(),
  controller: boolean(),
});

/** `ObjectMeta`: the fields the core reads. */
export const OBJECT_META = object({
  name: string(),
  generateName: string(),
  namespace: string(),
  labels: stringMap(),
  annotations: stringMap(),
  ownerReferences: list(OWNER_REFERENCE),
});

/** `LabelSelectorRequirement`. */
export const LABEL_SELECTOR_REQUIREMENT = object(
  { key: string(), operator: string(), values: list(string()) },
  { expected: 'a mapping like {key: app, operator: In, values: [web]}' },
);

/** `LabelSelector`. */
export const LABEL_SELECTOR = object({
  matchLabels: stringMap(),
  matchExpressions: list(LABEL_SELECTOR_REQUIREMENT),
});

// ---- networking/v1 ----------------------------------------------------------------------------------

/** `IPBlock`. */
export const IP_BLOCK = object({ cidr: string(), except: list(string()) });

/** `NetworkPolicyPeer`. */
export const NETWORK_POLICY_PEER = object(
  { podSelector: LABEL_SELECTOR, namespaceSelector: LABEL_SELECTOR, ipBlock: IP_BLOCK },
  { expected: 'a mapping with podSelector, namespaceSelector or ipBlock' },
);

/** `NetworkPolicyPort`. */
export const NETWORK_POLICY_PORT = object(
  {
    protocol: string(),
    port: intOrString({ expected: 'an integer port number or a port name' }),
    endPort: integer(),
  },
  {
    expected: 'a mapping like {protocol: TCP, port: 80}',
    fix: (got) => (typeof got === 'number' ? `write {protocol: TCP, port: ${String(got)}}` : undefined),
  },
);

const rule = (peersKey: 'from' | 'to'): Schema =>
  object(
    { [peersKey]: list(NETWORK_POLICY_PEER), ports: list(NETWORK_POLICY_PORT) },
    { expected: `a mapping (a rule with ${peersKey} and ports)` },
  );

/** `NetworkPolicyIngressRule`. */
export const NETWORK_POLICY_INGRESS_RULE = rule('from');
/** `NetworkPolicyEgressRule`. */
export const NETWORK_POLICY_EGRESS_RULE = rule('to');

/** `NetworkPolicySpec`. */
export const NETWORK_POLICY_SPEC = object({
  podSelector: LABEL_SELECTOR,
  ingress: list(NETWORK_POLICY_INGRESS_RULE),
  egress: list(NETWORK_POLICY_EGRESS_RULE),
  policyTypes: list(string()),
});

/** `NetworkPolicy` (networking.k8s.io/v1). */
export const NETWORK_POLICY = object(
  { apiVersion: string(), kind: string(), metadata: OBJECT_META, spec: NETWORK_POLICY_SPEC },
  { expected: 'a mapping (a NetworkPolicy)' },
);

// ---- core/v1 and apps/v1, batch/v1: what the inventory reads --------------------------------------

/** `ContainerPort`. */
export const CONTAINER_PORT = object({ name: string(), containerPort: integer(), protocol: string() });

const CONTAINER = object({ name: string(), ports: list(CONTAINER_PORT) });

/** `PodSpec`: containers' ports and hostNetwork. */
export const POD_SPEC = object({
  containers: list(CONTAINER),
  initContainers: list(CONTAINER),
  hostNetwork: boolean(),
});

/** `PodTemplateSpec`. */
export const POD_TEMPLATE_SPEC = object({ metadata: OBJECT_META, spec: POD_SPEC });

/** `Pod`, with the status fields that give its IPs. */
export const POD = object({
  apiVersion: string(),
  kind: string(),
  metadata: OBJECT_META,
  spec: POD_SPEC,
  status: object({ podIP: string(), podIPs: list(object({ ip: string() })) }),
});

/** `ServicePort`. */
export const SERVICE_PORT = object({ name: string(), protocol: string(), port: integer(), targetPort: intOrString() });

/** `Service`: the selector and ports the linter compares with policies (P-16). */
export const SERVICE = object({
  apiVersion: string(),
  kind: string(),
  metadata: OBJECT_META,
  spec: object({ selector: stringMap(), ports: list(SERVICE_PORT) }),
});

/** `Namespace`. */
export const NAMESPACE = object({ apiVersion: string(), kind: string(), metadata: OBJECT_META });

/** Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController: `spec.template`. */
export const WORKLOAD = object({
  apiVersion: string(),
  kind: string(),
  metadata: OBJECT_META,
  spec: object({ template: POD_TEMPLATE_SPEC }),
});

/** CronJob: `spec.jobTemplate.spec.template`. */
export const CRON_JOB = object({
  apiVersion: string(),
  kind: string(),
  metadata: OBJECT_META,
  spec: object({ jobTemplate: object({ metadata: OBJECT_META, spec: object({ template: POD_TEMPLATE_SPEC }) }) }),
});
