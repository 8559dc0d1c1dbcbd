/**
 * Connectivity diff output in np-guard's formats (`pkg/netpol/diff/diff_formatter*.go`, conformance.md §7).
 * txt, csv, md and dot reproduce np-guard byte for byte; json (which np-guard's diff does not have) is an array
 * of objects keyed like the csv header. No difference prints nothing at all in txt, csv, md and dot, as
 * np-guard does; json prints `[]`.
 *
 * The side labels are np-guard CLI's `dir1`/`dir2` by default (its library says `ref1`/`ref2`).
 */
import type { Peer } from './connectivity.ts';
import { isEmptyDiff, type ConnectionDiff, type ConnectivityDiff } from './diff.ts';
import { formatConnections } from '../model/portset.ts';

export type DiffFormat = 'txt' | 'csv' | 'md' | 'json' | 'dot';
export const DIFF_FORMATS: readonly DiffFormat[] = ['txt', 'csv', 'md', 'json', 'dot'];

export interface DiffFormatOptions {
  /** What OLD and NEW are called: default `['dir1', 'dir2']`. */
  labels?: readonly [string, string];
}

interface Fields {
  type: string;
  src: string;
  dst: string;
  c1: string;
  c2: string;
  info: string;
}

/** `workload A added`, `workload A and B removed`, or '' (only ends missing from the other side). */
export function workloadsDiffInfo(d: ConnectionDiff): string {
  const ends = [d.srcNewOrLost ? d.src.id : '', d.dstNewOrLost ? d.dst.id : ''].filter(Boolean);
  return ends.length ? `workload ${ends.join(' and ')} ${d.type}` : '';
}

function fields(d: ConnectionDiff): Fields {
  return {
    type: d.type,
    src: d.src.id,
    dst: d.dst.id,
    c1: d.type === 'added' ? 'No Connections' : formatConnections(d.before),
    c2: d.type === 'removed' ? 'No Connections' : formatConnections(d.after),
    info: workloadsDiffInfo(d),
  };
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** np-guard's line order: changed, added, removed, each group sorted as formatted strings. */
function orderedLines(diff: ConnectivityDiff, line: (f: Fields) => string): string[] {
  return [diff.changed, diff.added, diff.removed].flatMap((group) => group.map((d) => line(fields(d))).sort(byteOrder));
}

/** Go `encoding/csv`: quote a field holding a comma, quote, CR or LF, or starting with a space. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s.startsWith(' ') ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Go's `%q` for the ASCII identifiers the dot output quotes. */
const q = (s: string): string => JSON.stringify(s);

function dot(diff: ConnectivityDiff, ref1: string): string {
  const visited = new Set<string>();
  const nsPeers = new Map<string, string[]>();
  const externalLines: string[] = [];
  const edges: string[] = [];
  const colors = { added: '#008000', removed: 'red', persistent: 'blue' };
  const peerLine = (p: Peer, d: ConnectionDiff, newOrLost: boolean) => {
    if (visited.has(p.id)) return;
    visited.add(p.id);
    const color =
      newOrLost && d.type === 'added'
        ? colors.added
        : newOrLost && d.type === 'removed'
          ? colors.removed
          : colors.persistent;
    const label = p.kind === 'workload' ? `${p.workload.name}[${p.workload.kind}]` : p.id;
    const text = `\t${q(p.id)} [label=${q(label)} color=${q(color)} fontcolor=${q(color)}]`;
    if (p.kind === 'external') externalLines.push(text);
    else {
      const ns = `${p.workload.namespace}[namespace]`;
      const list = nsPeers.get(ns) ?? [];
      list.push(`\t${text}`);
      nsPeers.set(ns, list);
    }
  };
  const edge = (src: string, dst: string, label: string, color: string) =>
    `\t${q(src)} -> ${q(dst)} [label=${q(label)} color=${q(color)} fontcolor=${q(color)} weight=${src <= dst ? '0.5' : '1'}]`;
  for (const group of [diff.unchanged, diff.changed, diff.added, diff.removed])
    for (const d of group) {
      peerLine(d.src, d, d.srcNewOrLost);
      peerLine(d.dst, d, d.dstNewOrLost);
      const { c1, c2 } = fields(d);
      if (d.type === 'unchanged') edges.push(edge(d.src.id, d.dst.id, c1, 'grey'));
      else if (d.type === 'changed') edges.push(edge(d.src.id, d.dst.id, `${c2} (${ref1}: ${c1})`, 'magenta'));
      else if (d.type === 'removed') edges.push(edge(d.src.id, d.dst.id, c1, 'red2'));
      else edges.push(edge(d.src.id, d.dst.id, c2, '#008000'));
    }
  const lines = ['digraph {'];
  for (const ns of [...nsPeers.keys()].sort(byteOrder)) {
    lines.push(`\tsubgraph "cluster_${ns.replaceAll('-', '_')}" {`, '\t\tcolor="black"', '\t\tfontcolor="black"');
    lines.push(...nsPeers.get(ns)!.sort(byteOrder), `\t\tlabel="${ns}"`, '\t}');
  }
  lines.push(...externalLines.sort(byteOrder), ...edges.sort(byteOrder));
  const key = (src: string, dst: string, label: string, color: string) =>
    `\t\t${src} -> ${dst} [label=${q(label)}, color=${q(color)} fontcolor=${q(color)} fontsize = 10 arrowsize=0.2]`;
  const node = (name: string, label: string, color: string) =>
    `\t\t${name} [label=${q(label)} color=${q(color)} fontcolor=${q(color)} fontsize = 10]`;
  lines.push(
    '\tnodesep=0.5',
    '\tsubgraph cluster_legend {',
    '\t\tlabel="Legend"',
    '\t\tfontsize = 10',
    '\t\tmargin=0',
    ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => `\t\t${n} [style=invis height=0 width=0]`),
    '\t\t{rank=source a b c d}',
    '\t\t{rank=same e f g h}',
    key('a', 'b', 'added connection', '#008000'),
    key('c', 'd', 'removed connection', 'red2'),
    key('e', 'f', 'changed connection', 'magenta'),
    key('g', 'h', 'unchanged connection', 'grey'),
    node('np', 'new peer', '#008000'),
    node('lp', 'lost peer', 'red'),
    node('pp', 'persistent peer', 'blue'),
    '\t\t{rank=sink np lp pp}',
    '\t\tnp->lp [style=invis]',
    '\t\tlp->pp [style=invis]',
    '\t}',
    '}',
  );
  return lines.join('\n');
}

