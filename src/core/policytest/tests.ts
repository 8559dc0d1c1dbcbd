/**
 * Policy tests (docs/policy-tests.md): a YAML file of connectivity assertions ("frontend reaches the cart on
 * 7070/TCP", "nothing reaches redis from adservice"), each checked against policies and workloads by the
 * analysis engine, the same one `netpol analyze` and `netpol explain` use. No cluster, no probes.
 *
 * Reading is strict (§1): anything the format does not define is bad input with its line and column, and then
 * no test runs. Running never throws.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import {
  parseCidr,
  parseIp,
  rangeToString,
  cidrRangeView,
  formatIp,
  type IpFamily,
  type IpRange,
} from '../model/cidr.ts';
import { formatConnections, isEmptyConnections } from '../model/portset.ts';
import { workloadId } from '../analysis/connectivity.ts';
import {
  asModel,
  endpointOfWorkload,
  explainConnection,
  resolveEndpoint,
  type ConnectionExplanation,
  type Endpoint,
  type ExplainOptions,
} from '../analysis/explain.ts';
import type { AnalysisInput, Model } from '../analysis/model.ts';
import { decidedBy } from '../flows/decide.ts';
import type { Protocol } from '../model/types.ts';

/** An endpoint as written in the file (§2). */
export type TestEndpoint =
  | { kind: 'workload'; text: string }
  | { kind: 'pod'; namespace: string; podLabels: Record<string, string>; namespaceLabels?: Record<string, string> }
  | { kind: 'ip'; ip: string }
  | { kind: 'cidr'; cidr: string };

export interface PolicyTest {
  name: string;
  from: TestEndpoint;
  to: TestEndpoint;
  port?: { port: number; protocol: Protocol };
  expect: 'allow' | 'deny';
  /** 1-based position of the test's item, for messages. */
  line: number;
  column: number;
  /** Positions of `from` and `to`, for resolution errors. */
  fromAt: [number, number];
  toAt: [number, number];
}

export interface TestFileError {
  line: number;
  column: number;
  message: string;
  /** The test's name when known. */
  test?: string;
}

export type TestFileRead = { tests: PolicyTest[]; errors: [] } | { tests: undefined; errors: TestFileError[] };

const TEST_KEYS = ['name', 'from', 'to', 'port', 'expect'];
const POD_KEYS = ['namespace', 'podLabels', 'namespaceLabels'];

/** `PORT`, `PORT/PROTOCOL` (any case) or an integer; without a protocol, TCP. */
export function parseTestPort(value: unknown): { port: number; protocol: Protocol } | undefined {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 1 && value <= 65535 ? { port: value, protocol: 'TCP' } : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(value.trim());
  if (!m) return undefined;
  const port = Number(m[1]);
  if (!(port >= 1 && port <= 65535)) return undefined;
  return { port, protocol: (m[2] ?? 'TCP').toUpperCase() as Protocol };
}

