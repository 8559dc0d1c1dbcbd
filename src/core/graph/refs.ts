/**
 * NodeRef ⇄ NetworkPolicyPeer ⇄ node id. A peer's meaning decides its node: `{podSelector: S}` in policy
 * namespace N and `{namespaceSelector: {kubernetes.io/metadata.name: N}, podSelector: S}` select the same pods,
 * so they are the same node. Ids are canonical selector text, stable across edits.
 */
import { cloneValue } from '../model/clone.ts';
import { NAMESPACE_NAME_LABEL } from '../model/normalize.ts';
import { classifyPeer, pinnedNamespace } from '../model/peer.ts';
import { isEmptySelector, selectorKey } from '../model/selector.ts';
import type { LabelSelector, NetworkPolicyPeer } from '../model/types.ts';
import type { NodeRef } from './types.ts';

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

/** The node a peer of a policy in `policyNamespace` stands for; undefined for an invalid peer (it selects nothing). */
export function peerToRef(peer: unknown, policyNamespace: string): NodeRef | undefined {
  const c = classifyPeer(peer);
  switch (c.kind) {
    case 'invalid':
      return undefined;
    case 'ipBlock':
      return normalizeRef({ kind: 'ipBlock', cidr: c.cidr, ...(c.except.length ? { except: c.except } : {}) });
    case 'selector':
      if (c.namespaceSelector)
        return normalizeRef(
          c.podSelector
            ? { kind: 'namespacePods', namespaceSelector: c.namespaceSelector, podSelector: c.podSelector }
            : { kind: 'namespacePods', namespaceSelector: c.namespaceSelector },
        );
      return { kind: 'pods', namespace: policyNamespace, podSelector: c.podSelector ?? {} };
  }
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
