/**
 * Text → NetworkPolicies, inventory, other objects and positioned diagnostics. Never throws.
 *
 * Each document is parsed on its own (so a syntax error costs only that document, and an editor can re-read
 * only the documents that changed: `read` takes a cache of bodies already parsed).
 */
import { isRecord } from '../model/clone.ts';
import { policyNamespace } from '../model/normalize.ts';
import { NAMESPACE_NAME_LABEL, namespaceFromObject, workloadFromObject, WORKLOAD_KINDS } from './inventory.ts';
import { collectTemplateParams } from './template.ts';
import type {
  FieldPath,
  Diagnostic,
  Finding,
  KubeObject,
  NetworkPolicy,
  ObjectSource,
  PolicyEntry,
  ReadResult,
  SourceDocument,
} from '../model/types.ts';
import { validateAdmittedNetworkPolicy } from './validate.ts';
import { admit, isUnderRejected, type Admitted } from './door.ts';
import { CRON_JOB, NAMESPACE, NETWORK_POLICY, POD, SERVICE, WORKLOAD } from '../model/schema.ts';
import { validateAdminPolicy } from './validateAdmin.ts';
import { adminKeyOf, isAdminKind, type AdminKind } from '../model/admin.ts';
import { splitText } from '../yaml/documents.ts';
import {
  formatPath,
  LineIndex,
  parseYamlDocument,
  createLocator,
  YAML_LIMITS,
  type Locator,
  type NodeRange,
  type ParseOutcome,
} from '../yaml/parse.ts';

export interface ReadOptions {
  file?: string;
  /** `auto` recognises a Markdown guide with ```yaml fences. */
  format?: 'auto' | 'yaml' | 'markdown';
  /** Parsed bodies from a previous read, reused when a document's text is unchanged. */
  cache?: ParseCache;
}

/** Document body → parse outcome. Bounded so a long editing session does not grow without limit. */
export class ParseCache {
  private map = new Map<string, ParseOutcome>();
  private readonly capacity: number;
  /**
   * Per parsed NetworkPolicy object (a cached body's value, or an item of its List): what reading it as a policy
   * gives. It depends on the object alone, and the object is the same for the same body, so an edit re-checks
   * only the documents it changed (the door and the validation of 1,000 policies took a third of a keystroke).
   */
  private readonly policies = new WeakMap<object, PolicyReading>();
  constructor(capacity = 20_000) {
    this.capacity = capacity;
  }
  get(body: string): ParseOutcome | undefined {
    return this.map.get(body);
  }
  set(body: string, outcome: ParseOutcome): void {
    if (this.map.size >= this.capacity) this.map.clear();
    this.map.set(body, outcome);
  }
  /** `raw`'s reading as a NetworkPolicy, computed once per object. */
  policyReading(raw: KubeObject, mayHaveParams: boolean): PolicyReading {
    let reading = this.policies.get(raw);
    if (!reading || reading.mayHaveParams !== mayHaveParams) {
      reading = readPolicyObject(raw, mayHaveParams);
      this.policies.set(raw, reading);
    }
    return reading;
  }
}

/** A parsed object read as a NetworkPolicy: everything of it that depends on the object alone. */
interface PolicyReading {
  door: Admitted<NetworkPolicy>;
  /** The API server's rules on the admitted policy (validateAdmittedNetworkPolicy). */
  validation: Finding[];
  /** `{{NAME}}` parameters, each with the path of its first use; none unless `mayHaveParams`. */
  templateParams: string[];
  templatePaths: FieldPath[];
  mayHaveParams: boolean;
}

function readPolicyObject(raw: KubeObject, mayHaveParams: boolean): PolicyReading {
  // The door: from here on every field the core reads has its API type (see door.ts).
  const door = admit<NetworkPolicy>(raw, NETWORK_POLICY);
  const templateParams = mayHaveParams ? collectTemplateParams(raw) : [];
  return {
    door,
    validation: validateAdmittedNetworkPolicy(door.value, door.rejected),
    templateParams,
    templatePaths: templateParams.map((name) => firstPathWith(raw, `{{`, name) ?? []),
    mayHaveParams,
  };
}

