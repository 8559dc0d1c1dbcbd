/**
 * The connectivity matrix for the canvas's matrix view: sources (rows) × destinations (columns), each cell the
 * connections allowed end to end (per protocol and port). Built from a connlist result, so it shows exactly
 * what `formatConnlist` lists.
 */
import type { ConnectivityResult, Peer } from './connectivity.ts';
import { compareIds } from './connectivity.ts';
import type { Protocol } from '../model/types.ts';
import { allowsPort, formatConnections, type ConnectionSet } from '../model/portset.ts';

export interface ConnectivityMatrix {
  /** Row peers: every workload, then the external ranges that may connect in. */
  sources: Peer[];
  /** Column peers: every workload, then the external ranges that may be reached. */
  destinations: Peer[];
  /** cells[row][col]: allowed connections, undefined for none (and for a workload with itself). */
  cells: (ConnectionSet | undefined)[][];
}

export function connectivityMatrix(result: ConnectivityResult): ConnectivityMatrix {
  const workloads = result.peers.filter((p) => p.kind === 'workload').sort((a, b) => compareIds(a.id, b.id));
  const srcExt = new Map<string, Peer>();
  const dstExt = new Map<string, Peer>();
  for (const c of result.connections) {
    if (c.src.kind === 'external') srcExt.set(c.src.id, c.src);
    if (c.dst.kind === 'external') dstExt.set(c.dst.id, c.dst);
  }
  // External ranges sort by address, not text, so 9.x comes before 10.x.
  const byAddress = (a: Peer, b: Peer) =>
    a.kind === 'external' && b.kind === 'external'
      ? a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0)
      : 0;
  const sources = [...workloads, ...[...srcExt.values()].sort(byAddress)];
  const destinations = [...workloads, ...[...dstExt.values()].sort(byAddress)];
  const rowOf = new Map(sources.map((p, i) => [p.id, i]));
  const colOf = new Map(destinations.map((p, i) => [p.id, i]));
  const cells: (ConnectionSet | undefined)[][] = sources.map(
    () => new Array<ConnectionSet | undefined>(destinations.length),
  );
  for (const c of result.connections) {
    const r = rowOf.get(c.src.id);
    const k = colOf.get(c.dst.id);
    if (r !== undefined && k !== undefined) cells[r]![k] = c.conns;
  }
  return { sources, destinations, cells };
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV: a header row of destinations, then one row per source; empty cells for no connection. */
export function matrixToCsv(m: ConnectivityMatrix): string {
  const rows = [
    ['src \\ dst', ...m.destinations.map((d) => d.id)],
    ...m.sources.map((s, r) => [
      s.id,
      ...m.destinations.map((_, k) => (m.cells[r]![k] ? formatConnections(m.cells[r]![k]!) : '')),
    ]),
  ];
  return rows.map((row) => row.map(csvField).join(',') + '\n').join('');
}

/** The matrix for one port and protocol: whether each source may connect to each destination on it. */
export function matrixAllows(m: ConnectivityMatrix, port: number, protocol: Protocol): boolean[][] {
  return m.cells.map((row) => m.destinations.map((_, k) => !!row[k] && allowsPort(row[k], port, protocol)));
}
