/**
 * What every lint rule sees: the policies of all inputs as views (effective policyTypes, rules with their
 * field paths), the merged inventory, the cluster profile, and a `report` function. Also the small
 * semantic helpers the rules share: selector implication, peer and port coverage, tolerant field access
 * (lint runs on whatever `read` accepted, including values the API server would reject).
 */
import { isRecord } from '../model/clone.ts';
import { mergeWorkloads } from '../read/inventory.ts';
import { effectivePolicyTypes, NAMESPACE_NAME_LABEL, policyNamespace, type PolicyType } from '../model/normalize.ts';
import { portCovers, portsAdmit, portShape, type PortShape } from '../model/portset.ts';
import { asRule, classifyPeer, PEERS_KEY, rulesOf, POLICY_TYPE_OF, type PeerClass } from '../model/peer.ts';
import {
  describeSelector,
  ImplicationIndex,
  selectorImplies,
  selectorKey,
  selectorMatches,
  selectsAll,
} from '../model/selector.ts';
import type {
  Direction,
  FieldPath,
  LabelSelector,
  NamespaceInfo,
  NetworkPolicy,
  ObjectSource,
  PolicyEntry,
  ReadResult,
  Severity,
  WorkloadInfo,
} from '../model/types.ts';
import { DEFAULT_CLUSTER_PROFILE, type ClusterProfile, type LintOptions, type RuleFinding } from './types.ts';

export type Obj = Record<string, unknown>;
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Reads `path` inside a value, tolerating anything. */
export function getAt(value: unknown, path: FieldPath): unknown {
  let v = value;
  for (const step of path) {
    if (typeof step === 'number') v = Array.isArray(v) ? v[step] : undefined;
    else v = isRecord(v) ? v[step] : undefined;
  }
  return v;
}

export type { Direction };
export { PEERS_KEY };
export const TYPE_OF = POLICY_TYPE_OF;

export interface RuleView {
  direction: Direction;
  index: number;
  rule: Obj;
  path: FieldPath;
  /** `from`/`to` as written: undefined when absent. */
  peers: unknown[] | undefined;
  /** `ports` as written: undefined when absent. */
  ports: unknown[] | undefined;
  /** True when the rule's direction is in the effective policyTypes (otherwise the server ignores it). */
  effective: boolean;
}

export interface PolicyView {
  /** Index of the input (ReadResult) and of the policy in its `policies`. */
  input: number;
  policyIndex: number;
  /** Global order over all inputs, for deterministic tie-breaks. */
  order: number;
  entry: PolicyEntry;
  policy: NetworkPolicy;
  /** `namespace/name` as diagnostics show it. */
  object: string;
  name: string;
  namespace: string;
  spec: Obj;
  /** spec.podSelector as written; absent means `{}`. */
  subject: LabelSelector | undefined;
  /** `namespace` + canonical subject selector: policies with the same key apply to the same pods. */
  subjectKey: string;
  types: PolicyType[];
  /** True when policyTypes is written (non-empty). */
  explicitTypes: boolean;
  ingress: RuleView[];
  egress: RuleView[];
  /** Has `{{PARAM}}` placeholders: inventory-based rules skip it, since names and labels are not final. */
  templated: boolean;
}

export interface NamespaceView {
  name: string;
  labels: Record<string, string>;
  /** Where it was read from (only for Namespace objects of the inputs). */
  input?: number;
  source?: ObjectSource;
}

export interface LintContext {
  inputs: readonly ReadResult[];
  policies: PolicyView[];
  profile: ClusterProfile;
  /** Namespace objects known (inputs + options.inventory). */
  namespaces: NamespaceView[];
  namespaceByName: Map<string, NamespaceView>;
  /** Workloads known (inputs + options.inventory), merged by owner. */
  workloads: WorkloadInfo[];
  hasNamespaces: boolean;
  hasWorkloads: boolean;
  /** Labels of a namespace: from the inventory, else only the automatic `kubernetes.io/metadata.name`. */
  namespaceLabels(name: string): Record<string, string>;
  /** Workloads in a namespace. */
  workloadsIn(namespace: string): WorkloadInfo[];
  report(policy: PolicyView, finding: RuleFinding): void;
  /** Reports about something other than a policy (a Namespace object). */
  reportAt(input: number, source: ObjectSource, object: string | undefined, finding: RuleFinding): void;
}

