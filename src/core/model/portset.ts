/**
 * Sets of connections: per protocol (TCP, UDP, SCTP), a set of destination ports 1–65535 kept as sorted,
 * disjoint, non-adjacent inclusive intervals. Values are immutable: every operation returns a new set
 * (or one of its inputs when the answer is identical), so results can be shared and cached freely.
 */
import { isRecord } from './clone.ts';
import type { Protocol } from './types.ts';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Flattened inclusive intervals `[lo0, hi0, lo1, hi1, …]`, sorted, disjoint and non-adjacent. */
export type PortIntervals = readonly number[];

/** Protocol order used for printing (np-guard prints SCTP, TCP, UDP: alphabetical). */
export const PRINT_ORDER: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

const ALL_PORTS: PortIntervals = Object.freeze([MIN_PORT, MAX_PORT]);
const NO_PORTS: PortIntervals = Object.freeze([]);

export function portsUnion(a: PortIntervals, b: PortIntervals): PortIntervals {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  if (isAllPorts(a)) return a;
  if (isAllPorts(b)) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  const push = (lo: number, hi: number) => {
    const n = out.length;
    // Merge with the previous interval when overlapping or adjacent.
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else out.push(lo, hi);
  };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      push(a[i]!, a[i + 1]!);
      i += 2;
    } else {
      push(b[j]!, b[j + 1]!);
      j += 2;
    }
  }
  return out;
}

