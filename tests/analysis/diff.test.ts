/** The connectivity diff engine: external ranges re-cut across both sides (conformance.md §7), types, info. */
import { describe, expect, it } from 'vitest';
import { analyzeConnectivity, diffConnectivity, formatConnectivityDiff, read } from '../../src/core/index.ts';

const side = (text: string) => {
  const r = read(text);
  return analyzeConnectivity({ policies: r.policies, inventory: r.inventory });
};
const POD = `apiVersion: v1
kind: Pod
metadata: {name: redis, namespace: shop, labels: {app: redis}}
spec: {containers: [{name: c, image: x}]}
`;
const fromCidrs = (...cidrs: string[]) => `${POD}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [${cidrs.map((c) => `{ipBlock: {cidr: ${c}}}`).join(', ')}]}]
`;
const lines = (a: string, b: string) => formatConnectivityDiff(diffConnectivity(side(a), side(b))).split('\n');

describe('diffConnectivity', () => {
  it('an external range found in neither connlist: the maximal interval where both sides are constant', () => {
    expect(lines(fromCidrs('0.0.0.0/0'), fromCidrs('0.0.0.0/1'))).toEqual([
      'Connectivity diff:',
      'diff-type: removed, source: 128.0.0.0-255.255.255.255[External], destination: shop/redis[Pod], dir1: All Connections, dir2: No Connections',
      '',
    ]);
  });

  it('touching blocks with the same change merge; different changes stay apart', () => {
    expect(lines(fromCidrs('10.0.0.0/8'), fromCidrs('10.0.0.0/9', '10.128.0.0/9', '11.0.0.0/8'))).toEqual([
      'Connectivity diff:',
      'diff-type: added, source: 11.0.0.0-11.255.255.255[External], destination: shop/redis[Pod], dir1: No Connections, dir2: All Connections',
      '',
    ]);
  });

  it('no difference: nothing, and unchanged pairs kept for the graph', () => {
    const d = diffConnectivity(side(fromCidrs('10.0.0.0/8')), side(fromCidrs('10.0.0.0/9', '10.128.0.0/9')));
    expect(formatConnectivityDiff(d)).toBe('');
    expect(d.unchanged.map((u) => `${u.src.id} ${u.dst.id}`)).toEqual([
      '10.0.0.0-10.255.255.255[External] shop/redis[Pod]',
    ]);
  });
});
