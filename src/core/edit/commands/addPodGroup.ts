import type { PolicyType } from '../../model/normalize.ts';
import type { CommandOf, Refusal } from '../commands.ts';
import { newPolicy } from '../policies.ts';
import type { Workspace } from '../workspace.ts';

/** Adds a policy selecting the pod group; it must isolate a direction (policyTypes cannot be empty). */
export function addPodGroup(ws: Workspace, command: CommandOf<'addPodGroup'>): Refusal {
  const types: PolicyType[] = [];
  if (command.isolate.ingress) types.push('Ingress');
  if (command.isolate.egress) types.push('Egress');
  if (types.length === 0)
    return 'a new pod group needs ingress or egress isolation (a policy cannot select pods without isolating them)';
  newPolicy(ws, command.namespace, command.podSelector, types, command.name);
}
