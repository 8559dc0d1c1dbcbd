import { describe, expect, it } from 'vitest';
import { flowsPortsLabel, type NetworkPolicyPort } from '../../src/core/index.ts';

const tcp = (port: number | string, endPort?: number): NetworkPolicyPort => ({
  protocol: 'TCP',
  port,
  ...(endPort ? { endPort } : {}),
});

describe('flowsPortsLabel: the ports of several flows as one label (port set union)', () => {
  it.each<[string, (NetworkPolicyPort[] | undefined)[], string]>([
    ['one port', [[tcp(80)]], 'TCP 80'],
    ['ports of two flows, sorted and deduplicated', [[tcp(443), tcp(80)], [tcp(80)]], 'TCP 80,443'],
    ['adjacent and overlapping ranges merge', [[tcp(80, 90)], [tcp(85, 100)], [tcp(101)]], 'TCP 80-101'],
    ['protocol defaults to TCP', [[{ port: 22 }], [{ protocol: 'UDP', port: 53 }]], 'TCP 22; UDP 53'],
    ['a flow with no ports is all ports', [[tcp(80)], undefined], 'all ports'],
    ['an empty ports list is all ports', [[tcp(80)], []], 'all ports'],
    ['a protocol on every port', [[{ protocol: 'UDP' }], [tcp(80)]], 'TCP 80; UDP all'],
    ['every protocol on every port', [[{ protocol: 'UDP' }, { protocol: 'TCP' }, { protocol: 'SCTP' }]], 'all ports'],
    ['named ports kept by name after the numbers', [[tcp('http'), tcp(8080)], [tcp('grpc')]], 'TCP 8080,grpc,http'],
    ['a named port under an all-ports protocol is covered', [[tcp('http')], [{ protocol: 'TCP' }]], 'TCP all'],
    ['unreadable ports are counted', [[tcp(80), { protocol: 'ICMP', port: 1 }]], 'TCP 80; 1 invalid port'],
  ])('%s', (_name, lists, label) => {
    expect(flowsPortsLabel(lists)).toBe(label);
  });
});