export interface CollectedFinding {
  input: number;
  source: ObjectSource;
  object?: string;
  policyIndex?: number;
  finding: RuleFinding;
}

function mergeProfile(options: LintOptions): ClusterProfile {
  const c = options.cluster ?? {};
  return {
    podCIDRs: c.podCIDRs ?? DEFAULT_CLUSTER_PROFILE.podCIDRs,
    serviceCIDRs: c.serviceCIDRs ?? DEFAULT_CLUSTER_PROFILE.serviceCIDRs,
    nodeCIDRs: c.nodeCIDRs ?? DEFAULT_CLUSTER_PROFILE.nodeCIDRs,
    metadataIPs: c.metadataIPs ?? DEFAULT_CLUSTER_PROFILE.metadataIPs,
    dualStack: c.dualStack ?? DEFAULT_CLUSTER_PROFILE.dualStack,
    dns: { ...DEFAULT_CLUSTER_PROFILE.dns, ...(c.dns ?? {}) },
  };
}

function ruleViews(spec: Obj, direction: Direction, types: PolicyType[]): RuleView[] {
  const key = PEERS_KEY[direction];
  const out: RuleView[] = [];
  rulesOf(spec, direction).forEach((rule, index) => {
    // `- {}` parses as a record; a null item (`-` alone) is also a rule with no peers and no ports.
    const r = asRule(rule);
    if (!r) return;
    out.push({
      direction,
      index,
      rule: r,
      path: ['spec', direction, index],
      peers: Array.isArray(r[key]) ? (r[key] as unknown[]) : undefined,
      ports: Array.isArray(r.ports) ? (r.ports as unknown[]) : undefined,
      effective: types.includes(TYPE_OF[direction]),
    });
  });
  return out;
}

