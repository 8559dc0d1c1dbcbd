/**
 * The core's data model. Kubernetes objects use the API's own type names (from `kubernetes-types`);
 * everything here is plain, serialisable data so it can cross a Web Worker boundary unchanged.
 */
import type { LabelSelector, ObjectMeta } from 'kubernetes-types/meta/v1';
import type {
  IPBlock,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from 'kubernetes-types/networking/v1';

export type {
  IPBlock,
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
  ObjectMeta,
};

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
export type Direction = 'ingress' | 'egress';
export type Severity = 'error' | 'warning' | 'info';

/** A field path inside one object, as the API server writes it: `spec.ingress[0].from[1].ipBlock.cidr`. */
export type FieldPath = (string | number)[];

/** A finding about the input: a syntax error, an API-server validation error, a template parameter, a lint pitfall. */
export interface Diagnostic {
  severity: Severity;
  /** Stable id: `yaml-syntax`, `S3`, `P6`, `B4`, `template-param`, lint rules `P-01`… */
  code: string;
  message: string;
  file?: string;
  /** 1-based line and column of the offending YAML node in the whole input text. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** `namespace/name` of the object the finding is about, when known. */
  object?: string;
  /** Field path inside that object, rendered as `spec.ingress[0].ports[1].port`. */
  path?: string;
  /** A one-line suggestion for fixing it. */
  fix?: string;
}

/** A Kubernetes object as read (unknown fields kept). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/**
 * One YAML document of the input text. `header + body` of every document, concatenated in order,
 * gives back the input text byte for byte; edits replace one document's `body` only.
 */
export interface SourceDocument {
  index: number;
  /** Separator text that precedes the body (`---\n`, possibly with a directive or comment), or ''. */
  header: string;
  body: string;
  /** 0-based line and character offset of `body` in the whole text. */
  startLine: number;
  startOffset: number;
  /** The parsed value; undefined for an empty/comment-only document or a syntax error. */
  value?: unknown;
  /** True when the document failed to parse. */
  syntaxError?: boolean;
}

/** Where an object came from: document index and, for a `List`, the item index. */
export interface ObjectSource {
  doc: number;
  item?: number;
}

/** A NetworkPolicy as read, with where it came from. `key` is unique within a read. */
export interface PolicyEntry {
  key: string;
  policy: NetworkPolicy;
  source: ObjectSource;
  /** `{{NAME}}` placeholders found in the policy (empty for a plain policy). */
  templateParams: string[];
  /**
   * Paths of the wrongly typed values the door (`read/door.ts`) kept out of `policy`; absent when there were
   * none. The document's text then holds more than the model: fmt keeps it as written and graph edits refuse it.
   */
  rejected?: FieldPath[];
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: Protocol;
}

/** A Namespace from the inventory. `kubernetes.io/metadata.name` is always present in `labels`. */
export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  source?: ObjectSource;
}

/**
 * A workload (or bare Pod) from the inventory: the unit the analyzer reports on.
 * Labels and ports come from the pod template; `kind` is Deployment, ReplicaSet, StatefulSet, DaemonSet,
 * Job, CronJob, ReplicationController or Pod (a Pod owned by a controller is reported as its owner).
 */
export interface WorkloadInfo {
  namespace: string;
  name: string;
  kind: string;
  labels: Record<string, string>;
  ports: ContainerPort[];
  /** Pod IPs (`status.podIP(s)`), used only when ipBlocks may match pods. */
  ips: string[];
  hostNetwork: boolean;
  source?: ObjectSource;
}

export interface Inventory {
  namespaces: NamespaceInfo[];
  workloads: WorkloadInfo[];
}

/** Everything read from one input text. */
export interface ReadResult {
  file?: string;
  text: string;
  documents: SourceDocument[];
  policies: PolicyEntry[];
  inventory: Inventory;
  /** Objects that are neither NetworkPolicies nor inventory (ConfigMaps, Gatekeeper, ServiceMonitors…): kept untouched. */
  others: { object: KubeObject; source: ObjectSource }[];
  diagnostics: Diagnostic[];
  /** Text after the last document (Markdown prose after the last fence); '' for plain YAML. */
  trailer: string;
}

/** A validation finding before it is positioned: `path` is relative to the object it is about. */
export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  path: FieldPath;
  fix?: string;
}
