/**
 * One answer per peer. Graph projection, the linter's context and the analyzer each read a policy's peers
 * through their own code path; on random valid peers AND on invalid ones (malformed selectors, selectors that
 * are not mappings, ipBlock with a selector, `{}`, nulls, numbers) they must agree on which pods a peer
 * selects, whether it is an ipBlock, whether it reaches outside the policy's namespace and whether it spans
 * all namespaces. The model's classifier (model/peer.ts) is the reference they are held to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel, projectGraph, type NetworkPolicy, type NodeRef, type ReadResult } from '../../src/core/index.ts';
import { isEmptySelector, selectorMatches } from '../../src/core/model/selector.ts';
import { type Inventory, type WorkloadInfo } from '../../src/core/model/types.ts';
import { peerClasses } from '../../src/core/analysis/model.ts';
import { buildContext, peerShape, peerWorkloads } from '../../src/core/lint/context.ts';
import {
  classifyPeer,
  peerCrossesNamespace,
  peerSelectsPod,
  peerSpansAllNamespaces,
} from '../../src/core/model/peer.ts';
import { NAMESPACE_NAME_LABEL, policyNamespace } from '../../src/core/model/normalize.ts';
import { labelSelector, peer as validPeer } from './arbitraries.ts';

const SEED = 20261206;
const RUNS = 400;

// The cluster every peer is judged against: namespaces with labels, and pods in each of them.
const NAMESPACES: Record<string, Record<string, string>> = {
  default: {},
  prod: { team: 'a', app: 'web' },
  web: { team: 'b', tier: 'db' },
  'kube-system': { 'example.com/role': 'x-1' },
};
const POD_LABELS: Record<string, string>[] = [
  {},
  { app: 'web' },
  { app: 'db', tier: 'a' },
  { team: 'prod', 'example.com/role': 'b' },
  { [NAMESPACE_NAME_LABEL]: 'prod', app: 'api' },
];
const workloads: WorkloadInfo[] = Object.keys(NAMESPACES).flatMap((namespace) =>
  POD_LABELS.map((labels, i) => ({
    namespace,
    name: `w${i}`,
    kind: 'Deployment',
    labels,
    ports: [],
    ips: [`10.${Object.keys(NAMESPACES).indexOf(namespace)}.0.${i + 1}`],
    hostNetwork: false,
  })),
);
const inventory: Inventory = {
  namespaces: Object.entries(NAMESPACES).map(([name, labels]) => ({
    name,
    labels: { ...labels, [NAMESPACE_NAME_LABEL]: name },
  })),
  workloads,
};
const nsLabels = (name: string) => ({ ...(NAMESPACES[name] ?? {}), [NAMESPACE_NAME_LABEL]: name });
const podId = (w: Pick<WorkloadInfo, 'namespace' | 'name'>) => `${w.namespace}/${w.name}`;

// Invalid input the API server rejects but every consumer still reads without throwing.
const malformedSelector = fc.constantFrom<unknown>(
  { matchLabels: 'app=web' },
  { matchLabels: ['app'] },
  { matchLabels: { app: 5 } },
  { matchExpressions: 'app' },
  { matchExpressions: [null] },
  { matchExpressions: [{ key: 'app', operator: 'Bad', values: ['web'] }] },
  { matchExpressions: [{ key: 'app', operator: 'In', values: 'web' }] },
  { matchExpressions: [{ key: 5, operator: 'Exists' }] },
  { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: ['prod'] }], matchLabels: 'x' },
);
const oddValue = fc.constantFrom<unknown>(null, 'web', 5, [], [{}], true);
const anySelector = fc.oneof(labelSelector as fc.Arbitrary<unknown>, malformedSelector, oddValue);
const anyIpBlock = fc.oneof(
  fc.constantFrom<unknown>(
    { cidr: '10.0.0.0/8' },
    { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] },
    { cidr: 'not-a-cidr' },
    { cidr: 5 },
    {},
    { cidr: '0.0.0.0/0', except: 'x' },
  ),
  oddValue,
);
const oddPeer = fc.oneof(
  fc.record({ podSelector: anySelector, namespaceSelector: anySelector, ipBlock: anyIpBlock }, { requiredKeys: [] }),
  oddValue,
);
const anyPeer = fc.oneof(validPeer as fc.Arbitrary<unknown>, oddPeer);
const anyNamespace = fc.constantFrom<unknown>('default', 'prod', 'web', undefined, '', 5);

function policyWith(peer: unknown, namespace: unknown): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', ...(namespace !== undefined ? { namespace } : {}) },
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [peer] }] },
  } as NetworkPolicy;
}

interface Answer {
  kind: 'selector' | 'ipBlock' | 'invalid';
  pods: string[];
  crossNamespace: boolean;
  allNamespaces: boolean;
}

/** The graph's answer: the node the peer's edge starts at, read as what it stands for. */
function graphAnswer(policy: NetworkPolicy): Answer {
  const graph = projectGraph({ policies: [{ key: 'k', policy, source: { doc: 0 }, templateParams: [] }], inventory });
  const edge = graph.edges.find((e) => e.rules.some((r) => r.peer === 0));
  const ref: NodeRef | undefined = edge ? graph.nodes.find((n) => n.id === edge.source)?.ref : undefined;
  const ns = policyNamespace(policy);
  if (!ref) return { kind: 'invalid', pods: [], crossNamespace: false, allNamespaces: false };
  if (ref.kind === 'ipBlock') return { kind: 'ipBlock', pods: [], crossNamespace: false, allNamespaces: false };
  if (ref.kind === 'pods')
    return {
      kind: 'selector',
      pods: workloads
        .filter((w) => w.namespace === ref.namespace && selectorMatches(ref.podSelector, w.labels))
        .map(podId),
      crossNamespace: ref.namespace !== ns,
      allNamespaces: false,
    };
  if (ref.kind === 'namespacePods')
    return {
      kind: 'selector',
      pods: workloads
        .filter(
          (w) =>
            selectorMatches(ref.namespaceSelector, nsLabels(w.namespace)) &&
            (!ref.podSelector || selectorMatches(ref.podSelector, w.labels)),
        )
        .map(podId),
      crossNamespace: true,
      allNamespaces: isEmptySelector(ref.namespaceSelector),
    };
  throw new Error(`unexpected node ${ref.kind}`);
}

