/**
 * Reading Hubble flow logs (`hubble observe -o jsonpb`, the Hubble exporter's files): one JSON object per
 * line, fed line by line so a caller can stream a log of any size (docs/flows.md §2). What is kept is
 * aggregated: per distinct connection (endpoints, protocol, port, passed or dropped) a count, never the flows.
 *
 * A flow record gives an observed connection when its verdict passed (FORWARDED, REDIRECTED, AUDIT), it is
 * not a socket-translation event (SOCK), not a reply, TCP/UDP/SCTP with a destination port, and both ends are
 * pods or one is an external address (§2.3, §2.4). DROPPED records that would otherwise count are kept apart
 * (the check reports them). Every pod class seen on any record, whatever its verdict, belongs to the capture.
 */
import { parseIp } from '../model/cidr.ts';
import { NAMESPACE_NAME_LABEL } from '../read/inventory.ts';
import type { Protocol } from '../model/types.ts';

export type FlowVerdict = 'FORWARDED' | 'REDIRECTED' | 'AUDIT' | 'DROPPED';

/** A pod as Hubble reports it: namespace and identity labels (§2.5). */
export interface FlowPod {
  kind: 'pod';
  namespace: string;
  /** `k8s:` identity labels without `io.kubernetes.pod.namespace` and `io.cilium.*` keys. */
  labels: Record<string, string>;
  /** The namespace's labels from `k8s:io.cilium.k8s.namespace.labels.*`, plus `kubernetes.io/metadata.name`. */
  namespaceLabels: Record<string, string>;
  podName?: string;
  workload?: { name: string; kind: string };
}

/** An address outside the cluster (`reserved:world*`, `reserved:kube-apiserver`). */
export interface FlowExternal {
  kind: 'ip';
  ip: string;
}

export type FlowEndpoint = FlowPod | FlowExternal;

/** Where a line came from, for messages and for the comments that justify a proposed rule. */
export interface FlowLocation {
  file: string;
  line: number;
}

/** Flow records with the same endpoints, protocol and port, and the same outcome (passed or dropped). */
export interface FlowGroup {
  /** `ns/pod_name`, `ns/{k=v,…}` for a pod without a name, or the address. */
  src: string;
  dst: string;
  source: FlowEndpoint;
  destination: FlowEndpoint;
  protocol: Protocol;
  port: number;
  /** False for DROPPED records. */
  passed: boolean;
  verdicts: FlowVerdict[];
  flows: number;
  /** For dropped records: the `traffic_direction`s where they were dropped, and the drop reasons. */
  dropDirections: string[];
  dropReasons: string[];
  first: FlowLocation;
}

/** A pod class: pods with the same namespace and identity labels (§2.5). */
export interface FlowClass {
  /** `ns/k=v,k2=v2` (keys in byte order). */
  key: string;
  namespace: string;
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
  /** Pod names seen, sorted. */
  pods: string[];
}

export interface FlowDiagnostic {
  file: string;
  line: number;
  message: string;
}

