/** The connectivity diff engine: external ranges re-cut across both sides (conformance.md §7), types, info. */
import { describe, expect, it } from 'vitest';
import {
  analyzeConnectivity,
  diffConnectivity,
  flowChanges,
  formatConnectivityDiff,
  projectGraph,
  read,
} from '../../src/core/index.ts';

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

describe('flowChanges (the designer’s Changes list)', () => {
  const DB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432}]
  - from: [{podSelector: {matchLabels: {app: api}}}]
`;
  const flowSide = (text: string) => {
    const r = read(text);
    return { graph: projectGraph(r), policies: r.policies, inventory: r.inventory };
  };

  it('a deleted rule is a removed flow between the same made-up pods, tied to the baseline edge it drew', () => {
    const without = DB.replace(/ {2}- from: \[\{podSelector: \{matchLabels: \{app: api.*\n/, '');
    const { changes, total } = flowChanges(flowSide(DB), flowSide(without));
    expect(total).toBe(1);
    expect(changes[0]).toMatchObject({
      type: 'removed',
      source: 'shop/{app=api}[Pod]',
      destination: 'shop/{app=db}[Pod]',
      before: 'All Connections',
      after: 'No Connections',
      edgeId: 'pods:shop:app=api->pods:shop:app=db',
    });
    expect(changes[0]!.ghost?.id).toBe('pods:shop:app=api->pods:shop:app=db');
  });

  it('ports changed on a drawn flow: changed, tied to the current edge; reformatting: nothing', () => {
    const { changes } = flowChanges(flowSide(DB), flowSide(DB.replace('port: 5432', 'port: 5433')));
    expect(changes.map((c) => [c.type, c.source, c.before, c.after, c.edgeId, c.ghost])).toEqual([
      ['changed', 'shop/{app=web}[Pod]', 'TCP 5432', 'TCP 5433', 'pods:shop:app=web->pods:shop:app=db', undefined],
    ]);
    expect(flowChanges(flowSide(DB), flowSide(DB.replace('{port: 5432}', '{protocol: TCP, port: 5432}'))).total).toBe(
      0,
    );
  });
});
