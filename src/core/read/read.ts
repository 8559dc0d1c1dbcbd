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
import { validateNetworkPolicy } from './validate.ts';
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
    inventory: { namespaces: [], workloads: [] },
    others: [],
    diagnostics: [],
    trailer,
  };
  const pending: PendingFinding[] = [];
  const lines = new LazyLineIndex(text);
  const keys = new Map<string, number>();

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
      const implied = typeof obj.kind === 'string' ? LIST_ITEM_KIND[obj.kind] : undefined;
      obj.items.forEach((item, i) => {
        if (!isRecord(item)) return;
        // Items of a typed list (PodList, NetworkPolicyList…) may lack `kind`: it is implied by the list.
        const kind = (item.kind as string | undefined) ?? implied;
        classify(item as KubeObject, kind, { doc: doc.index, item: i });
      });
    } else {
      classify(obj, obj.kind, { doc: doc.index });
    }
  }

  function classify(obj: KubeObject, kind: string | undefined, source: ObjectSource) {
    if (kind === 'NetworkPolicy') {
      const policy = obj as NetworkPolicy;
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
      const templateParams = mayHaveParams ? collectTemplateParams(obj) : [];
      result.policies.push({ key, policy, source, templateParams });
      if (obj.apiVersion !== 'networking.k8s.io/v1') {
        pending.push({
          finding: {
            severity: obj.apiVersion === 'extensions/v1beta1' ? 'warning' : 'error',
            code: 'api-version',
            message: `apiVersion ${JSON.stringify(obj.apiVersion ?? null)} is not networking.k8s.io/v1; NetworkPolicy is served as networking.k8s.io/v1`,
            path: ['apiVersion'],
            fix: 'set apiVersion: networking.k8s.io/v1',
          },
          source,
          object,
        });
      }
      for (const finding of validateNetworkPolicy(obj)) pending.push({ finding, source, object });
      for (const name of templateParams) {
        pending.push({
          finding: {
            severity: 'info',
            code: 'template-param',
            message: `template parameter {{${name}}}: fill it in before applying (netpol instantiates templates with values)`,
            path: firstPathWith(obj, `{{`, name) ?? [],
          },
          source,
          object,
        });
      }
      return;
    }
    if (kind === 'Namespace') {
      const ns = namespaceFromObject(obj, source);
      if (ns) result.inventory.namespaces.push(ns);
      return;
    }
    if (kind === 'Pod' || (kind !== undefined && WORKLOAD_KINDS.has(kind))) {
      const w = workloadFromObject({ ...obj, kind }, source);
      if (w) result.inventory.workloads.push(w);
      return;
    }
    result.others.push({ object: obj, source });
  }

  for (const p of pending) result.diagnostics.push(positionFinding(result, p, lines));
  return result;
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

export { NAMESPACE_NAME_LABEL };
export type { PolicyEntry };