export interface FlowCapture {
  /** Flow records read (lines with a flow). */
  flows: number;
  groups: FlowGroup[];
  /** U: every pod class seen as an endpoint of any record, sorted by key. */
  classes: FlowClass[];
  /** Why records did not count, with counts (`reply`, `reserved:host`, `ICMP`, `DROPPED`, …). */
  skipped: Record<string, number>;
  diagnostics: FlowDiagnostic[];
  /** Earliest and latest `time` of the records, when they carry one. */
  timeRange?: [string, string];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field by its proto name, else by protobuf's lowerCamelCase JSON name (§2.1). */
function field(o: Obj, snake: string): unknown {
  if (Object.hasOwn(o, snake)) return o[snake];
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return camel !== snake && Object.hasOwn(o, camel) ? o[camel] : undefined;
}

const VERDICTS: Record<number, string> = {
  0: 'VERDICT_UNKNOWN',
  1: 'FORWARDED',
  2: 'DROPPED',
  3: 'ERROR',
  4: 'AUDIT',
  5: 'REDIRECTED',
  6: 'TRACED',
  7: 'TRANSLATED',
};
const FLOW_TYPES: Record<number, string> = { 0: 'UNKNOWN_TYPE', 1: 'L3_L4', 2: 'L7', 3: 'SOCK' };
const DIRECTIONS: Record<number, string> = { 0: 'TRAFFIC_DIRECTION_UNKNOWN', 1: 'INGRESS', 2: 'EGRESS' };

const enumText = (v: unknown, names: Record<number, string>): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? names[v] : undefined;

/** `google.protobuf.BoolValue`: a bare bool in JSON (a `{value}` object from some encoders). */
function boolValue(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (isObj(v)) return v.value === true;
  return undefined;
}

const WORLD = new Set(['reserved:world', 'reserved:world-ipv4', 'reserved:world-ipv6', 'reserved:kube-apiserver']);
const NS_LABEL_PREFIX = 'io.cilium.k8s.namespace.labels.';
const POD_NS_LABEL = 'io.kubernetes.pod.namespace';

type EndpointRead = { endpoint: FlowEndpoint } | { skip: string } | { none: true };

/** One endpoint of a record, in the order of §2.4. `ip` is the address on that side of `flow.IP`. */
function readEndpoint(e: unknown, ip: string | undefined): EndpointRead {
  if (!isObj(e)) return { skip: 'unidentified endpoint' };
  const labels = Array.isArray(e.labels) ? e.labels.filter((l): l is string => typeof l === 'string') : [];
  const namespace = typeof e.namespace === 'string' && e.namespace ? e.namespace : undefined;
  const podNameRaw = field(e, 'pod_name');
  const podName = typeof podNameRaw === 'string' && podNameRaw ? podNameRaw : undefined;
  if (labels.some((l) => WORLD.has(l))) {
    if (namespace || podName) return { skip: 'reserved:world with a pod name (unresolved identity)' };
    if (!ip || !parseIp(ip)) return { skip: 'external endpoint without an address' };
    return { endpoint: { kind: 'ip', ip } };
  }
  const reserved = labels.find((l) => l.startsWith('reserved:'));
  if (reserved) return { skip: reserved };
  const podLabels: Record<string, string> = {};
  const nsLabels: Record<string, string> = {};
  let nsFromLabel: string | undefined;
  for (const l of labels) {
    if (!l.startsWith('k8s:')) continue;
    const kv = l.slice(4);
    const eq = kv.indexOf('=');
    const key = eq < 0 ? kv : kv.slice(0, eq);
    const value = eq < 0 ? '' : kv.slice(eq + 1);
    if (!key) continue;
    if (key === POD_NS_LABEL) nsFromLabel = value;
    else if (key.startsWith(NS_LABEL_PREFIX)) nsLabels[key.slice(NS_LABEL_PREFIX.length)] = value;
    else if (!key.startsWith('io.cilium.')) podLabels[key] = value;
  }
  const ns = namespace ?? nsFromLabel;
  if (!ns) return { skip: 'unidentified endpoint' };
  nsLabels[NAMESPACE_NAME_LABEL] = ns;
  const pod: FlowPod = { kind: 'pod', namespace: ns, labels: sortedRecord(podLabels), namespaceLabels: nsLabels };
  if (podName) pod.podName = podName;
  const workloads = e.workloads;
  if (Array.isArray(workloads) && isObj(workloads[0]) && typeof workloads[0].name === 'string')
    pod.workload = {
      name: workloads[0].name,
      kind: typeof workloads[0].kind === 'string' ? workloads[0].kind : '',
    };
  return { endpoint: pod };
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}

/** `k=v,k2=v2`, keys in byte order. */
export const labelsText = (labels: Record<string, string>): string =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

/** The key of a pod's class, `ns/k=v,…`. */
export const classKeyOf = (p: { namespace: string; labels: Record<string, string> }): string =>
  `${p.namespace}/${labelsText(p.labels)}`;

/** How a check line names an endpoint: `ns/pod_name`, `ns/{k=v,…}`, or the address. */
export function endpointText(e: FlowEndpoint): string {
  if (e.kind === 'ip') return e.ip;
  return e.podName ? `${e.namespace}/${e.podName}` : `${e.namespace}/{${labelsText(e.labels)}}`;
}

type Outcome =
  | { skip: string }
  | {
      source: FlowEndpoint;
      destination: FlowEndpoint;
      protocol: Protocol;
      port: number;
      verdict: FlowVerdict;
      direction?: string;
      dropReason?: string;
    };

const L4_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/**
 * Reads flow log lines one at a time (`push`), then `finish()` gives the capture. Keeps only aggregates and,
 * for records whose reply status is unknown, their outcome until every line has been seen (§2.3 item 3).
 */
export class FlowReader {
  private flowCount = 0;
  private readonly groups = new Map<string, FlowGroup>();
  private readonly classes = new Map<string, FlowClass & { podSet: Set<string> }>();
  private readonly skipped = new Map<string, number>();
  private readonly diagnostics: FlowDiagnostic[] = [];
  /** 5-tuples of records known not to be replies. */
  private readonly knownRequests = new Set<string>();
  /** Records of unknown reply status: the reverse 5-tuple and what they give when not a reply. */
  private pending: { reverse: string; outcome: Outcome; at: FlowLocation }[] = [];
  private minTime: string | undefined;
  private maxTime: string | undefined;