/** Reads a test file (§1–§2, structure only; workloads are resolved when running). */
export function readTestFile(text: string): TestFileRead {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const errors: TestFileError[] = [];
  const at = (node: Node | null | undefined, fallback = 0): [number, number] => {
    const p = lc.linePos(node?.range?.[0] ?? fallback);
    return [p.line, p.col];
  };
  const fail = (node: Node | null | undefined, message: string, test?: string) => {
    const [line, column] = at(node);
    errors.push({ line, column, message, ...(test !== undefined ? { test } : {}) });
  };
  for (const e of doc.errors) {
    const p = lc.linePos(e.pos[0]);
    errors.push({ line: p.line, column: p.col, message: e.message.split('\n')[0]! });
  }
  if (errors.length) return { tests: undefined, errors };
  const root = doc.contents;
  if (!isMap(root)) {
    fail(root, 'the file must be a mapping with one key, tests');
    return { tests: undefined, errors };
  }
  let list: Node | undefined;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (key === 'tests') list = (pair.value ?? undefined) as Node | undefined;
    else fail(pair.key as Node, `unknown key "${String(key)}" (the file has one key, tests)`);
  }
  if (!list || !isSeq(list) || list.items.length === 0) {
    fail(list ?? root, 'tests must be a non-empty list');
    return { tests: undefined, errors };
  }
  const tests: PolicyTest[] = [];
  const names = new Set<string>();
  for (const item of list.items as Node[]) {
    if (!isMap(item)) {
      fail(item, 'a test must be a mapping of name, from, to, port, expect');
      continue;
    }
    const fields = new Map<string, Node | null>();
    const nameNode = item.items.find((p) => isScalar(p.key) && p.key.value === 'name')?.value as Node | undefined;
    const name = isScalar(nameNode) && typeof nameNode.value === 'string' ? nameNode.value : undefined;
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!TEST_KEYS.includes(key))
        fail(pair.key as Node, `unknown key "${key}" (a test has name, from, to, port, expect)`, name);
      else fields.set(key, (pair.value ?? null) as Node | null);
    }
    for (const k of ['name', 'from', 'to', 'expect'])
      if (!fields.has(k) || fields.get(k) === null) fail(item, `missing ${k}`, name);
    if (fields.has('name') && (name === undefined || name.trim() === ''))
      fail(fields.get('name'), 'name must be a non-empty string', name);
    else if (name !== undefined) {
      if (names.has(name)) fail(fields.get('name'), `duplicate name "${name}"`, name);
      names.add(name);
    }
    const expectNode = fields.get('expect');
    const expectValue = isScalar(expectNode) ? expectNode.value : undefined;
    if (expectNode && expectValue !== 'allow' && expectValue !== 'deny')
      fail(expectNode, `expect must be allow or deny, not "${String(expectValue ?? '…')}"`, name);
    const portNode = fields.get('port');
    let port: { port: number; protocol: Protocol } | undefined;
    if (fields.has('port')) {
      port = isScalar(portNode) ? parseTestPort(portNode.value) : undefined;
      if (!port)
        fail(
          portNode,
          `port must be PORT, PORT/PROTOCOL or an integer (1-65535; TCP, UDP or SCTP), not "${isScalar(portNode) ? String(portNode.value) : '…'}"`,
          name,
        );
    }
    const endpoint = (node: Node | null | undefined, side: string): TestEndpoint | undefined => {
      if (!node) return undefined;
      if (isScalar(node) && typeof node.value === 'string' && node.value.trim()) {
        const t = node.value.trim();
        if (t.includes('/') && parseCidr(t)) return { kind: 'cidr', cidr: t };
        if (parseIp(t)) return { kind: 'ip', ip: t };
        return { kind: 'workload', text: t };
      }
      if (isMap(node)) {
        const pod: Record<string, Node | null> = {};
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : '';
          if (!POD_KEYS.includes(key))
            fail(pair.key as Node, `unknown key "${key}" in ${side} (namespace, podLabels, namespaceLabels)`, name);
          else pod[key] = (pair.value ?? null) as Node | null;
        }
        const ns = pod.namespace;
        if (!isScalar(ns) || typeof ns.value !== 'string' || !ns.value) {
          fail(ns ?? node, `${side}.namespace must be a namespace name`, name);
          return undefined;
        }
        const labels = (n: Node | null | undefined, what: string): Record<string, string> | undefined => {
          if (!isMap(n)) {
            fail(n ?? node, `${side}.${what} must be a mapping of label keys to string values`, name);
            return undefined;
          }
          const out: Record<string, string> = {};
          for (const pair of n.items) {
            const k = isScalar(pair.key) ? pair.key.value : undefined;
            const v = isScalar(pair.value) ? pair.value.value : undefined;
            if (typeof k !== 'string' || typeof v !== 'string') {
              fail(
                (pair.value ?? pair.key) as Node,
                `${side}.${what}: label values must be strings (quote them)`,
                name,
              );
              return undefined;
            }
            out[k] = v;
          }
          return out;
        };
        const podLabels = labels(pod.podLabels, 'podLabels');
        const namespaceLabels = 'namespaceLabels' in pod ? labels(pod.namespaceLabels, 'namespaceLabels') : undefined;
        if (!podLabels || ('namespaceLabels' in pod && !namespaceLabels)) return undefined;
        return {
          kind: 'pod',
          namespace: ns.value,
          podLabels,
          ...(namespaceLabels ? { namespaceLabels } : {}),
        };
      }
      fail(node, `${side} must be a workload name, an IP address, a CIDR or {namespace, podLabels}`, name);
      return undefined;
    };
    const from = endpoint(fields.get('from'), 'from');
    const to = endpoint(fields.get('to'), 'to');
    const external = (e: TestEndpoint | undefined) => e?.kind === 'ip' || e?.kind === 'cidr';
    if (external(from) && external(to)) fail(item, 'from and to cannot both be external', name);
    if (name && from && to && (expectValue === 'allow' || expectValue === 'deny') && (!fields.has('port') || port)) {
      const [line, column] = at(item);
      tests.push({
        name,
        from,
        to,
        ...(port ? { port } : {}),
        expect: expectValue,
        line,
        column,
        fromAt: at(fields.get('from')),
        toAt: at(fields.get('to')),
      });
    }
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return errors.length ? { tests: undefined, errors } : { tests, errors: [] };
}

export interface TestResult {
  test: PolicyTest;
  got: 'allow' | 'deny' | 'partial';
  passed: boolean;
  /** `FROM -> TO PORT`. */
  what: string;
  /** What is allowed, for port-less and CIDR tests: `TCP 7070`, `10.0.0.0-10.0.255.255`. */
  detail?: string;
  decidedBy: string;
  text: string;
}

export type TestRun = { results: TestResult[]; summary: string; failed: number } | { errors: TestFileError[] };

const labelsText = (labels: Record<string, string>): string =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

/** Every address boundary of the policies' ipBlocks in one family: where an answer can change. */
function ipCuts(model: Model, family: IpFamily): bigint[] {
  const cuts: bigint[] = [];
  for (const p of model.policies)
    for (const rule of [...p.ingress, ...p.egress])
      for (const peer of rule.peers ?? [])
        if (peer.kind === 'ipBlock')
          for (const [first, last] of family === 4 ? peer.ips.v4 : peer.ips.v6) cuts.push(first, last + 1n);
  return cuts;
}

