/**
 * NodeRef ⇄ NetworkPolicyPeer ⇄ node id. A peer's meaning decides its node: `{podSelector: S}` in policy
 * namespace N and `{namespaceSelector: {kubernetes.io/metadata.name: N}, podSelector: S}` select the same pods,
 * so they are the same node. Ids are canonical selector text, stable across edits.
 */
import { cloneValue, isRecord } from '../model/clone.ts';
import { NAMESPACE_NAME_LABEL } from '../read/inventory.ts';
import { isEmptySelector, selectorKey } from '../model/selector.ts';
import type { LabelSelector, NetworkPolicyPeer } from '../model/types.ts';
import type { NodeRef } from './types.ts';
import { scalarText } from '../model/text.ts';

/** The single namespace a namespaceSelector pins by its immutable name label, if that is all it says. */
export function pinnedNamespace(selector: LabelSelector | null | undefined): string | undefined {
  if (!isRecord(selector)) return undefined;
  // Runs for every namespaceSelector peer of a projection: count the labels instead of listing them.
  let labelCount = 0;
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : undefined;
  if (matchLabels) for (const k in matchLabels) if (Object.hasOwn(matchLabels, k)) labelCount++;
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (labelCount === 1 && exprs.length === 0 && Object.hasOwn(matchLabels!, NAMESPACE_NAME_LABEL))
    return scalarText(matchLabels![NAMESPACE_NAME_LABEL]);
  if (labelCount === 0 && exprs.length === 1) {
    const e: unknown = exprs[0];
    // `matchExpressions: [null]` reaches here from unvalidated input: not a pin, and no throw.
    if (
      isRecord(e) &&
      e.key === NAMESPACE_NAME_LABEL &&
      e.operator === 'In' &&
      Array.isArray(e.values) &&
      e.values.length === 1
    )
      return String(e.values[0]);
  }
  return undefined;
}

/** Puts a ref in the one form that has its meaning (pinned namespace selectors become `pods`). */
export function normalizeRef(ref: NodeRef): NodeRef {
  if (ref.kind === 'namespacePods') {
    const ns = pinnedNamespace(ref.namespaceSelector);
    if (ns !== undefined) return { kind: 'pods', namespace: ns, podSelector: ref.podSelector ?? {} };
  }
  if (ref.kind === 'ipBlock')
    return { kind: 'ipBlock', cidr: ref.cidr, ...(ref.except?.length ? { except: [...ref.except].sort() } : {}) };
  return ref;
}

export function nodeId(input: NodeRef): string {
  const ref = normalizeRef(input);
  switch (ref.kind) {
    case 'namespace':
      return `ns:${ref.namespace}`;
    case 'pods':
      return `pods:${ref.namespace}:${selectorKey(ref.podSelector)}`;
    case 'namespacePods':
      return isEmptySelector(ref.podSelector)
        ? `nssel:${selectorKey(ref.namespaceSelector)}`
        : `nspods:${selectorKey(ref.namespaceSelector)}|${selectorKey(ref.podSelector)}`;
    case 'ipBlock':
      return `ip:${ref.cidr}${ref.except?.length ? `!${ref.except.join(',')}` : ''}`;
    case 'anywhere':
      return 'anywhere';
  }
}

/** The node a peer of a policy in `policyNamespace` stands for; undefined for an invalid (empty) peer. */
export function peerToRef(peer: NetworkPolicyPeer, policyNamespace: string): NodeRef | undefined {
  if (!isRecord(peer)) return undefined;
  if (isRecord(peer.ipBlock)) {
    const except = Array.isArray(peer.ipBlock.except) ? peer.ipBlock.except.map(String) : [];
    return normalizeRef({
      kind: 'ipBlock',
      cidr: typeof peer.ipBlock.cidr === 'string' ? peer.ipBlock.cidr : '',
      ...(except.length ? { except } : {}),
    });
  }
  const nsSel = isRecord(peer.namespaceSelector) ? peer.namespaceSelector : undefined;
  const podSel = isRecord(peer.podSelector) ? peer.podSelector : undefined;
  if (nsSel)
    return normalizeRef(
      podSel
        ? { kind: 'namespacePods', namespaceSelector: nsSel, podSelector: podSel }
        : { kind: 'namespacePods', namespaceSelector: nsSel },
    );
  if (podSel) return { kind: 'pods', namespace: policyNamespace, podSelector: podSel };
  return undefined;
}

/**
 * The peer that selects `ref`, written for a policy in `policyNamespace`. Undefined for `anywhere`
 * (expressed by a rule without peers). A namespace as a peer means all of its pods.
 */
export function refToPeer(input: NodeRef, policyNamespace: string): NetworkPolicyPeer | undefined {
  const ref = normalizeRef(input);
  const byName = (ns: string): LabelSelector => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: ns } });
  switch (ref.kind) {
    case 'anywhere':
      return undefined;
    case 'ipBlock':
      return { ipBlock: { cidr: ref.cidr, ...(ref.except?.length ? { except: [...ref.except] } : {}) } };
    case 'namespace':
      return { namespaceSelector: byName(ref.namespace) };
    case 'pods':
      return ref.namespace === policyNamespace
        ? { podSelector: cloneValue(ref.podSelector) }
        : { namespaceSelector: byName(ref.namespace), podSelector: cloneValue(ref.podSelector) };
    case 'namespacePods':
      return {
        namespaceSelector: cloneValue(ref.namespaceSelector),
        ...(ref.podSelector ? { podSelector: cloneValue(ref.podSelector) } : {}),
      };
  }
}