  /** Splits `text` into lines and reads each (for callers that have the whole text, e.g. tests). */
  pushText(text: string, file: string): void {
    let line = 0;
    for (const l of text.split('\n')) this.push(l, file, ++line);
  }

  /** Reads one line of a flow log. Never throws: a line that is not a JSON object becomes a diagnostic. */
  push(text: string, file: string, line: number): void {
    const t = text.trim();
    if (!t) return;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch {
      value = undefined;
    }
    if (!isObj(value)) {
      const shown = t.length > 60 ? `${t.slice(0, 57)}…` : t;
      this.diagnostics.push({ file, line, message: `not a JSON object: ${shown}` });
      return;
    }
    let flow: Obj | undefined;
    if (isObj(value.flow)) flow = value.flow;
    else if (['verdict', 'IP', 'l4', 'source', 'destination'].some((k) => Object.hasOwn(value, k))) flow = value;
    if (!flow) return; // node_status, lost_events, agent and debug events
    this.flowCount++;
    this.readFlow(flow, { file, line });
  }

  private count(reason: string, n = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + n);
  }

  private noteClass(e: EndpointRead): void {
    if (!('endpoint' in e) || e.endpoint.kind !== 'pod') return;
    const p = e.endpoint;
    const key = classKeyOf(p);
    let c = this.classes.get(key);
    if (!c) {
      c = {
        key,
        namespace: p.namespace,
        labels: p.labels,
        namespaceLabels: p.namespaceLabels,
        pods: [],
        podSet: new Set(),
      };
      this.classes.set(key, c);
    }
    if (p.podName) c.podSet.add(p.podName);
  }

  private readFlow(flow: Obj, at: FlowLocation): void {
    const time = field(flow, 'time');
    if (typeof time === 'string' && time) {
      if (this.minTime === undefined || time < this.minTime) this.minTime = time;
      if (this.maxTime === undefined || time > this.maxTime) this.maxTime = time;
    }
    const ipObj = isObj(flow.IP) ? flow.IP : isObj(flow.ip) ? flow.ip : {};
    const srcIp = typeof ipObj.source === 'string' ? ipObj.source : undefined;
    const dstIp = typeof ipObj.destination === 'string' ? ipObj.destination : undefined;
    const src = readEndpoint(flow.source, srcIp);
    const dst = readEndpoint(flow.destination, dstIp);
    this.noteClass(src);
    this.noteClass(dst);

    // The 5-tuple, for replies of unknown status (§2.3 item 3). ICMP has no ports: addresses only.
    const l4 = isObj(flow.l4) ? flow.l4 : undefined;
    let protocol: string | undefined;
    let l4Obj: Obj | undefined;
    if (l4)
      for (const p of [...L4_PROTOCOLS, 'ICMPv4', 'ICMPv6'])
        if (isObj(l4[p])) {
          protocol = p;
          l4Obj = l4[p] as Obj;
          break;
        }
    const sport = l4Obj ? field(l4Obj, 'source_port') : undefined;
    const dport = l4Obj ? field(l4Obj, 'destination_port') : undefined;
    const tuple = (a: unknown, ap: unknown, b: unknown, bp: unknown) =>
      `${protocol ?? ''}|${String(a ?? '')}|${String(ap ?? '')}|${String(b ?? '')}|${String(bp ?? '')}`;

    const isReply = boolValue(field(flow, 'is_reply'));
    const reply = isReply !== undefined ? isReply : flow.reply === true ? true : undefined;
    if (reply === false) this.knownRequests.add(tuple(srcIp, sport, dstIp, dport));

    const verdict = enumText(flow.verdict, VERDICTS);
    if (verdict !== 'FORWARDED' && verdict !== 'REDIRECTED' && verdict !== 'AUDIT' && verdict !== 'DROPPED') {
      this.count(verdict ? `verdict ${verdict}` : 'no verdict');
      return;
    }
    if (enumText(flow.Type ?? flow.type, FLOW_TYPES) === 'SOCK') {
      this.count('SOCK');
      return;
    }
    if (reply === true) {
      this.count('reply');
      return;
    }
    let outcome: Outcome;
    if (!protocol) outcome = { skip: 'no L4' };
    else if (protocol.startsWith('ICMP')) outcome = { skip: 'ICMP' };
    else if (typeof dport !== 'number' || !Number.isInteger(dport) || dport < 1 || dport > 65535)
      outcome = { skip: 'no destination port' };
    else if ('skip' in src) outcome = { skip: src.skip };
    else if ('skip' in dst) outcome = { skip: dst.skip };
    else if (!('endpoint' in src) || !('endpoint' in dst)) outcome = { skip: 'unidentified endpoint' };
    else if (src.endpoint.kind === 'ip' && dst.endpoint.kind === 'ip') outcome = { skip: 'external to external' };
    else {
      const direction = enumText(field(flow, 'traffic_direction'), DIRECTIONS);
      const dropReason = field(flow, 'drop_reason_desc');
      outcome = {
        source: src.endpoint,
        destination: dst.endpoint,
        protocol: protocol as Protocol,
        port: dport,
        verdict,
        ...(direction ? { direction } : {}),
        ...(typeof dropReason === 'string' ? { dropReason } : {}),
      };
    }
    if (reply === undefined) this.pending.push({ reverse: tuple(dstIp, dport, srcIp, sport), outcome, at });
    else this.apply(outcome, at);
  }

