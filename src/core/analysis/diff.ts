/**
 * Connectivity diff (np-guard's `diff --dir1 OLD --dir2 NEW`, conformance.md §7): what NEW allows that OLD does
 * not, and the reverse, computed from the effective connectivity of both sides, never from their text. A
 * reordered or reformatted file therefore shows no change, and a workload whose labels changed shows the
 * effect of that change.
 *
 * - A pair is `changed` when both sides allow something and the sets differ (set equality), `added` when only
 *   NEW allows something, `removed` when only OLD does, `unchanged` otherwise (kept for the dot graph and the
 *   designer). Self pairs and external → external never appear (the connlists have none).
 * - External addresses are re-cut across both sides: per workload and per side of it (external source or
 *   external destination), each entry covers a maximal address interval over which OLD's and NEW's connections
 *   with that workload are both constant, as np-guard's disjoint blocks followed by `mergeIPblocks` give. So an
 *   entry's range may be in neither connlist.
 * - An end of an added (removed) entry is "new" ("lost") when it is a workload absent from OLD's (NEW's) set of
 *   all workloads, connected or not. External peers never are.
 */
import { compareIds, externalId, type ConnectivityResult, type ExternalPeer, type Peer } from './connectivity.ts';
import type { IpFamily } from '../model/cidr.ts';
import { equalConnections, NO_CONNECTIONS, type ConnectionSet } from '../model/portset.ts';

export type ConnectionDiffType = 'changed' | 'added' | 'removed' | 'unchanged';

export interface ConnectionDiff {
  type: ConnectionDiffType;
  src: Peer;
  dst: Peer;
  /** OLD's allowed connections (NO_CONNECTIONS for `added`). */
  before: ConnectionSet;
  /** NEW's allowed connections (NO_CONNECTIONS for `removed`). */
  after: ConnectionSet;
  /** `added`/`removed` only: the source (destination) is a workload missing from the other side. */
  srcNewOrLost: boolean;
  dstNewOrLost: boolean;
}

export interface ConnectivityDiff {
  /** Each list sorted by source id, then destination id (byte order). */
  changed: ConnectionDiff[];
  added: ConnectionDiff[];
  removed: ConnectionDiff[];
  unchanged: ConnectionDiff[];
}

export const isEmptyDiff = (d: ConnectivityDiff): boolean =>
  d.changed.length === 0 && d.added.length === 0 && d.removed.length === 0;

/** One side's connections of a workload with external ranges, on one side of it, in one address family. */
interface Run {
  first: bigint;
  last: bigint;
  conns: ConnectionSet;
}

interface ExternalGroup {
  workload: Peer;
  /** The external address is the source (true) or the destination (false). */
  externalIsSrc: boolean;
  family: IpFamily;
  runs: [Run[], Run[]];
}

function classify(before: ConnectionSet | undefined, after: ConnectionSet | undefined): ConnectionDiffType {
  if (before && after) return equalConnections(before, after) ? 'unchanged' : 'changed';
  return before ? 'removed' : 'added';
}

/**
 * Walks OLD's and NEW's runs together over the address space and yields maximal intervals on which both are
 * constant, skipping addresses neither side connects.
 */
function sweep(
  old: Run[],
  neu: Run[],
): { first: bigint; last: bigint; before?: ConnectionSet; after?: ConnectionSet }[] {
  const points = new Set<bigint>();
  for (const r of [...old, ...neu]) points.add(r.first).add(r.last + 1n);
  const sorted = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: { first: bigint; last: bigint; before?: ConnectionSet; after?: ConnectionSet }[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k + 1 < sorted.length; k++) {
    const first = sorted[k]!;
    const last = sorted[k + 1]! - 1n;
    while (i < old.length && old[i]!.last < first) i++;
    while (j < neu.length && neu[j]!.last < first) j++;
    const before = i < old.length && old[i]!.first <= first ? old[i]!.conns : undefined;
    const after = j < neu.length && neu[j]!.first <= first ? neu[j]!.conns : undefined;
    if (!before && !after) continue;
    const prev = out[out.length - 1];
    const same = (a: ConnectionSet | undefined, b: ConnectionSet | undefined) =>
      a === b || (!!a && !!b && equalConnections(a, b));
    if (prev && prev.last + 1n === first && same(prev.before, before) && same(prev.after, after)) prev.last = last;
    else out.push({ first, last, before, after });
  }
  return out;
}