export function buildContext(
  inputs: readonly ReadResult[],
  options: LintOptions,
  collected: CollectedFinding[],
): LintContext {
  const policies: PolicyView[] = [];
  let order = 0;
  inputs.forEach((result, input) => {
    result.policies.forEach((entry, policyIndex) => {
      const policy = entry.policy;
      const spec: Obj = isRecord(policy.spec) ? policy.spec : {};
      const types = effectivePolicyTypes(policy);
      const written = spec.policyTypes;
      const namespace = policyNamespace(policy);
      const name = typeof policy.metadata?.name === 'string' ? policy.metadata.name : '';
      policies.push({
        input,
        policyIndex,
        order: order++,
        entry,
        policy,
        object: `${namespace}/${name}`,
        name,
        namespace,
        spec,
        subject: isRecord(spec.podSelector) ? (spec.podSelector as LabelSelector) : undefined,
        subjectKey: `${namespace}|${selectorKey(isRecord(spec.podSelector) ? (spec.podSelector as LabelSelector) : undefined)}`,
        types,
        explicitTypes: Array.isArray(written) && written.length > 0,
        ingress: ruleViews(spec, 'ingress', types),
        egress: ruleViews(spec, 'egress', types),
        templated: entry.templateParams.length > 0,
      });
    });
  });

  const namespaces: NamespaceView[] = [];
  const namespaceByName = new Map<string, NamespaceView>();
  const addNamespace = (ns: NamespaceInfo, input?: number) => {
    if (namespaceByName.has(ns.name)) return;
    const view: NamespaceView = {
      name: ns.name,
      labels: { ...ns.labels, [NAMESPACE_NAME_LABEL]: ns.name },
      ...(input !== undefined ? { input } : {}),
      ...(input !== undefined && ns.source ? { source: ns.source } : {}),
    };
    namespaces.push(view);
    namespaceByName.set(ns.name, view);
  };
  inputs.forEach((r, i) => r.inventory.namespaces.forEach((ns) => addNamespace(ns, i)));
  for (const ns of options.inventory?.namespaces ?? []) addNamespace(ns);

  const workloads = mergeWorkloads([
    ...inputs.flatMap((r) => r.inventory.workloads),
    ...(options.inventory?.workloads ?? []),
  ]);
  const byNamespace = new Map<string, WorkloadInfo[]>();
  for (const w of workloads) {
    const list = byNamespace.get(w.namespace);
    if (list) list.push(w);
    else byNamespace.set(w.namespace, [w]);
  }

  const ruleLevels = options.rules ?? {};
  const push = (c: CollectedFinding) => {
    const level = ruleLevels[c.finding.rule];
    if (level === 'off') return;
    if (level) c.finding = { ...c.finding, severity: level };
    collected.push(c);
  };

  return {
    inputs,
    policies,
    profile: mergeProfile(options),
    namespaces,
    namespaceByName,
    workloads,
    hasNamespaces: namespaces.length > 0,
    hasWorkloads: workloads.length > 0,
    namespaceLabels: (name) => namespaceByName.get(name)?.labels ?? { [NAMESPACE_NAME_LABEL]: name },
    workloadsIn: (namespace) => byNamespace.get(namespace) ?? [],
    report(policy, finding) {
      push({
        input: policy.input,
        source: policy.entry.source,
        object: policy.object,
        policyIndex: policy.policyIndex,
        finding,
      });
    },
    reportAt(input, source, object, finding) {
      push({ input, source, ...(object !== undefined ? { object } : {}), finding });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Selectors

/** A selector value as written, if it is a mapping (null/absent/garbage → undefined). */
export function asSelector(v: unknown): LabelSelector | undefined {
  return isRecord(v) ? (v as LabelSelector) : undefined;
}

/** All keys a selector constrains, with their position in the selector. */
export function selectorKeys(sel: LabelSelector | undefined): { key: string; path: FieldPath; value?: string[] }[] {
  if (!sel) return [];
  const out: { key: string; path: FieldPath; value?: string[] }[] = [];
  if (isRecord(sel.matchLabels))
    for (const [k, v] of Object.entries(sel.matchLabels))
      out.push({ key: k, path: ['matchLabels', k], value: [String(v)] });
  asArray(sel.matchExpressions).forEach((e, i) => {
    if (isRecord(e) && typeof e.key === 'string')
      out.push({
        key: e.key,
        path: ['matchExpressions', i, 'key'],
        ...(e.operator === 'In' ? { value: asArray(e.values).map(String) } : {}),
      });
  });
  return out;
}

/** `selectorMatches` (model/selector.ts): an unreadable selector matches nothing. */
export const matches = selectorMatches;

// ---------------------------------------------------------------------------------------------------------
// Peers

/** A peer as the model reads it (model/peer.ts): lint rules use the one classifier every feature uses. */
export type PeerShape = PeerClass;
export const peerShape = classifyPeer;

const peerMemo = new WeakMap<LintContext, Map<string, WorkloadInfo[]>>();

/** The workloads a selector peer of a policy in `policyNs` matches (hostNetwork pods included). Memoised. */
export function peerWorkloads(ctx: LintContext, shape: PeerShape, policyNs: string): WorkloadInfo[] {
  if (shape.kind !== 'selector') return [];
  let memo = peerMemo.get(ctx);
  if (!memo) peerMemo.set(ctx, (memo = new Map()));
  const key = `${shape.namespaceSelector ? selectorKey(shape.namespaceSelector) : `=${policyNs}`}|${shape.podSelector ? selectorKey(shape.podSelector) : '*'}`;
  let hit = memo.get(key);
  if (!hit) memo.set(key, (hit = computePeerWorkloads(ctx, shape, policyNs)));
  return hit;
}

function computePeerWorkloads(
  ctx: LintContext,
  shape: PeerShape & { kind: 'selector' },
  policyNs: string,
): WorkloadInfo[] {
  const candidates = shape.namespaceSelector
    ? ctx.workloads.filter((w) => matches(shape.namespaceSelector, ctx.namespaceLabels(w.namespace)))
    : ctx.workloadsIn(policyNs);
  return shape.podSelector ? candidates.filter((w) => matches(shape.podSelector, w.labels)) : candidates;
}

// Ports: the port shapes of the model (model/portset.ts).
export { portShape, portCovers, portsAdmit, type PortShape };

export function severityRank(s: Severity): number {
  return s === 'error' ? 2 : s === 'warning' ? 1 : 0;
}

/** A policy-subject implication: every pod `narrow` selects, `broad` selects too (same namespace). */
export function subjectCovers(broad: PolicyView, narrow: PolicyView): boolean {
  return broad.namespace === narrow.namespace && selectorImplies(narrow.subject, broad.subject);
}

/** The workloads a policy's spec.podSelector selects (hostNetwork ones included). Memoised. */
export function subjectWorkloads(ctx: LintContext, p: PolicyView): WorkloadInfo[] {
  return peerWorkloads(ctx, { kind: 'selector', podSelector: p.subject ?? {} }, p.namespace);
}

export { isRecord, selectorImplies, ImplicationIndex, selectsAll, describeSelector };