  private apply(outcome: Outcome, at: FlowLocation): void {
    if ('skip' in outcome) {
      this.count(outcome.skip);
      return;
    }
    const passed = outcome.verdict !== 'DROPPED';
    if (!passed) this.count('DROPPED');
    const src = endpointText(outcome.source);
    const dst = endpointText(outcome.destination);
    const key = `${src}\u0000${dst}\u0000${outcome.protocol}\u0000${outcome.port}\u0000${passed}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        src,
        dst,
        source: outcome.source,
        destination: outcome.destination,
        protocol: outcome.protocol,
        port: outcome.port,
        passed,
        verdicts: [],
        flows: 0,
        dropDirections: [],
        dropReasons: [],
        first: at,
      };
      this.groups.set(key, g);
    }
    g.flows++;
    if (!g.verdicts.includes(outcome.verdict)) g.verdicts.push(outcome.verdict);
    if (!passed) {
      if (outcome.direction && !g.dropDirections.includes(outcome.direction)) g.dropDirections.push(outcome.direction);
      if (outcome.dropReason && !g.dropReasons.includes(outcome.dropReason)) g.dropReasons.push(outcome.dropReason);
    }
  }

  /** The capture: records of unknown reply status are decided now that every line has been read. */
  finish(): FlowCapture {
    for (const p of this.pending) {
      if (this.knownRequests.has(p.reverse)) this.count('reply');
      else this.apply(p.outcome, p.at);
    }
    this.pending = [];
    const groups = [...this.groups.values()].sort(compareGroups);
    const classes = [...this.classes.values()]
      .map(({ podSet, ...c }) => ({ ...c, pods: [...podSet].sort() }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const skipped: Record<string, number> = {};
    for (const k of [...this.skipped.keys()].sort()) skipped[k] = this.skipped.get(k)!;
    return {
      flows: this.flowCount,
      groups,
      classes,
      skipped,
      diagnostics: [...this.diagnostics],
      ...(this.minTime !== undefined ? { timeRange: [this.minTime, this.maxTime!] as [string, string] } : {}),
    };
  }
}

const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

function compareGroups(a: FlowGroup, b: FlowGroup): number {
  return (
    cmp(a.src, b.src) ||
    cmp(a.dst, b.dst) ||
    cmp(a.protocol, b.protocol) ||
    cmp(a.port, b.port) ||
    cmp(a.passed ? 0 : 1, b.passed ? 0 : 1)
  );
}

/** Reads whole texts (one capture from several logs). */
export function readFlows(inputs: readonly { name: string; text: string }[]): FlowCapture {
  const reader = new FlowReader();
  for (const i of inputs) reader.pushText(i.text, i.name);
  return reader.finish();
}

/**
 * Splits a stream of text chunks into lines without holding more than one partial line (for the designer,
 * which reads a dropped file through `File.stream()`).
 */
export class LineSplitter {
  private rest = '';
  private lineNo = 0;
  private readonly onLine: (line: string, lineNo: number) => void;
  constructor(onLine: (line: string, lineNo: number) => void) {
    this.onLine = onLine;
  }
  push(chunk: string): void {
    const text = this.rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.onLine(text.slice(start, nl), ++this.lineNo);
      start = nl + 1;
    }
    this.rest = text.slice(start);
  }
  end(): void {
    if (this.rest) this.onLine(this.rest, ++this.lineNo);
    this.rest = '';
  }
}