export function portsIntersect(a: PortIntervals, b: PortIntervals): PortIntervals {
  if (a.length === 0 || b.length === 0) return NO_PORTS;
  if (isAllPorts(a)) return b;
  if (isAllPorts(b)) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

export function portsContain(a: PortIntervals, port: number): boolean {
  for (let i = 0; i < a.length; i += 2) if (a[i]! <= port && port <= a[i + 1]!) return true;
  return false;
}

/** `a` covers every port of `b`. */
export function portsCover(a: PortIntervals, b: PortIntervals): boolean {
  return portsEqual(portsIntersect(a, b), b);
}

export function portsEqual(a: PortIntervals, b: PortIntervals): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const isAllPorts = (a: PortIntervals): boolean => a.length === 2 && a[0] === MIN_PORT && a[1] === MAX_PORT;

/** `80`, `1-79,81-65535`. */
export function formatPortIntervals(a: PortIntervals): string {
  const parts: string[] = [];
  for (let i = 0; i < a.length; i += 2) parts.push(a[i] === a[i + 1] ? `${a[i]}` : `${a[i]}-${a[i + 1]}`);
  return parts.join(',');
}

/** Allowed connections: destination ports per protocol. */
export interface ConnectionSet {
  readonly TCP: PortIntervals;
  readonly UDP: PortIntervals;
  readonly SCTP: PortIntervals;
}

export const ALL_CONNECTIONS: ConnectionSet = Object.freeze({ TCP: ALL_PORTS, UDP: ALL_PORTS, SCTP: ALL_PORTS });
export const NO_CONNECTIONS: ConnectionSet = Object.freeze({ TCP: NO_PORTS, UDP: NO_PORTS, SCTP: NO_PORTS });

/** The ports `lo..hi` of one protocol (clamped to 1–65535; empty when `lo > hi`). */
export function connectionsOf(protocol: Protocol, lo = MIN_PORT, hi = MAX_PORT): ConnectionSet {
  const l = Math.max(MIN_PORT, lo);
  const h = Math.min(MAX_PORT, hi);
  if (l > h) return NO_CONNECTIONS;
  return { ...NO_CONNECTIONS, [protocol]: l === MIN_PORT && h === MAX_PORT ? ALL_PORTS : [l, h] };
}

export const isEmptyConnections = (c: ConnectionSet): boolean =>
  c === NO_CONNECTIONS || (c.TCP.length === 0 && c.UDP.length === 0 && c.SCTP.length === 0);

export const isAllConnections = (c: ConnectionSet): boolean =>
  c === ALL_CONNECTIONS || (isAllPorts(c.TCP) && isAllPorts(c.UDP) && isAllPorts(c.SCTP));

export function unionConnections(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  if (a === ALL_CONNECTIONS || b === NO_CONNECTIONS) return a;
  if (b === ALL_CONNECTIONS || a === NO_CONNECTIONS) return b;
  const r = { TCP: portsUnion(a.TCP, b.TCP), UDP: portsUnion(a.UDP, b.UDP), SCTP: portsUnion(a.SCTP, b.SCTP) };
  return isAllConnections(r) ? ALL_CONNECTIONS : r;
}

export function intersectConnections(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  if (a === ALL_CONNECTIONS || b === NO_CONNECTIONS) return b;
  if (b === ALL_CONNECTIONS || a === NO_CONNECTIONS) return a;
  const r = {
    TCP: portsIntersect(a.TCP, b.TCP),
    UDP: portsIntersect(a.UDP, b.UDP),
    SCTP: portsIntersect(a.SCTP, b.SCTP),
  };
  return isEmptyConnections(r) ? NO_CONNECTIONS : r;
}

export function equalConnections(a: ConnectionSet, b: ConnectionSet): boolean {
  return a === b || (portsEqual(a.TCP, b.TCP) && portsEqual(a.UDP, b.UDP) && portsEqual(a.SCTP, b.SCTP));
}

/** `a` allows everything `b` allows. */
export function coversConnections(a: ConnectionSet, b: ConnectionSet): boolean {
  return portsCover(a.TCP, b.TCP) && portsCover(a.UDP, b.UDP) && portsCover(a.SCTP, b.SCTP);
}

export function allowsPort(c: ConnectionSet, port: number, protocol: Protocol): boolean {
  return portsContain(c[protocol], port);
}

/**
 * np-guard's connection text: `All Connections`, `No Connections`, or per protocol in the order SCTP, TCP, UDP
 * `PROTO r1,r2` joined with `,` (e.g. `SCTP 1-9002,9004-65535,TCP 1-65535,UDP 1-65535`).
 */
export function formatConnections(c: ConnectionSet): string {
  if (isAllConnections(c)) return 'All Connections';
  if (isEmptyConnections(c)) return 'No Connections';
  const parts: string[] = [];
  for (const p of PRINT_ORDER) if (c[p].length) parts.push(`${p} ${formatPortIntervals(c[p])}`);
  return parts.join(',');
}

// ---------------------------------------------------------------------------------------------------------
// A port as written (`NetworkPolicyPort`, unvalidated), read into a shape rules can compare: protocol
// defaulted to TCP, a number or range, a named port, all ports, or `unknown` for what cannot be read.

export type PortShape =
  | { kind: 'all'; protocol: string }
  | { kind: 'range'; protocol: string; from: number; to: number }
  | { kind: 'named'; protocol: string; name: string }
  | { kind: 'unknown'; key: string };

export function portShape(port: unknown): PortShape {
  if (!isRecord(port)) return { kind: 'unknown', key: JSON.stringify(port ?? null) };
  const protocol = port.protocol === undefined || port.protocol === null ? 'TCP' : port.protocol;
  if (typeof protocol !== 'string') return { kind: 'unknown', key: JSON.stringify(port) };
  const p = port.port;
  if (p === undefined || p === null) return { kind: 'all', protocol };
  if (typeof p === 'string') return { kind: 'named', protocol, name: p };
  if (typeof p === 'number' && Number.isInteger(p)) {
    const end = port.endPort;
    if (end === undefined || end === null) return { kind: 'range', protocol, from: p, to: p };
    if (typeof end === 'number' && end >= p) return { kind: 'range', protocol, from: p, to: end };
  }
  return { kind: 'unknown', key: JSON.stringify(port) };
}

/** Every connection `a` matches, `b` matches too (per destination pod, for named ports). */
export function portCovers(b: PortShape, a: PortShape): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown')
    return a.kind === 'unknown' && b.kind === 'unknown' && a.key === b.key;
  if (a.protocol !== b.protocol) return false;
  if (b.kind === 'all') return true;
  if (a.kind === 'all') return false;
  if (a.kind === 'named' || b.kind === 'named') return a.kind === 'named' && b.kind === 'named' && a.name === b.name;
  return b.from <= a.from && a.to <= b.to;
}

/** Whether a rule's `ports` admit protocol/port `n` (named ports: only through `names`). */
export function portsAdmit(
  ports: unknown[] | undefined,
  protocol: string,
  n: number,
  names: readonly string[] = [],
): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    const s = portShape(p);
    if (s.kind === 'unknown' || s.protocol !== protocol) return false;
    if (s.kind === 'all') return true;
    if (s.kind === 'named') return names.includes(s.name);
    return s.from <= n && n <= s.to;
  });
}
