/**
 * Connlist output in np-guard's formats. `txt` reproduces np-guard exactly (`src => dst : conns`, sorted by src
 * then dst); json (`[{src, dst, conn}]`), csv (`src,dst,conn`), md (a `| src | dst | conn |` table) and dot
 * (workloads grouped in one cluster per namespace, external ranges in red) mirror np-guard's layouts, with the
 * same peer names as txt (current np-guard suffixes external ranges with `[External]` in every format).
 */
import type { ConnectivityResult, Connection, Peer } from './connectivity.ts';
import { formatConnections } from '../model/portset.ts';

export type ConnlistFormat = 'txt' | 'json' | 'csv' | 'md' | 'dot';
export const CONNLIST_FORMATS: readonly ConnlistFormat[] = ['txt', 'json', 'csv', 'md', 'dot'];

const line = (c: Connection): string => `${c.src.id} => ${c.dst.id} : ${formatConnections(c.conns)}`;

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const dotId = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function dot(result: ConnectivityResult): string {
  const used = new Set<string>();
  for (const c of result.connections) used.add(c.src.id).add(c.dst.id);
  const seen = new Set<string>();
  const peers: Peer[] = result.peers.filter((p) => !seen.has(p.id) && !!seen.add(p.id));
  const byNs = new Map<string, Peer[]>();
  const external: Peer[] = [];
  for (const p of peers) {
    if (p.kind === 'external') {
      if (used.has(p.id)) external.push(p);
      continue;
    }
    const list = byNs.get(p.workload.namespace) ?? [];
    list.push(p);
    byNs.set(p.workload.namespace, list);
  }
  const out: string[] = ['digraph {'];
  for (const [ns, list] of [...byNs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`\tsubgraph "cluster_${ns}" {`);
    for (const p of list) {
      const w = p.kind === 'workload' ? p.workload : undefined;
      out.push(`\t\t${dotId(p.id)} [label=${dotId(w ? `${w.name}[${w.kind}]` : p.id)} color="blue" fontcolor="blue"]`);
    }
    out.push(`\t\tlabel=${dotId(ns)}`, '\t}');
  }
  for (const p of external) out.push(`\t${dotId(p.id)} [label=${dotId(p.id)} color="red2" fontcolor="red2"]`);
  for (const c of result.connections)
    out.push(
      `\t${dotId(c.src.id)} -> ${dotId(c.dst.id)} [label=${dotId(formatConnections(c.conns))} color="gold2" fontcolor="darkgreen"]`,
    );
  out.push('}');
  return out.join('\n') + '\n';
}

/** Renders a connlist. Every format ends with a newline (txt: one line per connection, none when empty). */
export function formatConnlist(result: ConnectivityResult, format: ConnlistFormat = 'txt'): string {
  const conns = result.connections;
  switch (format) {
    case 'txt':
      return conns.map((c) => `${line(c)}\n`).join('');
    case 'json':
      return (
        JSON.stringify(
          conns.map((c) => ({ src: c.src.id, dst: c.dst.id, conn: formatConnections(c.conns) })),
          null,
          '  ',
        ) + '\n'
      );
    case 'csv':
      return [
        'src,dst,conn',
        ...conns.map((c) => [c.src.id, c.dst.id, formatConnections(c.conns)].map(csvField).join(',')),
      ]
        .map((l) => `${l}\n`)
        .join('');
    case 'md':
      return (
        [
          '| src | dst | conn |',
          '|-----|-----|------|',
          ...conns.map((c) => `| ${c.src.id} | ${c.dst.id} | ${formatConnections(c.conns)} |`),
        ].join('\n') + '\n'
      );
    case 'dot':
      return dot(result);
  }
}
