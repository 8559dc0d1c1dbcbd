import { normalizeRef } from '../../graph/refs.ts';
import type { CommandOf, Refusal } from '../commands.ts';
import { newPolicy, subjectPolicies } from '../policies.ts';
import { addFlow } from '../rules.ts';
import type { Workspace } from '../workspace.ts';

/**
 * Allows source → target: an ingress rule on the target's policy when the target is a pod group, and an egress
 * rule on the source's policy when the source is egress-isolated (or `sides` asks for it), so the drawn flow is
 * effective. A pod group without a policy of that direction gets one.
 */
export function connect(ws: Workspace, command: CommandOf<'connect'>): Refusal {
  const { ports } = command;
  const sides = command.sides ?? 'auto';
  const src = normalizeRef(command.source);
  const dst = normalizeRef(command.target);
  const dstIsPods = dst.kind === 'pods';
  const srcIsPods = src.kind === 'pods';
  const ingress = sides === 'ingress' || sides === 'both' || (sides === 'auto' && dstIsPods);
  let egress = sides === 'egress' || sides === 'both';
  if (sides === 'auto' && srcIsPods) {
    // Write the egress side when the source is egress-isolated (else the drawn flow would be blocked),
    // or when there is no ingress side to write (the target is not a pod group of one namespace).
    egress = !dstIsPods || subjectPolicies(ws, src, 'Egress').length > 0;
  }
  if (ingress && !dstIsPods) return 'an ingress rule needs a pod group of one namespace as the target';
  if (egress && !srcIsPods) {
    if (sides !== 'auto') return 'an egress rule needs a pod group of one namespace as the source';
    egress = false;
  }
  if (!ingress && !egress) return 'a flow needs a pod group at one end at least';
  if (ingress && dst.kind === 'pods') {
    const h = subjectPolicies(ws, dst, 'Ingress')[0] ?? newPolicy(ws, dst.namespace, dst.podSelector, ['Ingress']);
    addFlow(ws, h, 'ingress', src, ports);
  }
  if (egress && src.kind === 'pods') {
    const h = subjectPolicies(ws, src, 'Egress')[0] ?? newPolicy(ws, src.namespace, src.podSelector, ['Egress']);
    addFlow(ws, h, 'egress', dst, ports);
  }
}
