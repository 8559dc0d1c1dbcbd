/**
 * Building blocks for quick fixes. Each mutates a deep copy of a policy. Removing things must not change
 * what the server's defaulting makes of the rest: removing the last egress rule of a policy without
 * policyTypes would drop "Egress" from the defaulted types, so such removals write the types out first.
 */
import { effectivePolicyTypes } from '../model/normalize.ts';
import type { FieldPath, NetworkPolicy } from '../model/types.ts';
import { getAt, isRecord, type Obj } from './context.ts';

export function specOf(policy: NetworkPolicy): Obj {
  const p = policy as unknown as Obj;
  if (!isRecord(p.spec)) p.spec = {};
  return p.spec as Obj;
}

/** Writes the effective policyTypes explicitly (a no-op for what the server stores). */
export function pinPolicyTypes(policy: NetworkPolicy): void {
  specOf(policy).policyTypes = effectivePolicyTypes(policy);
}

/** Removes the list item at `path` (its last step is the index). */
export function removeAt(policy: NetworkPolicy, path: FieldPath): void {
  const index = path[path.length - 1];
  const list = getAt(policy, path.slice(0, -1));
  if (typeof index === 'number' && Array.isArray(list)) list.splice(index, 1);
}

/** Removes a rule, keeping the policy's effective policyTypes. */
export function removeRule(policy: NetworkPolicy, direction: 'ingress' | 'egress', index: number): void {
  pinPolicyTypes(policy);
  const spec = specOf(policy);
  const list = spec[direction];
  if (Array.isArray(list)) {
    list.splice(index, 1);
    if (list.length === 0) delete spec[direction];
  }
}

/** Sets `key` of the mapping at `path`, creating nothing if the mapping is missing. */
export function setAt(policy: NetworkPolicy, path: FieldPath, key: string, value: unknown): void {
  const target = getAt(policy, path);
  if (isRecord(target)) target[key] = value;
}

/** Renames a key of a mapping in place, keeping the key order; an existing `to` key wins over `from`. */
export function renameKey(map: Obj, from: string, to: string): void {
  const entries = Object.entries(map);
  const hadTo = Object.hasOwn(map, to);
  for (const k of Object.keys(map)) delete map[k];
  for (const [k, v] of entries) {
    if (k !== from) map[k] = v;
    else if (!hadTo) map[to] = v;
  }
}

/** The DNS egress rule of netpol-semantics.md P-04, for the profile's DNS target. */
export function dnsRule(namespace: string, podLabels: Record<string, string>, port: number): Obj {
  return {
    to: [
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
        podSelector: { matchLabels: { ...podLabels } },
      },
    ],
    ports: [
      { protocol: 'UDP', port },
      { protocol: 'TCP', port },
    ],
  };
}
