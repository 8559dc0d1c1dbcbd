/**
 * A policy's meaning, independent of how it is written: namespace, subject, effective policyTypes, and the
 * rules Kubernetes applies (only for directions in policyTypes) with peers as node ids and canonical ports.
 */
import { policyNamespace, type NetworkPolicy } from '../../src/core/index.ts';
import { canonicalPolicy } from '../../src/core/format/write.ts';
import { effectivePolicyTypes } from '../../src/core/model/normalize.ts';
import { nodeId, peerToRef } from '../../src/core/graph/refs.ts';
import { selectorKey } from '../../src/core/model/selector.ts';
import { type NetworkPolicyPeer } from '../../src/core/model/types.ts';

export function meaningOf(policy: NetworkPolicy) {
  const ns = policyNamespace(policy);
  const types = effectivePolicyTypes(policy);
  const canon = canonicalPolicy(policy);
  const rules = (dir: 'ingress' | 'egress') => {
    if (!types.includes(dir === 'ingress' ? 'Ingress' : 'Egress')) return [];
    const list = (canon.spec?.[dir] ?? []) as {
      from?: NetworkPolicyPeer[];
      to?: NetworkPolicyPeer[];
      ports?: unknown[];
    }[];
    return list.map((r) => ({
      peers: (dir === 'ingress' ? r.from : r.to)?.map((p) => {
        const ref = peerToRef(p, ns);
        return ref ? nodeId(ref) : 'invalid';
      }),
      ports: r.ports ?? null,
    }));
  };
  return {
    name: policy.metadata?.name,
    namespace: ns,
    labels: canon.metadata?.labels ?? {},
    annotations: canon.metadata?.annotations ?? {},
    subject: selectorKey(policy.spec?.podSelector),
    types,
    ingress: rules('ingress'),
    egress: rules('egress'),
  };
}