const LIST_ITEM_KIND: Record<string, string> = {
  NetworkPolicyList: 'NetworkPolicy',
  PodList: 'Pod',
  NamespaceList: 'Namespace',
  DeploymentList: 'Deployment',
  ReplicaSetList: 'ReplicaSet',
  StatefulSetList: 'StatefulSet',
  DaemonSetList: 'DaemonSet',
  JobList: 'Job',
  CronJobList: 'CronJob',
  ReplicationControllerList: 'ReplicationController',
  ServiceList: 'Service',
  ClusterNetworkPolicyList: 'ClusterNetworkPolicy',
  AdminNetworkPolicyList: 'AdminNetworkPolicy',
  BaselineAdminNetworkPolicyList: 'BaselineAdminNetworkPolicy',
};

export function isListKind(kind: unknown): boolean {
  return kind === 'List' || (typeof kind === 'string' && kind.endsWith('List') && kind.length > 4);
}

/** A policy's key: `namespace/name`, namespace `default` when absent (as np-guard and kubectl's default context). */
export function policyKey(policy: NetworkPolicy): string {
  return `${policyNamespace(policy)}/${policy.metadata?.name ?? ''}`;
}

interface PendingFinding {
  finding: Finding;
  source: ObjectSource;
  object?: string;
}

