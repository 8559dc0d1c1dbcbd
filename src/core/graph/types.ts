/**
 * The graph a set of NetworkPolicies is drawn as (see docs in ARCHITECTURE.md, "Graph model").
 * Nodes are keyed by meaning: two peers that select the same things are one node, and the id is derived
 * from the canonical selector text, so ids are stable across edits and positions survive re-parsing.
 */
import type { Direction, LabelSelector, NetworkPolicyPort, ObjectMeta } from '../model/types.ts';

export type GraphNodeType = 'namespace' | 'podGroup' | 'namespaceSelector' | 'ipBlock' | 'anywhere';

/**
 * What a node stands for, as data a command can carry. Converting a NodeRef to a NetworkPolicyPeer is exact:
 * - `pods`: pods matching `podSelector` in the namespace `namespace` ({} = all pods of it);
 * - `namespace`: the namespace itself as a container (not a peer on its own; as a peer it means all its pods);
 * - `namespacePods`: pods matching `podSelector` (absent = all pods) in every namespace matching `namespaceSelector`;
 * - `ipBlock`: addresses in `cidr` outside every `except`;
 * - `anywhere`: a rule with no `from`/`to`: every pod, node and external address.
 */
export type NodeRef =
  | { kind: 'namespace'; namespace: string }
  | { kind: 'pods'; namespace: string; podSelector: LabelSelector }
  | { kind: 'namespacePods'; namespaceSelector: LabelSelector; podSelector?: LabelSelector }
  | { kind: 'ipBlock'; cidr: string; except?: string[] }
  | { kind: 'anywhere' };

export interface Isolation {
  /** True when some policy selecting these pods has Ingress in its (defaulted) policyTypes. */
  ingress: boolean;
  egress: boolean;
  /** Keys (`namespace/name`) of the policies that isolate, per direction. */
  ingressPolicies: string[];
  egressPolicies: string[];
}

export interface GraphNode {
  id: string;
  type: GraphNodeType;
  ref: NodeRef;
  /** Short human label: `app=web`, `all pods`, `tenant=acme`, `10.0.0.0/8 except 10.1.0.0/16`, `anywhere`. */
  label: string;
  /** The container node (a namespace or namespace-selector node) for pod groups. */
  parentId?: string;
  /** Namespace labels, for namespace nodes that have a Namespace object in the inventory. */
  labels?: Record<string, string>;
  /** Present on pod groups that are the subject (spec.podSelector) of at least one policy. */
  isolation?: Isolation;
  /** Keys of the policies whose spec.podSelector is this node. */
  policies?: string[];
  /** `{{PARAM}}` names in the node's selector or cidr. */
  templateParams?: string[];
}

/** Where a flow is written: one peer (or the whole peer list, when `peer` is absent) of one rule. */
export interface RuleRef {
  policy: string;
  direction: Direction;
  rule: number;
  /** Index into from/to; absent for a rule with no peers (the `anywhere` node). */
  peer?: number;
  /** `ns/name spec.ingress[0].from[1]` */
  path: string;
  /** The rule's ports as written (absent = all ports, all protocols). */
  ports?: NetworkPolicyPort[];
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** Union of the ports of every rule written for this flow, as written; undefined = all ports and protocols. */
  ports?: NetworkPolicyPort[];
  /** `TCP 443, UDP 53`, `TCP 8000-9000`, `all ports`. */
  label: string;
  /** Every place the flow is written: ingress rules of the target's policies and egress rules of the source's. */
  rules: RuleRef[];
  /**
   * Filled in by the connectivity engine: `allowed` when the flow is allowed end to end (the source's egress
   * and the destination's ingress both allow it), `oneSided` when it is written on one side but the other
   * side's isolation blocks it. Undefined when not analysed.
   */
  effective?: 'allowed' | 'oneSided';
  /** Why, in one or two sentences naming the policies. */
  explanation?: string;
  /**
   * Set on flows written by a ClusterNetworkPolicy (or ANP/BANP) rule: what the rule does and in which tier.
   * NetworkPolicy flows have neither (they only allow). One edge per (source, target, tier, action).
   */
  action?: 'Accept' | 'Deny' | 'Pass';
  tier?: 'Admin' | 'Baseline';
}

/** A policy as the graph holds it: enough, with the edges' rule refs, to compile the policy back. */
export interface GraphPolicy {
  key: string;
  metadata: ObjectMeta;
  /** The pod group node of spec.podSelector. */
  subject: string;
  /** Explicit (defaulted) policyTypes. */
  policyTypes: ('Ingress' | 'Egress')[];
  /** Number of rules per direction (a rule may draw no edge, e.g. when its only peer is invalid). */
  ingressRules: number;
  egressRules: number;
}

export interface PolicyGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  policies: GraphPolicy[];
}
