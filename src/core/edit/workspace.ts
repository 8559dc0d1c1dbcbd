/**
 * The document editor every graph command works through: a mutable view of one read text. A command edits
 * policies and Namespace objects here; `render` then rewrites only the documents touched, and in them only the
 * fields that changed (yaml/patch.ts), so comments and style stay and every other document keeps its exact text.
 * Every policy a command edits first gets explicit policyTypes, so adding or removing rules can never flip its
 * defaulted policyTypes (netpol-semantics.md §1.2).
 *
 * A policy that cannot take an edit (wrongly typed values, a `metadata` that is not a mapping) is not an
 * exception: the workspace records a refusal (`refusal`), hands the command a detached copy so it can finish
 * without touching the text, and the dispatcher (./apply.ts) answers with the refusal.
 */
import { cloneValue, isRecord } from '../model/clone.ts';
import { effectivePolicyTypes } from '../model/normalize.ts';
import { policyKey } from '../read/read.ts';
import type { KubeObject, NetworkPolicy, ReadResult, SourceDocument } from '../model/types.ts';
import { canonicalDocumentValue, dumpObject } from '../format/write.ts';
import { patchDocument } from '../yaml/patch.ts';
import type { AppliedEdit } from './commands.ts';

export interface PolicyHandle {
  key: string;
  doc: number;
  item?: number;
  policy: NetworkPolicy;
  /** Set when the door kept wrongly typed values out of `policy` (PolicyEntry.rejected). */
  wronglyTyped?: true;
}

/** Its text holds values the model does not (wrongly typed ones): an edit would have to drop or rewrite them. */
const wronglyTyped = (h: PolicyHandle): string =>
  `${h.key}: has wrongly typed values (see the errors); fix the YAML before editing this policy in the graph`;

/** Mutable view of a read document for one command. */
export class Workspace {
  private docValues = new Map<number, unknown>();
  private removedDocs = new Set<number>();
  private removedItems = new Map<number, Set<number>>();
  readonly added: unknown[] = [];
  readonly handles: PolicyHandle[] = [];
  /** The first reason an edit was refused; once set, `render` is never called. */
  refusal: string | undefined;

  readonly result: ReadResult;

  constructor(result: ReadResult) {
    this.result = result;
    for (const p of result.policies)
      this.handles.push({
        key: p.key,
        doc: p.source.doc,
        ...(p.source.item !== undefined ? { item: p.source.item } : {}),
        policy: p.policy,
        ...(p.rejected ? { wronglyTyped: true as const } : {}),
      });
  }

  /** Records why the command cannot be applied (the first reason wins). */
  refuse(message: string): void {
    this.refusal ??= message;
  }

  /**
   * A policy object that may be mutated; its document is marked for rewriting. A policy that cannot take an edit
   * records a refusal and gives a detached copy of its model, so the command runs to its end without effect.
   */
  edit(h: PolicyHandle): NetworkPolicy {
    if (h.doc < 0) return h.policy;
    if (h.wronglyTyped) return this.detached(h, wronglyTyped(h));
    const value = this.docValues.get(h.doc) ?? cloneValue(this.result.documents[h.doc]!.value);
    const policy = (h.item === undefined ? value : (value as { items: unknown[] }).items[h.item]) as NetworkPolicy;
    // A policy whose metadata or spec is not a mapping (`metadata: ''`) cannot take an edit: assigning a
    // field to a string would throw a TypeError. Refuse it with a message the user can act on.
    for (const field of ['metadata', 'spec'] as const) {
      const v: unknown = policy[field];
      if (v !== undefined && v !== null && !isRecord(v))
        return this.detached(
          h,
          `${h.key}: ${field} is not a mapping; fix the YAML before editing this policy in the graph`,
        );
    }
    for (const field of ['ingress', 'egress'] as const) {
      const v: unknown = policy.spec?.[field];
      if (v !== undefined && v !== null && !Array.isArray(v))
        return this.detached(
          h,
          `${h.key}: spec.${field} is not a list; fix the YAML before editing this policy in the graph`,
        );
    }
    this.docValues.set(h.doc, value);
    return this.prepare(h, policy);
  }