/** The linter's answer: its rule view of the peer, its shape and the workloads it matches. */
function lintAnswer(policy: NetworkPolicy): Answer {
  const result = {
    text: '',
    documents: [],
    policies: [{ key: 'k', policy, source: { doc: 0 }, templateParams: [] }],
    adminPolicies: [],
    inventory,
    others: [],
    diagnostics: [],
    trailer: '',
  } as ReadResult;
  const ctx = buildContext([result], {}, []);
  const view = ctx.policies[0]!;
  const shape = peerShape(view.ingress[0]!.peers![0]);
  return {
    kind: shape.kind,
    pods: peerWorkloads(ctx, shape, view.namespace).map(podId).sort(),
    crossNamespace: peerCrossesNamespace(shape, view.namespace),
    allNamespaces: peerSpansAllNamespaces(shape),
  };
}

/** The analyzer's answer: its normalised peer and the pod classes it matches. */
function analysisAnswer(policy: NetworkPolicy): Answer {
  const model = buildModel({ policies: [policy], inventory });
  const rule = model.policies[0]!.ingress[0]!;
  const peer = rule.peers![0]!;
  const pods = peerClasses(model, peer, rule.policy.namespace)
    .flatMap((c) => model.classes[c]!.members.map((m) => podId(model.workloads[m]!)))
    .sort();
  return {
    kind: peer.kind,
    pods,
    crossNamespace: peerCrossesNamespace(peer, rule.policy.namespace),
    allNamespaces: peerSpansAllNamespaces(peer),
  };
}

/** The reference: the model's classifier, judged pod by pod. */
function modelAnswer(policy: NetworkPolicy): Answer {
  const peer = classifyPeer((policy.spec!.ingress![0]!.from as unknown[])[0]);
  const ns = policyNamespace(policy);
  return {
    kind: peer.kind,
    pods: workloads
      .filter((w) => peerSelectsPod(peer, ns, w.namespace, w.labels, nsLabels(w.namespace)))
      .map(podId)
      .sort(),
    crossNamespace: peerCrossesNamespace(peer, ns),
    allNamespaces: peerSpansAllNamespaces(peer),
  };
}

describe('graph, lint and analysis give one answer per peer', () => {
  it.each([
    ['valid peers', validPeer as fc.Arbitrary<unknown>],
    ['any peer, invalid ones included', anyPeer],
  ])('%s', (_, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, anyNamespace, (peer, namespace) => {
        const policy = policyWith(peer, namespace);
        const reference = modelAnswer(policy);
        const graph = graphAnswer(policy);
        expect({ ...graph, pods: [...graph.pods].sort() }).toEqual(reference);
        expect(lintAnswer(policy)).toEqual(reference);
        expect(analysisAnswer(policy)).toEqual(reference);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reads the odd peers as the API server would (table)', () => {
    const kinds = (peer: unknown) => classifyPeer(peer).kind;
    expect(kinds({})).toBe('invalid');
    expect(kinds(null)).toBe('invalid');
    expect(kinds({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} })).toBe('invalid');
    expect(kinds({ podSelector: 'web' })).toBe('invalid');
    expect(kinds({ namespaceSelector: {}, podSelector: 'web' })).toBe('invalid');
    expect(kinds({ podSelector: null, namespaceSelector: {} })).toBe('selector');
    expect(kinds({ ipBlock: { cidr: 'nope' } })).toBe('ipBlock');
    expect(kinds({ ipBlock: 'x' })).toBe('invalid');
  });
});