/** Runs the tests of a file against policies and workloads. Workloads that do not resolve are bad input. */
export function runPolicyTests(
  tests: readonly PolicyTest[],
  input: AnalysisInput | Model,
  options: ExplainOptions = {},
): TestRun {
  const model = asModel(input, options);
  const opts: ExplainOptions = { ...options, loopbackAlwaysAllowed: false };
  const errors: TestFileError[] = [];
  type Resolved = { endpoint: Endpoint; text: string } | { cidr: { family: IpFamily; range: IpRange }; text: string };
  const resolve = (e: TestEndpoint, t: PolicyTest, at: [number, number]): Resolved | undefined => {
    switch (e.kind) {
      case 'ip':
        return { endpoint: { kind: 'ip', ip: e.ip }, text: e.ip };
      case 'cidr': {
        const v = cidrRangeView(parseCidr(e.cidr)!);
        return { cidr: { family: v.family, range: [v.first, v.last] }, text: e.cidr };
      }
      case 'pod':
        return {
          endpoint: {
            kind: 'pod',
            namespace: e.namespace,
            labels: e.podLabels,
            ...(e.namespaceLabels ? { namespaceLabels: e.namespaceLabels } : {}),
          },
          text: `${e.namespace}/{${labelsText(e.podLabels)}}`,
        };
      case 'workload': {
        const r = resolveEndpoint(model, e.text);
        if ('error' in r) {
          errors.push({ line: at[0], column: at[1], message: r.error, test: t.name });
          return undefined;
        }
        const w = r.kind === 'pod' ? model.workloads.find((x) => workloadId(x) === r.name) : undefined;
        return { endpoint: w ? endpointOfWorkload(w) : r, text: r.kind === 'pod' ? (r.name ?? e.text) : e.text };
      }
    }
  };
  const resolved = tests.map((t) => ({ t, from: resolve(t.from, t, t.fromAt), to: resolve(t.to, t, t.toAt) }));
  if (errors.length) return { errors };

  const results = resolved.map(({ t, from, to }): TestResult => {
    const query = t.port ? { port: t.port.port, protocol: t.port.protocol } : {};
    const judge = (x: ConnectionExplanation) => (t.port ? x.allowed : !isEmptyConnections(x.conns));
    let got: TestResult['got'];
    let detail: string | undefined;
    let decider: ConnectionExplanation;
    const cidr = 'cidr' in from! ? from.cidr : 'cidr' in to! ? to.cidr : undefined;
    if (!cidr) {
      decider = explainConnection(
        model,
        (from as { endpoint: Endpoint }).endpoint,
        (to as { endpoint: Endpoint }).endpoint,
        query,
        opts,
      );
      got = judge(decider) ? 'allow' : 'deny';
      if (!t.port && got === 'allow') detail = formatConnections(decider.conns);
    } else {
      // Every address of the block: the answer can only change at the policies' ipBlock boundaries.
      const [first, last] = cidr.range;
      const cuts = [...new Set(ipCuts(model, cidr.family).filter((c) => c > first && c <= last))].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      const starts = [first, ...cuts];
      const atoms = starts.map((s, i): IpRange => [s, i + 1 < starts.length ? starts[i + 1]! - 1n : last]);
      const allowed: [bigint, bigint][] = [];
      let firstAllowed: ConnectionExplanation | undefined;
      let firstDenied: ConnectionExplanation | undefined;
      for (const atom of atoms) {
        const ip = formatIp(cidr.family, atom[0]);
        const ext: Endpoint = { kind: 'ip', ip };
        const x =
          'cidr' in from!
            ? explainConnection(model, ext, (to as { endpoint: Endpoint }).endpoint, query, opts)
            : explainConnection(model, (from as { endpoint: Endpoint }).endpoint, ext, query, opts);
        if (judge(x)) {
          firstAllowed ??= x;
          const prev = allowed[allowed.length - 1];
          if (prev && prev[1] + 1n === atom[0]) prev[1] = atom[1];
          else allowed.push([atom[0], atom[1]]);
        } else firstDenied ??= x;
      }
      got = !firstDenied ? 'allow' : !firstAllowed ? 'deny' : 'partial';
      decider = (got === 'allow' ? firstAllowed : firstDenied)!;
      if (allowed.length) detail = allowed.map((r) => rangeToString(cidr.family, r)).join(', ');
    }
    const passed = got === t.expect;
    const what = `${from!.text} -> ${to!.text} ${t.port ? `${t.port.port}/${t.port.protocol}` : 'any'}`;
    const why = decidedBy(decider);
    const text = `${passed ? 'PASS' : 'FAIL'} ${t.name}: ${what}: expected ${t.expect}, got ${got}${detail ? ` (${detail})` : ''} (decided by ${why})`;
    return { test: t, got, passed, what, ...(detail ? { detail } : {}), decidedBy: why, text };
  });
  const failed = results.filter((r) => !r.passed).length;
  const n = results.length;
  return {
    results,
    summary: `${n} test${n === 1 ? '' : 's'}: ${n - failed} passed, ${failed} failed`,
    failed,
  };
}