/** The connectivity diff between OLD and NEW (both analysed with the same options). */
export function diffConnectivity(old: ConnectivityResult, neu: ConnectivityResult): ConnectivityDiff {
  const workloadsOf = (r: ConnectivityResult) => new Set(r.peers.filter((p) => p.kind === 'workload').map((p) => p.id));
  const oldWorkloads = workloadsOf(old);
  const newWorkloads = workloadsOf(neu);

  const pairs = new Map<
    string,
    { src: Peer; dst: Peer; conns: [ConnectionSet | undefined, ConnectionSet | undefined] }
  >();
  const groups = new Map<string, ExternalGroup>();
  [old, neu].forEach((side, s) => {
    for (const c of side.connections) {
      if (c.src.kind === 'workload' && c.dst.kind === 'workload') {
        const key = `${c.src.id}\u0000${c.dst.id}`;
        let entry = pairs.get(key);
        if (!entry) pairs.set(key, (entry = { src: c.src, dst: c.dst, conns: [undefined, undefined] }));
        else if (s === 1) Object.assign(entry, { src: c.src, dst: c.dst });
        entry.conns[s] = c.conns;
        continue;
      }
      const externalIsSrc = c.src.kind === 'external';
      const ext = (externalIsSrc ? c.src : c.dst) as ExternalPeer;
      const workload = externalIsSrc ? c.dst : c.src;
      const key = `${workload.id}\u0000${externalIsSrc ? 'from' : 'to'}\u0000${ext.family}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { workload, externalIsSrc, family: ext.family, runs: [[], []] }));
      else if (s === 1) g.workload = workload;
      g.runs[s as 0 | 1].push({ first: ext.first, last: ext.last, conns: c.conns });
    }
  });

  const diff: ConnectivityDiff = { changed: [], added: [], removed: [], unchanged: [] };
  const push = (src: Peer, dst: Peer, before: ConnectionSet | undefined, after: ConnectionSet | undefined) => {
    const type = classify(before, after);
    const other = type === 'added' ? oldWorkloads : newWorkloads;
    const missing = (p: Peer) => (type === 'added' || type === 'removed') && p.kind === 'workload' && !other.has(p.id);
    diff[type].push({
      type,
      src,
      dst,
      before: before ?? NO_CONNECTIONS,
      after: after ?? NO_CONNECTIONS,
      srcNewOrLost: missing(src),
      dstNewOrLost: missing(dst),
    });
  };
  for (const { src, dst, conns } of pairs.values()) push(src, dst, conns[0], conns[1]);
  for (const g of groups.values()) {
    const byFirst = (a: Run, b: Run) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0);
    for (const iv of sweep(g.runs[0].sort(byFirst), g.runs[1].sort(byFirst))) {
      const ext: ExternalPeer = {
        kind: 'external',
        id: externalId(g.family, iv.first, iv.last),
        family: g.family,
        first: iv.first,
        last: iv.last,
      };
      if (g.externalIsSrc) push(ext, g.workload, iv.before, iv.after);
      else push(g.workload, ext, iv.before, iv.after);
    }
  }
  const order = (a: ConnectionDiff, b: ConnectionDiff) =>
    compareIds(a.src.id, b.src.id) || compareIds(a.dst.id, b.dst.id);
  for (const list of Object.values(diff) as ConnectionDiff[][]) list.sort(order);
  return diff;
}