/** Renders a connectivity diff. */
export function formatConnectivityDiff(
  diff: ConnectivityDiff,
  format: DiffFormat = 'txt',
  options: DiffFormatOptions = {},
): string {
  const [ref1, ref2] = options.labels ?? ['dir1', 'dir2'];
  if (isEmptyDiff(diff)) return format === 'json' ? '[]\n' : '';
  switch (format) {
    case 'txt':
      return (
        [
          'Connectivity diff:',
          ...orderedLines(
            diff,
            (f) =>
              `diff-type: ${f.type}, source: ${f.src}, destination: ${f.dst}, ${ref1}: ${f.c1}, ${ref2}: ${f.c2}` +
              (f.info ? `, workloads-diff-info: ${f.info}` : ''),
          ),
        ].join('\n') + '\n'
      );
    case 'csv':
      // np-guard sorts `type;src;dst;c1;c2;info` strings, then splits them on `;` into csv rows.
      return [
        ['diff-type', 'source', 'destination', ref1, ref2, 'workloads-diff-info'],
        ...orderedLines(diff, (f) => [f.type, f.src, f.dst, f.c1, f.c2, f.info].join(';')).map((l) => l.split(';')),
      ]
        .map((row) => `${row.map(csvField).join(',')}\n`)
        .join('');
    case 'md':
      return [
        `| diff-type | source | destination | ${ref1} | ${ref2} | workloads-diff-info |`,
        '|-----------|--------|-------------|------|------|---------------------|',
        ...orderedLines(diff, (f) => `| ${f.type} | ${f.src} | ${f.dst} | ${f.c1} | ${f.c2} | ${f.info} |`),
      ].join('\n');
    case 'json': {
      const rows = [diff.changed, diff.added, diff.removed].flatMap((group) =>
        group.map((d) => {
          const f = fields(d);
          return {
            'diff-type': f.type,
            source: f.src,
            destination: f.dst,
            [ref1]: f.c1,
            [ref2]: f.c2,
            'workloads-diff-info': f.info,
          };
        }),
      );
      return JSON.stringify(rows, null, '  ') + '\n';
    }
    case 'dot':
      return dot(diff, ref1);
  }
}
