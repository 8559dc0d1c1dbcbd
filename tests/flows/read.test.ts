/** Reading Hubble flow logs (docs/flows.md §2): conformance samples, field-name tolerance, replies, skips. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowReader, LineSplitter } from '../../src/core/index.ts';
import { classSelector, observedConnections, peerText } from '../../src/core/flows/propose.ts';
import { readFlows, type FlowClass } from '../../src/core/flows/read.ts';
import { sharedDir } from '../conformance/load.ts';
import { flowLine } from './helpers.ts';

const HUBBLE = sharedDir('conformance/hubble', 'hubble samples');

interface Expected {
  flow_lines: number;
  classes: { id: string; namespace: string; labels: Record<string, string>; pods: string[] }[];
  observed_connections: {
    src: string | { ip: string };
    dst: string | { ip: string };
    protocol: string;
    port: number;
  }[];
  skipped: Record<string, number>;
}

describe.skipIf(!HUBBLE)('conformance/hubble samples read as expected.json says', () => {
  const expected = HUBBLE
    ? (JSON.parse(readFileSync(join(HUBBLE, 'expected.json'), 'utf8')) as Record<string, Expected | string>)
    : {};
  const files = Object.keys(expected).filter((k) => k.endsWith('.json'));
  it('has samples', () => expect(files.length).toBeGreaterThanOrEqual(3));
  it.each(files)('%s', (file) => {
    const want = expected[file] as Expected;
    const capture = readFlows([{ name: file, text: readFileSync(join(HUBBLE!, file), 'utf8') }]);
    expect(capture.flows).toBe(want.flow_lines);
    expect(capture.diagnostics).toEqual([]);
    expect(capture.classes.map((c) => ({ id: c.key, namespace: c.namespace, labels: c.labels, pods: c.pods }))).toEqual(
      want.classes.map((c) => ({ id: c.id, namespace: c.namespace, labels: c.labels, pods: c.pods })),
    );
    const peer = (p: string | { ip: string }) => (typeof p === 'string' ? p : p.ip);
    expect(observedConnections(capture).map((o) => [peerText(o.src), peerText(o.dst), o.protocol, o.port])).toEqual(
      want.observed_connections.map((o) => [peer(o.src), peer(o.dst), o.protocol, o.port]),
    );
    expect(capture.skipped).toEqual(want.skipped);
  });
});

const web = { namespace: 'shop', labels: { app: 'web' }, pod: 'web-1' };
const db = { namespace: 'shop', labels: { app: 'db' }, pod: 'db-1' };

describe('flow records', () => {
  it('reads lowerCamelCase field names, numeric enums and bare flows like proto names', () => {
    const snake = flowLine({ src: web, dst: db, port: 5432, isReply: false });
    const camel = JSON.stringify({
      verdict: 1,
      IP: { source: '10.0.0.1', destination: '10.0.0.2' },
      l4: { TCP: { sourcePort: 40001, destinationPort: 5432 } },
      source: { namespace: 'shop', podName: 'web-1', labels: ['k8s:app=web'] },
      destination: { namespace: 'shop', podName: 'db-1', labels: ['k8s:app=db'] },
      Type: 1,
      trafficDirection: 2,
      isReply: false,
    });
    for (const line of [snake, camel]) {
      const c = readFlows([{ name: 'f', text: line }]);
      expect(observedConnections(c).map((o) => [peerText(o.src), peerText(o.dst), o.port])).toEqual([
        ['shop/app=web', 'shop/app=db', 5432],
      ]);
    }
  });

  it('decides unknown reply status by the reverse 5-tuple of a known request (§2.3 item 3)', () => {
    const request = flowLine({ src: web, dst: db, port: 5432, sport: 41000, isReply: false });
    // The server's answer on the overlay: no is_reply, no direction; its reverse is the request.
    const answer = flowLine({ src: db, dst: web, port: 41000, sport: 5432, srcIp: '10.0.0.2', dstIp: '10.0.0.1' });
    // An unknown-status record with no known reverse is a connection.
    const lone = flowLine({ src: web, dst: db, port: 9000, sport: 42000 });
    const c = readFlows([{ name: 'f', text: [answer, request, lone].join('\n') }]);
    expect(observedConnections(c).map((o) => o.port)).toEqual([5432, 9000]);
    expect(c.skipped).toEqual({ reply: 1 });
  });

  it('skips replies, reserved identities, ICMP, and both-external; keeps drops apart; reports bad lines', () => {
    const lines = [
      flowLine({ src: web, dst: db, port: 5432, isReply: true }),
      JSON.stringify({ flow: { ...JSON.parse(flowLine({ src: web, dst: db, port: 5432 })).flow, reply: true } }),
      flowLine({ src: { reserved: 'reserved:host' }, dst: db, port: 8080, isReply: false }),
      flowLine({ src: { reserved: 'reserved:remote-node' }, dst: db, port: 8080, isReply: false }),
      flowLine({ src: web, dst: { ip: '203.0.113.9' }, port: 443, isReply: false }),
      flowLine({ src: { ip: '198.51.100.7' }, dst: web, port: 80, isReply: false }),
      flowLine({ src: { ip: '198.51.100.7' }, dst: { ip: '203.0.113.9' }, port: 80, isReply: false }),
      flowLine({ src: web, dst: db, port: 6379, verdict: 'DROPPED', isReply: false, direction: 'INGRESS' }),
      flowLine({ src: web, dst: db, port: 7000, verdict: 'AUDIT', isReply: false }),
      flowLine({ src: web, dst: db, port: 7001, verdict: 'TRACED', isReply: false }),
      JSON.stringify({ node_status: { state: 'NODE_CONNECTED' } }),
      '',
      'not json',
    ];
    const c = readFlows([{ name: 'log', text: lines.join('\n') }]);
    expect(observedConnections(c).map((o) => `${peerText(o.src)} -> ${peerText(o.dst)} ${o.port}`)).toEqual([
      '198.51.100.7 -> shop/app=web 80',
      'shop/app=web -> 203.0.113.9 443',
      'shop/app=web -> shop/app=db 7000',
    ]);
    expect(c.skipped).toEqual({
      reply: 2,
      'reserved:host': 1,
      'reserved:remote-node': 1,
      'external to external': 1,
      DROPPED: 1,
      'verdict TRACED': 1,
    });
    expect(c.groups.filter((g) => !g.passed).map((g) => [g.src, g.dst, g.port, g.dropDirections])).toEqual([
      ['shop/web-1', 'shop/db-1', 6379, ['INGRESS']],
    ]);
    expect(c.flows).toBe(10);
    expect(c.diagnostics).toEqual([{ file: 'log', line: 13, message: 'not a JSON object: not json' }]);
  });

  it('streams: lines split across chunks read the same as the whole text', () => {
    const text = [
      flowLine({ src: web, dst: db, port: 5432, isReply: false }),
      'oops',
      flowLine({ src: db, dst: web, port: 80, isReply: false }),
    ].join('\n');
    const reader = new FlowReader();
    const splitter = new LineSplitter((line, n) => reader.push(line, 'f', n));
    for (let i = 0; i < text.length; i += 7) splitter.push(text.slice(i, i + 7));
    splitter.end();
    expect(reader.finish()).toEqual(readFlows([{ name: 'f', text }]));
  });
});

describe('class selectors (§3.2)', () => {
  const cls = (labels: Record<string, string>, namespace = 'default'): FlowClass => ({
    key: `${namespace}/${Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}`,
    namespace,
    labels,
    namespaceLabels: {},
    pods: [],
  });
  type L = Record<string, string>;
  it.each<{ name: string; a: L; others: L[]; want: unknown }>([
    {
      name: 'superset class excluded with DoesNotExist (spec example)',
      a: { app: 'frontend' },
      others: [{ app: 'frontend', track: 'canary' }],
      want: { matchLabels: { app: 'frontend' }, matchExpressions: [{ key: 'track', operator: 'DoesNotExist' }] },
    },
    {
      name: 'the superset side of the spec example (with a backend canary, track alone does not tell it apart)',
      a: { app: 'frontend', track: 'canary' },
      others: [{ app: 'frontend' }, { app: 'backend', track: 'canary' }],
      want: { matchLabels: { app: 'frontend', track: 'canary' } },
    },
    {
      name: 'preferred key order: app.kubernetes.io/name before app',
      a: { app: 'x', 'app.kubernetes.io/name': 'shop' },
      others: [{ app: 'y' }],
      want: { matchLabels: { 'app.kubernetes.io/name': 'shop' } },
    },
    {
      name: 'shared app: first distinguishing key',
      a: { app: 'web', version: 'v1' },
      others: [{ app: 'web', version: 'v2' }],
      want: { matchLabels: { version: 'v1' } },
    },
    {
      name: 'a unique key alone suffices',
      a: { app: 'frontend', track: 'canary' },
      others: [{ app: 'frontend' }],
      want: { matchLabels: { track: 'canary' } },
    },
    {
      name: 'no single key tells it apart: keys added in order',
      a: { app: 'web', tier: 'a' },
      others: [
        { app: 'web', tier: 'b' },
        { app: 'api', tier: 'a' },
      ],
      want: { matchLabels: { app: 'web', tier: 'a' } },
    },
  ])('$name', ({ a, others, want }) => {
    const ca = cls(a);
    expect(classSelector(ca, [ca, ...others.map((o) => cls(o))])).toEqual(want);
  });
});
