import type { PolicyType } from '../../model/normalize.ts';
import { normalizeRef } from '../../graph/refs.ts';
import type { CommandOf, Refusal } from '../commands.ts';
import { newPolicy, slug, subjectPolicies } from '../policies.ts';
import type { Workspace } from '../workspace.ts';

/**
 * Isolates a pod group for a direction (a default-deny policy, unless a policy of that type already selects
 * it) or lifts it (that direction leaves the policyTypes of every policy that selects exactly these pods).
 */
export function setIsolation(ws: Workspace, command: CommandOf<'setIsolation'>): Refusal {
  const { direction, isolated } = command;
  const ref = normalizeRef(command.target);
  if (ref.kind !== 'pods') return 'isolation applies to a pod group of one namespace';
  const type: PolicyType = direction === 'ingress' ? 'Ingress' : 'Egress';
  const current = subjectPolicies(ws, ref, type);
  if (isolated) {
    if (current.length === 0)
      newPolicy(ws, ref.namespace, ref.podSelector, [type], `${slug(ref.podSelector)}-default-deny-${direction}`);
    return;
  }
  for (const h of current) {
    const policy = ws.edit(h);
    const spec = policy.spec!;
    const rest = (spec.policyTypes as PolicyType[]).filter((t) => t !== type);
    // Removing the last type would leave policyTypes empty, which defaults back to Ingress: remove the policy.
    if (rest.length === 0) ws.removePolicy(h);
    else {
      spec.policyTypes = rest;
      delete spec[direction];
    }
  }
}