export function read(text: string, options: ReadOptions = {}): ReadResult {
  const { documents, trailer } = splitText(text, options.format);
  const result: ReadResult = {
    ...(options.file !== undefined ? { file: options.file } : {}),
    text,
    documents,
    policies: [],
    adminPolicies: [],
    inventory: { namespaces: [], workloads: [] },
    others: [],
    diagnostics: [],
    trailer,
  };
  const pending: PendingFinding[] = [];
  const lines = new LazyLineIndex(text);
  const keys = new Map<string, number>();
  const adminKeys = new Map<string, number>();

  // Whether the current document's text can hold a `{{param}}`: a literal `{{`, or an escape in a
  // double-quoted scalar that could spell one. Saves walking every value of the (common) documents without.
  let mayHaveParams = true;
  for (const doc of documents) {
    if (doc.index >= YAML_LIMITS.maxDocuments) {
      // Unread documents keep no value: fmt and graph edits pass their text through unchanged.
      if (!/\S/.test(doc.body)) continue;
      result.diagnostics.push({
        severity: 'error',
        code: 'too-many-documents',
        message: `more than ${YAML_LIMITS.maxDocuments.toLocaleString('en-US')} documents: the rest are kept as they are but not read or checked (limit ${YAML_LIMITS.maxDocuments.toLocaleString('en-US')} per input)`,
        ...(options.file !== undefined ? { file: options.file } : {}),
        ...lines.get().position(doc.startOffset),
      });
      break;
    }
    mayHaveParams = doc.body.includes('{{') || doc.body.includes('\\');
    let outcome = options.cache?.get(doc.body);
    if (!outcome) {
      outcome = parseYamlDocument(doc.body);
      options.cache?.set(doc.body, outcome);
    }
    if (!outcome.ok) {
      doc.syntaxError = true;
      const pos = lines.get().position(doc.startOffset + outcome.offset);
      result.diagnostics.push({
        severity: 'error',
        code: 'yaml-syntax',
        message: `YAML syntax error: ${outcome.message}`,
        ...(options.file !== undefined ? { file: options.file } : {}),
        ...pos,
      });
      continue;
    }
    if (outcome.empty) continue;
    doc.value = outcome.value;
    if (!isRecord(outcome.value)) {
      pending.push({
        finding: {
          severity: 'warning',
          code: 'not-an-object',
          message: 'document is not a Kubernetes object (expected a mapping with apiVersion and kind); kept as it is',
          path: [],
        },
        source: { doc: doc.index },
      });
      continue;
    }
    const obj = outcome.value as KubeObject;
    if (isListKind(obj.kind) && Array.isArray(obj.items)) {
      // The API server's typed lists (GET /apis/networking.k8s.io/v1/networkpolicies → NetworkPolicyList,
      // PodList, DeploymentList…) send items without `kind` and `apiVersion`: both are implied by the list,
      // the item kind by the list kind and the item apiVersion by the list's own. `kind: List` (what kubectl
      // prints) implies neither: its items carry their own.
      const impliedKind = typeof obj.kind === 'string' ? LIST_ITEM_KIND[obj.kind] : undefined;
      const impliedApiVersion = impliedKind && typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined;
      obj.items.forEach((item, i) => {
        if (!isRecord(item)) return;
        // Items of a typed list (PodList, NetworkPolicyList…) may lack `kind` and `apiVersion`: implied by the list.
        const kind = item.kind === undefined || item.kind === null ? impliedKind : stringOrUndefined(item.kind);
        const apiVersion =
          item.apiVersion === undefined || item.apiVersion === null ? impliedApiVersion : item.apiVersion;
        classify(item as KubeObject, kind, apiVersion, { doc: doc.index, item: i });
      });
    } else {
      classify(obj, stringOrUndefined(obj.kind), obj.apiVersion, { doc: doc.index });
    }
  }

  function classify(raw: KubeObject, kind: string | undefined, apiVersion: unknown, source: ObjectSource) {
    if (kind === 'NetworkPolicy') {
      const reading = options.cache?.policyReading(raw, mayHaveParams) ?? readPolicyObject(raw, mayHaveParams);
      const { door, templateParams } = reading;
      const policy = door.value;
      let key = policyKey(policy);
      const seen = keys.get(key) ?? 0;
      keys.set(key, seen + 1);
      const object = key;
      if (seen > 0) {
        pending.push({
          finding: {
            severity: 'warning',
            code: 'duplicate-policy',
            message: `another NetworkPolicy ${key} appears earlier in the input; kubectl apply keeps only the last one`,
            path: ['metadata', 'name'],
          },
          source,
          object,
        });
        key = `${key}#${seen + 1}`;
      }
      result.policies.push({
        key,
        policy,
        source,
        templateParams,
        ...(door.rejected.length ? { rejected: door.rejected } : {}),
      });
      for (const finding of door.findings) pending.push({ finding, source, object });
      if (apiVersion !== 'networking.k8s.io/v1' && !isUnderRejected(['apiVersion'], door.rejected)) {
        pending.push({
          finding: {
            severity: apiVersion === 'extensions/v1beta1' ? 'warning' : 'error',
            code: 'api-version',
            message: `apiVersion ${JSON.stringify(apiVersion ?? null)} is not networking.k8s.io/v1; NetworkPolicy is served as networking.k8s.io/v1`,
            path: ['apiVersion'],
            fix: 'set apiVersion: networking.k8s.io/v1',
          },
          source,
          object,
        });
      }
      for (const finding of reading.validation) pending.push({ finding, source, object });
      templateParams.forEach((name, i) => {
        pending.push({
          finding: {
            severity: 'info',
            code: 'template-param',
            message: `template parameter {{${name}}}: fill it in before applying (netpol instantiates templates with values)`,
            path: reading.templatePaths[i]!,
          },
          source,
          object,
        });
      });
      return;
    }
    if (isAdminKind(kind)) {
      classifyAdmin(raw, kind, source);
      return;
    }
    if (kind === 'Namespace') {
      const door = admit<KubeObject>(raw, NAMESPACE);
      const ns = namespaceFromObject(door.value, source);
      const object = door.value.metadata?.name;
      for (const finding of door.findings) pending.push({ finding, source, ...(object ? { object } : {}) });
      if (ns) result.inventory.namespaces.push(ns);
      return;
    }
    if (kind === 'Pod' || (kind !== undefined && WORKLOAD_KINDS.has(kind))) {
      const door = admit<KubeObject>(raw, kind === 'Pod' ? POD : kind === 'CronJob' ? CRON_JOB : WORKLOAD);
      const meta = door.value.metadata;
      const object = meta?.name ? `${meta.namespace || 'default'}/${meta.name}` : undefined;
      for (const finding of door.findings) pending.push({ finding, source, ...(object ? { object } : {}) });
      const w = workloadFromObject({ ...door.value, kind }, source);
      if (w) result.inventory.workloads.push(w);
      return;
    }
    if (kind === 'Service') {
      // Kept as written in `others` (the designer exports it as is); its type errors are reported here, and
      // the linter reads it through the same door.
      const meta = admit<KubeObject>(raw, SERVICE);
      const object = meta.value.metadata?.name
        ? `${meta.value.metadata.namespace || 'default'}/${meta.value.metadata.name}`
        : undefined;
      for (const finding of meta.findings) pending.push({ finding, source, ...(object ? { object } : {}) });
    }
    result.others.push({ object: raw, source });
  }

  /** A cluster-scoped policy: its key is `cnp/name` (names are cluster-wide per kind). */
  function classifyAdmin(obj: KubeObject, kind: AdminKind, source: ObjectSource) {
    let key = adminKeyOf(obj, kind);
    const object = key;
    const seen = adminKeys.get(key) ?? 0;
    adminKeys.set(key, seen + 1);
    if (seen > 0) {
      pending.push({
        finding: {
          severity: 'warning',
          code: 'duplicate-policy',
          message: `another ${kind} ${key.slice(key.indexOf('/') + 1)} appears earlier in the input; kubectl apply keeps only the last one`,
          path: ['metadata', 'name'],
        },
        source,
        object,
      });
      key = `${key}#${seen + 1}`;
    }
    result.adminPolicies.push({ key, kind, object: obj, source });
    for (const finding of validateAdminPolicy(obj, kind)) pending.push({ finding, source, object });
  }

  for (const p of pending) result.diagnostics.push(positionFinding(result, p, lines));
  return result;
}

