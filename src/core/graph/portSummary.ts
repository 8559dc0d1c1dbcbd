/**
 * The ports of several flows drawn as one (a collapsed namespace's flows, aggregated on the canvas), as one short
 * label. The union is the port set algebra's (`model/portset.ts`): ports and ranges of a protocol merge into
 * sorted disjoint intervals, a flow with no ports (all ports, all protocols) makes the whole label `all ports`,
 * and a named port is kept by name unless its protocol is already allowed on every port (a name resolves per
 * destination pod, so it cannot be merged into numbers).
 */
import {
  connectionsOf,
  formatPortIntervals,
  isAllConnections,
  isAllPorts,
  NO_CONNECTIONS,
  portShape,
  unionConnections,
  type ConnectionSet,
} from '../model/portset.ts';
import { PROTOCOLS, type NetworkPolicyPort, type Protocol } from '../model/types.ts';

const isProtocol = (p: string): p is Protocol => (PROTOCOLS as readonly string[]).includes(p);

/**
 * `TCP 80,443,8000-9000,http; UDP 53`, `TCP all; UDP 53`, `all ports`. Each entry is one flow's ports as written
 * (`GraphEdge.ports`); undefined or empty means all ports and protocols. Ports that cannot be read (invalid, which
 * validation reports) are counted as `N invalid port(s)` rather than dropped.
 */
export function flowsPortsLabel(portLists: readonly (readonly NetworkPolicyPort[] | undefined)[]): string {
  let numbers: ConnectionSet = NO_CONNECTIONS;
  const named = new Map<Protocol, Set<string>>();
  let invalid = 0;
  for (const ports of portLists) {
    if (!ports || ports.length === 0) return 'all ports';
    for (const port of ports) {
      const shape = portShape(port);
      if (shape.kind === 'unknown' || !isProtocol(shape.protocol)) {
        invalid++;
        continue;
      }
      if (shape.kind === 'named') {
        const names = named.get(shape.protocol) ?? new Set<string>();
        names.add(shape.name);
        named.set(shape.protocol, names);
      } else if (shape.kind === 'all') numbers = unionConnections(numbers, connectionsOf(shape.protocol));
      else numbers = unionConnections(numbers, connectionsOf(shape.protocol, shape.from, shape.to));
    }
  }
  if (isAllConnections(numbers)) return 'all ports';
  const parts: string[] = [];
  for (const protocol of PROTOCOLS) {
    const intervals = numbers[protocol];
    if (isAllPorts(intervals)) {
      parts.push(`${protocol} all`);
      continue;
    }
    const items = intervals.length ? [formatPortIntervals(intervals)] : [];
    items.push(...[...(named.get(protocol) ?? [])].sort());
    if (items.length) parts.push(`${protocol} ${items.join(',')}`);
  }
  if (invalid) parts.push(invalid === 1 ? '1 invalid port' : `${invalid} invalid ports`);
  return parts.join('; ');
}
