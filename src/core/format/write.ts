/**
 * Canonical, `kubectl apply`-able YAML (netpol-semantics.md §1.9): stable key order (apiVersion, kind,
 * metadata, spec), explicit policyTypes and protocols, integer ports, `podSelector: {}` written out, empty
 * lists left out (the server drops them anyway), selectors with sorted matchLabels. Fields the tool does
 * not know are kept, after the known ones, so nothing the user wrote is lost. Server-populated metadata
 * (uid, resourceVersion, managedFields…) and `status` are dropped, so a `kubectl get -o yaml` dump
 * becomes applicable manifests.
 */
import { DEFAULT_SCALAR_STYLE_RULES, dump, SCALAR_STYLE, type ScalarStyleRule } from 'js-yaml';
import { isRecord, setOwn } from '../model/clone.ts';
import { effectivePolicyTypes } from '../model/normalize.ts';
import { read, isListKind, type ReadOptions } from '../read/read.ts';
import type { KubeObject, LabelSelector, NetworkPolicy, ReadResult } from '../model/types.ts';

type Obj = Record<string, unknown>;

const SERVER_METADATA = new Set([
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Copies `source`'s keys that are not in `known` into `target`, in their order. */
function keepUnknown(target: Obj, source: Obj, known: readonly string[]): Obj {
  for (const [k, v] of Object.entries(source)) if (!known.includes(k) && v !== undefined) setOwn(target, k, v);
  return target;
}

function sortedMap(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const out: Obj = {};
  for (const k of Object.keys(value).sort()) setOwn(out, k, value[k]);
  return out;
}

export function canonicalSelector(selector: unknown): unknown {
  if (!isRecord(selector)) return selector === null || selector === undefined ? {} : selector;
  const out: Obj = {};
  if (isRecord(selector.matchLabels) && Object.keys(selector.matchLabels).length)
    out.matchLabels = sortedMap(selector.matchLabels);
  if (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length) {
    out.matchExpressions = selector.matchExpressions.map((e) => {
      if (!isRecord(e)) return e;
      const expr: Obj = { key: e.key, operator: e.operator };
      if (Array.isArray(e.values) ? e.values.length > 0 : e.values !== undefined && e.values !== null)
        expr.values = e.values;
      return keepUnknown(expr, e, ['key', 'operator', 'values']);
    });
  }
  return keepUnknown(out, selector, ['matchLabels', 'matchExpressions']);
}

function canonicalPeer(peer: unknown): unknown {
  if (!isRecord(peer)) return peer;
  const out: Obj = {};
  if (isRecord(peer.ipBlock)) {
    const ib: Obj = { cidr: peer.ipBlock.cidr };
    if (Array.isArray(peer.ipBlock.except) && peer.ipBlock.except.length) ib.except = peer.ipBlock.except;
    out.ipBlock = keepUnknown(ib, peer.ipBlock, ['cidr', 'except']);
  } else if (peer.ipBlock !== undefined && peer.ipBlock !== null) out.ipBlock = peer.ipBlock;
  // A null selector is an absent one (a nil pointer); `{}` is a present, empty one: they differ.
  if (peer.namespaceSelector !== undefined && peer.namespaceSelector !== null)
    out.namespaceSelector = canonicalSelector(peer.namespaceSelector);
  if (peer.podSelector !== undefined && peer.podSelector !== null)
    out.podSelector = canonicalSelector(peer.podSelector);
  return keepUnknown(out, peer, ['ipBlock', 'namespaceSelector', 'podSelector']);
}

function canonicalPort(port: unknown): unknown {
  if (!isRecord(port)) return port;
  const out: Obj = { protocol: port.protocol ?? 'TCP' };
  if (port.port !== undefined && port.port !== null) out.port = port.port;
  if (port.endPort !== undefined && port.endPort !== null) out.endPort = port.endPort;
  return keepUnknown(out, port, ['protocol', 'port', 'endPort']);
}

function canonicalRule(rule: unknown, peersKey: 'from' | 'to'): unknown {
  if (!isRecord(rule)) return rule;
  const out: Obj = {};
  if (Array.isArray(rule[peersKey]) && rule[peersKey].length) out[peersKey] = rule[peersKey].map(canonicalPeer);
  else if (rule[peersKey] !== undefined && rule[peersKey] !== null && !Array.isArray(rule[peersKey]))
    out[peersKey] = rule[peersKey];
  if (Array.isArray(rule.ports) && rule.ports.length) out.ports = rule.ports.map(canonicalPort);
  else if (rule.ports !== undefined && rule.ports !== null && !Array.isArray(rule.ports)) out.ports = rule.ports;
  return keepUnknown(out, rule, [peersKey, 'ports']);
}

function canonicalMetadata(metadata: unknown): Obj {
  if (!isRecord(metadata)) return {};
  const out: Obj = {};
  if (metadata.name !== undefined) out.name = metadata.name;
  if (metadata.namespace !== undefined && metadata.namespace !== null && metadata.namespace !== '')
    out.namespace = metadata.namespace;
  if (isRecord(metadata.labels) && Object.keys(metadata.labels).length) out.labels = sortedMap(metadata.labels);
  if (isRecord(metadata.annotations)) {
    const annotations = sortedMap(metadata.annotations) as Obj;
    delete annotations[LAST_APPLIED];
    if (Object.keys(annotations).length) out.annotations = annotations;
  }
  // Own keys only: `k in out` is true for `constructor` and other inherited names, which were dropped.
  for (const [k, v] of Object.entries(metadata))
    if (
      !Object.hasOwn(out, k) &&
      !['name', 'namespace', 'labels', 'annotations'].includes(k) &&
      !SERVER_METADATA.has(k) &&
      v !== undefined
    )
      setOwn(out, k, v);
  return out;
}

/** The canonical form of one NetworkPolicy object (meaning unchanged; see the module comment). */
export function canonicalPolicy(policy: NetworkPolicy | KubeObject): NetworkPolicy {
  const raw = policy as Obj;
  const spec = isRecord(raw.spec) ? raw.spec : {};
  const types = effectivePolicyTypes(policy as NetworkPolicy);
  const outSpec: Obj = { podSelector: canonicalSelector(spec.podSelector) };
  // Explicit policyTypes, so that defaulting can never change the meaning (e.g. when egress rules are added).
  // Values the server would reject are kept as written so the error stays visible.
  const writtenTypes = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  outSpec.policyTypes = writtenTypes.some((t) => t !== 'Ingress' && t !== 'Egress') ? writtenTypes : types;
  if (Array.isArray(spec.ingress) && spec.ingress.length)
    outSpec.ingress = spec.ingress.map((r) => canonicalRule(r, 'from'));
  else if (spec.ingress !== undefined && spec.ingress !== null && !Array.isArray(spec.ingress))
    outSpec.ingress = spec.ingress;
  if (Array.isArray(spec.egress) && spec.egress.length) outSpec.egress = spec.egress.map((r) => canonicalRule(r, 'to'));
  else if (spec.egress !== undefined && spec.egress !== null && !Array.isArray(spec.egress))
    outSpec.egress = spec.egress;
  keepUnknown(outSpec, spec, ['podSelector', 'policyTypes', 'ingress', 'egress']);
  const out: Obj = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: canonicalMetadata(raw.metadata),
    spec: outSpec,
  };
  return keepUnknown(out, raw, ['apiVersion', 'kind', 'metadata', 'spec', 'status']) as NetworkPolicy;
}

/** YAML text of one object, in the project's style. */
export function dumpObject(value: unknown): string {
  const out = dump(value, { lineWidth: -1, noRefs: true, skipInvalid: true });
  // js-yaml writes a plain key such as `--- x` at column 0, where it reads back as a document marker (the
  // key vanished and a document appeared; found by the fuzz suite). Quote such scalars then.
  return MARKER_LINE.test(out)
    ? dump(value, { lineWidth: -1, noRefs: true, skipInvalid: true, scalarStyleRules: MARKER_SAFE_RULES })
    : out;
}

const MARKER_LINE = /^(---|\.\.\.)([ \t]|$)/m;
const MARKER_SAFE_RULES: readonly ScalarStyleRule[] = [
  ...Object.values(DEFAULT_SCALAR_STYLE_RULES),
  (layout) => {
    if (layout.style === SCALAR_STYLE.PLAIN && /^(---|\.\.\.)([ \t]|$)/.test(layout.node.value))
      layout.style = SCALAR_STYLE.SINGLE_QUOTED;
  },
];

/** Canonical YAML for a list of policies: one document each, separated by `---`. */
export function writePolicies(policies: readonly (NetworkPolicy | KubeObject)[]): string {
  return policies.map((p) => dumpObject(canonicalPolicy(p))).join('---\n');
}

/** The canonical text of one parsed document value: policies canonicalised, Lists item by item. */
export function canonicalDocumentValue(value: unknown): unknown {
  if (!isRecord(value)) return value;
  if (value.kind === 'NetworkPolicy') return canonicalPolicy(value as KubeObject);
  if (isListKind(value.kind) && Array.isArray(value.items)) {
    const implied = value.kind === 'NetworkPolicyList';
    if (!value.items.some((i) => isRecord(i) && (i.kind === 'NetworkPolicy' || (implied && i.kind === undefined))))
      return value;
    const out: Obj = { apiVersion: value.apiVersion ?? 'v1', kind: value.kind };
    out.items = value.items.map((i) =>
      isRecord(i) && (i.kind === 'NetworkPolicy' || (implied && i.kind === undefined)) ? canonicalPolicy(i) : i,
    );
    return keepUnknown(out, value, ['apiVersion', 'kind', 'items', 'metadata']);
  }
  return value;
}

function documentHasPolicy(result: ReadResult, doc: number): boolean {
  return result.policies.some((p) => p.source.doc === doc);
}

/** A document holding a policy with wrongly typed values: the door kept them out of the model, fmt keeps its text. */
export function documentIsWronglyTyped(result: ReadResult, doc: number): boolean {
  return result.policies.some((p) => p.source.doc === doc && p.rejected !== undefined);
}

/**
 * `netpol fmt`: every NetworkPolicy document rewritten canonically; every other document (other kinds,
 * comments-only, syntax errors, policies with wrongly typed values) passed through byte for byte. A Markdown guide gives its YAML documents.
 */
export function formatText(text: string, options: ReadOptions = {}): string {
  return formatRead(read(text, options));
}

export function formatRead(result: ReadResult): string {
  const parts: string[] = [];
  for (const doc of result.documents) {
    if (!doc.syntaxError && documentHasPolicy(result, doc.index) && !documentIsWronglyTyped(result, doc.index)) {
      parts.push(dumpObject(canonicalDocumentValue(doc.value)));
    } else if (/\S/.test(doc.body)) {
      // Keep other documents exactly, ensuring the separator that follows starts on its own line.
      parts.push(doc.body.endsWith('\n') ? doc.body : `${doc.body}\n`);
    }
  }
  return parts.join('---\n');
}

export type { LabelSelector };