  /** A copy of the policy's model that no document sees, after recording why its text cannot be edited. */
  private detached(h: PolicyHandle, refusal: string): NetworkPolicy {
    this.refuse(refusal);
    return this.prepare(h, cloneValue(h.policy) as NetworkPolicy);
  }

  private prepare(h: PolicyHandle, policy: NetworkPolicy): NetworkPolicy {
    policy.metadata ??= {};
    h.policy = policy;
    // Make the defaulted policyTypes explicit before any rule changes (see module comment).
    const spec = (policy.spec ??= { podSelector: {} });
    spec.policyTypes = effectivePolicyTypes(policy);
    return policy;
  }

  /** Puts a copy of `policy` where `h` stands (its document, or its item of a List). */
  replacePolicy(h: PolicyHandle, policy: NetworkPolicy): void {
    if (h.wronglyTyped) return this.refuse(wronglyTyped(h));
    const copy = cloneValue(policy) as NetworkPolicy;
    if (h.doc < 0) {
      this.added[this.added.indexOf(h.policy)] = copy;
    } else if (h.item === undefined) {
      this.docValues.set(h.doc, copy);
    } else {
      const list = this.editDocument(h.doc) as { items: unknown[] };
      list.items[h.item] = copy;
    }
    h.policy = copy;
  }

  addPolicy(policy: NetworkPolicy): PolicyHandle {
    const h: PolicyHandle = { key: policyKey(policy), doc: -1 - this.added.length, policy };
    this.added.push(policy);
    this.handles.push(h);
    return h;
  }

  addObject(obj: KubeObject) {
    this.added.push(obj);
  }

  removePolicy(h: PolicyHandle) {
    const i = this.handles.indexOf(h);
    if (i >= 0) this.handles.splice(i, 1);
    if (h.doc < 0) {
      const j = this.added.indexOf(h.policy);
      if (j >= 0) this.added.splice(j, 1);
    } else if (h.item === undefined) this.removedDocs.add(h.doc);
    else {
      const set = this.removedItems.get(h.doc) ?? new Set<number>();
      set.add(h.item);
      this.removedItems.set(h.doc, set);
      if (!this.docValues.has(h.doc)) this.docValues.set(h.doc, cloneValue(this.result.documents[h.doc]!.value));
    }
  }

  removeDocument(doc: number) {
    this.removedDocs.add(doc);
  }

  /** A document value that may be mutated (for Namespace objects). */
  editDocument(doc: number): unknown {
    let value = this.docValues.get(doc);
    if (value === undefined) {
      value = cloneValue(this.result.documents[doc]!.value);
      this.docValues.set(doc, value);
    }
    return value;
  }

  render(): AppliedEdit {
    const docs: Pick<SourceDocument, 'header' | 'body'>[] = [];
    const changed: number[] = [];
    for (const d of this.result.documents) {
      if (this.removedDocs.has(d.index)) {
        changed.push(d.index);
        continue;
      }
      const value = this.docValues.get(d.index);
      if (value === undefined) {
        docs.push(d);
        continue;
      }
      changed.push(d.index);
      const removed = this.removedItems.get(d.index);
      if (removed && isRecord(value) && Array.isArray(value.items))
        value.items = value.items.filter((_, i) => !removed.has(i));
      // Only the edited fields change; the document's comments and style stay. When that cannot be done
      // exactly (see patchDocument), the document is written canonically.
      const body = patchDocument(d.body, d.value, value) ?? dumpObject(canonicalDocumentValue(value));
      docs.push({ header: d.header, body });
    }
    let text = docs.map((d) => d.header + d.body).join('');
    let tail = '';
    for (const obj of this.added) {
      const needsNewline = (text + tail).length > 0 && !(text + tail).endsWith('\n');
      const sep = (text + tail).trim().length > 0 ? '---\n' : '';
      tail += `${needsNewline ? '\n' : ''}${sep}${dumpObject(canonicalDocumentValue(obj))}`;
    }
    text += tail + this.result.trailer;
    return { text, changedDocuments: changed, addedDocuments: this.added.length };
  }
}