/** A `kind` as read: a string, or undefined when it is anything else (such an object is kept as it is). */
function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The path of the first string under `obj` that contains `{{name`. */
function firstPathWith(
  obj: unknown,
  marker: string,
  name: string,
  path: (string | number)[] = [],
): (string | number)[] | undefined {
  if (typeof obj === 'string') return obj.includes(marker) && obj.includes(name) ? path : undefined;
  if (Array.isArray(obj)) {
    for (let i = 0; i < obj.length; i++) {
      const p = firstPathWith(obj[i], marker, name, [...path, i]);
      if (p) return p;
    }
  } else if (isRecord(obj)) {
    for (const [k, v] of Object.entries(obj)) {
      if (k.includes(marker) && k.includes(name)) return [...path, k];
      const p = firstPathWith(v, marker, name, [...path, k]);
      if (p) return p;
    }
  }
  return undefined;
}

class LazyLineIndex {
  private index?: LineIndex;
  /** One locator per document with findings. */
  readonly locators = new Map<number, Locator>();
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  get(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }
}

/**
 * Document body → (list item, field path) → range in the body. A range depends only on these, so an editor
 * re-reading a large text after a keystroke (and the linter positioning its findings again) locates only in
 * the documents that changed, instead of re-parsing every document with a finding into events. Bounded like
 * ParseCache: cleared when it holds too many bodies.
 */
const rangeCache = new Map<string, Map<string, NodeRange>>();
const RANGE_CACHE_BODIES = 20_000;

function locateInDocument(
  doc: SourceDocument,
  path: FieldPath,
  item: number | undefined,
  lines: LazyLineIndex,
): NodeRange {
  let ranges = rangeCache.get(doc.body);
  if (!ranges) {
    if (rangeCache.size >= RANGE_CACHE_BODIES) rangeCache.clear();
    rangeCache.set(doc.body, (ranges = new Map()));
  }
  const key = `${item ?? ''}\u0000${JSON.stringify(path)}`;
  let range = ranges.get(key);
  if (!range) {
    let locator = lines.locators.get(doc.index);
    if (!locator) lines.locators.set(doc.index, (locator = createLocator(doc.body)));
    range = locator.locate(path, item);
    ranges.set(key, range);
  }
  return range;
}

function positionFinding(result: ReadResult, p: PendingFinding, lines: LazyLineIndex): Diagnostic {
  const doc: SourceDocument = result.documents[p.source.doc]!;
  const range = locateInDocument(doc, p.finding.path, p.source.item, lines);
  const start = lines.get().position(doc.startOffset + range.start);
  const end = lines.get().position(doc.startOffset + range.end);
  return {
    severity: p.finding.severity,
    code: p.finding.code,
    message: p.finding.message,
    ...(result.file !== undefined ? { file: result.file } : {}),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    ...(p.object !== undefined ? { object: p.object } : {}),
    ...(p.finding.path.length ? { path: formatPath(p.finding.path) } : {}),
    ...(p.finding.fix ? { fix: p.finding.fix } : {}),
  };
}

/** Positions findings produced outside `read` (by the linter, for example) against a read's documents. */
export function positionFindings(
  result: ReadResult,
  findings: { finding: Finding; source: ObjectSource; object?: string }[],
): Diagnostic[] {
  const lines = new LazyLineIndex(result.text);
  return findings.map((f) => positionFinding(result, f, lines));
}

/**
 * Locates fields of the objects read into `result`: (source, path) → 1-based line and column, as diagnostics,
 * of the field or its deepest existing ancestor; undefined when the source is not one of the result's documents.
 */
export function fieldLocator(
  result: ReadResult,
): (source: ObjectSource, path: FieldPath) => { line: number; column: number } | undefined {
  const lines = new LazyLineIndex(result.text);
  return (source, path) => {
    const doc = result.documents[source.doc];
    if (!doc) return undefined;
    const range = locateInDocument(doc, path, source.item, lines);
    return lines.get().position(doc.startOffset + range.start);
  };
}

export { NAMESPACE_NAME_LABEL };
export type { PolicyEntry };
