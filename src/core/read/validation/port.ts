/** `ValidateNetworkPolicyPort` (P1–P7): protocol, port (a number or a name) and endPort. */
import type { NetworkPolicyPort } from '../../model/types.ts';
import type { Findings } from './context.ts';
import { isTemplated, portNameErrors, PORT_RANGE_MSG, quote } from './names.ts';

export function validatePort(v: Findings, item: NetworkPolicyPort): void {
  const protocol = item.protocol;
  if (
    protocol !== undefined &&
    protocol !== 'TCP' &&
    protocol !== 'UDP' &&
    protocol !== 'SCTP' &&
    !isTemplated(protocol)
  ) {
    const upper = protocol.toUpperCase();
    v.error(
      'P1',
      `Unsupported value: ${quote(protocol)}: supported values: "TCP", "UDP", "SCTP"`,
      ['protocol'],
      upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? `did you mean ${upper}?` : 'use TCP, UDP or SCTP',
    );
  }
  const endPort = item.endPort;
  const port = item.port;
  if (port === undefined) {
    if (endPort !== undefined) v.error('P7', 'may not be specified when `port` is not specified', ['endPort']);
    return;
  }
  if (typeof port === 'number') {
    if (port < 1 || port > 65535) v.error('P2', PORT_RANGE_MSG, ['port']);
    if (endPort !== undefined) {
      if (endPort < port) v.error('P3', 'must be greater than or equal to `port`', ['endPort']);
      if (endPort < 1 || endPort > 65535) v.error('P4', PORT_RANGE_MSG, ['endPort']);
    }
    return;
  }
  if (isTemplated(port)) return; // may become a number or a name
  if (endPort !== undefined) v.error('P5', 'may not be specified when `port` is non-numeric', ['endPort']);
  const errs = portNameErrors(port);
  if (errs.length) {
    const fix = /^\d+$/.test(port) ? `write the number unquoted: port: ${port}` : undefined;
    for (const msg of errs) v.error('P6', msg, ['port'], fix);
  }
}
