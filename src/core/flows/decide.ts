/**
 * "Decided by": what decides one connection, in the words of `netpol explain` (docs/policy-tests.md §4,
 * docs/flows.md §4): for an allowed connection the rule of each side (or that the side is not isolated); for
 * a denied one, the side that denies and the policies that isolate it. Reads only the engine's explanation.
 */
import type { ConnectionExplanation, DirectionExplanation } from '../analysis/explain.ts';
import { formatConnections, NO_CONNECTIONS, unionConnections } from '../model/portset.ts';

function sideAllows(d: DirectionExplanation): string | undefined {
  if (!d.governed) return undefined;
  if (!d.isolated) return `${d.subject} not isolated for ${d.direction}`;
  if (d.allowedBy.length === 0) return `${d.subject}: ${d.reason}`;
  return d.allowedBy.map((m) => m.path).join(', ');
}

function sideDenies(d: DirectionExplanation): string {
  const only = d.matchedPeerOnly.length
    ? ` (${d.matchedPeerOnly.map((m) => m.path).join(', ')} match${d.matchedPeerOnly.length > 1 ? '' : 'es'} the peer but only allow${
        d.matchedPeerOnly.length > 1 ? '' : 's'
      } ${formatConnections(d.matchedPeerOnly.reduce((a, m) => unionConnections(a, m.conns), NO_CONNECTIONS))})`
    : '';
  return `${d.isolatingPolicies.join(', ')} isolate${d.isolatingPolicies.length > 1 ? '' : 's'} ${d.direction} of ${d.subject}, no rule matches${only}`;
}

/** The deciding rules or policies of one explained connection. */
export function decidedBy(x: ConnectionExplanation): string {
  if (x.loopback) return 'a pod can always reach itself';
  if (x.allowed)
    return [sideAllows(x.egress), sideAllows(x.ingress)].filter((s): s is string => s !== undefined).join('; ');
  const blocking = [x.egress, x.ingress].filter((d) => !d.allowed);
  if (blocking.length) return blocking.map(sideDenies).join('; ');
  return `egress allows ${formatConnections(x.egress.conns)} and ingress allows ${formatConnections(x.ingress.conns)}, which do not overlap`;
}
