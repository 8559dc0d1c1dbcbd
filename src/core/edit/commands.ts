/**
 * Graph edits as plain data. The UI never edits YAML or policies directly: it sends one of these to the store,
 * which calls `applyCommand` (./apply.ts, one file per command in ./commands/). Every command names nodes by
 * `NodeRef`, so it can be serialised, replayed, undone and tested without a canvas.
 */
import type { LabelSelector, NetworkPolicy, NetworkPolicyPort } from '../model/types.ts';
import type { NodeRef } from '../graph/types.ts';
import type { AdminCommand } from './admin.ts';

export type GraphCommand =
  /** Add a Namespace object (a container node) with labels. */
  | { type: 'addNamespace'; name: string; labels?: Record<string, string> }
  /** Replace the labels of a Namespace object (creating the object when only policies mentioned it). */
  | { type: 'setNamespaceLabels'; name: string; labels: Record<string, string> }
  /**
   * Add a pod group: a NetworkPolicy in `namespace` whose spec.podSelector is `podSelector`, isolating the
   * directions asked for (none = a policy with explicit empty policyTypes is not possible, so at least one
   * direction is required; a group with no isolation appears only once something connects to it).
   */
  | {
      type: 'addPodGroup';
      namespace: string;
      podSelector: LabelSelector;
      isolate: { ingress: boolean; egress: boolean };
      name?: string;
    }
  /** Make these pods isolated (or not) for a direction by adding/removing that direction in the policies that select them. */
  | { type: 'setIsolation'; target: NodeRef; direction: 'ingress' | 'egress'; isolated: boolean }
  /**
   * Allow a flow `source → target` on `ports` (undefined = all ports). Writes an ingress rule on the target's
   * policy when the target is a pod group, and an egress rule on the source's policy when the source is a pod
   * group that is egress-isolated (or when `sides` asks for it), so the drawn flow is effective.
   */
  | {
      type: 'connect';
      source: NodeRef;
      target: NodeRef;
      ports?: NetworkPolicyPort[];
      sides?: 'auto' | 'ingress' | 'egress' | 'both';
    }
  /** Remove the flow `source → target` from every rule it is written in (a rule left with no peers is removed). */
  | { type: 'disconnect'; source: NodeRef; target: NodeRef }
  /** Set the ports of the flow `source → target`: afterwards its rules allow exactly `ports` for it. */
  | { type: 'setFlowPorts'; source: NodeRef; target: NodeRef; ports?: NetworkPolicyPort[] }
  /** Rewrite a node's selector (or cidr/except) everywhere it is used. */
  | { type: 'replaceNode'; from: NodeRef; to: NodeRef }
  /** Remove a node: every peer that is it, and every policy whose subject it is. */
  | { type: 'removeNode'; node: NodeRef }
  /** Remove one policy by key. */
  | { type: 'removePolicy'; policy: string }
  /**
   * Replace one policy (by key) with `with`, where it stands — its own document or an item of a List — keeping
   * the document's comments and style where the fields did not change (a linter quick fix).
   */
  | { type: 'replacePolicy'; policy: string; with: NetworkPolicy }
  /** Cluster-scoped policies: tier, priority, a rule's action, rule order (./admin.ts). */
  | AdminCommand;

/** The command of one `type`. */
export type CommandOf<T extends GraphCommand['type']> = Extract<GraphCommand, { type: T }>;

/** The new text of an applied command. */
export interface AppliedEdit {
  text: string;
  /** Indexes (in the input's documents) of the documents rewritten or removed; new documents are appended. */
  changedDocuments: number[];
  addedDocuments: number;
}

/**
 * What `applyCommand` answers: the new text, or why the command cannot be applied to this text (a flow with no
 * pod group at either end, a policy that is not there, a policy whose YAML must be fixed first). Never thrown.
 */
export type CommandResult = ({ ok: true } & AppliedEdit) | { ok: false; error: string };

/** A command's own answer: undefined when applied to the workspace, else why it was refused. */
export type Refusal = string | undefined;
