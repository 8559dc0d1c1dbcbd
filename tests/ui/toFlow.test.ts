import { describe, expect, it } from 'vitest';
import { projectGraph, read, type ObservedOverlay } from '../../src/core/index.ts';
import {
  FlowCache,
  toFlowEdges,
  toFlowNodes,
  type GraphFlowEdge,
  type GraphFlowNode,
} from '../../src/ui/canvas/toFlow.ts';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';

describe('FlowCache', () => {
  it('keeps the object of an item whose inputs are the same values, without building it again', () => {
    const cache = new FlowCache<{ id: string; v: number }>();
    const input = { v: 1 };
    let builds = 0;
    const build = (id: string, v: number) => () => (builds++, { id, v });
    cache.begin();
    const a = cache.item('a', [input, 1], build('a', 1));
    cache.end();
    cache.begin();
    expect(cache.item('a', [input, 1], build('a', 1))).toBe(a);
    cache.end();
    expect(builds).toBe(1);
  });

  it('keeps it too when new inputs build an equal item, takes a changed one, and forgets ids not drawn', () => {
    const cache = new FlowCache<{ id: string; v: number }>();
    cache.begin();
    const a = cache.item('a', [{ v: 1 }], () => ({ id: 'a', v: 1 }));
    const b = cache.item('b', [{ v: 1 }], () => ({ id: 'b', v: 1 }));
    cache.end();
    cache.begin();
    expect(cache.item('a', [{ v: 1 }], () => ({ id: 'a', v: 1 }))).toBe(a);
    const b2 = cache.item('b', [{ v: 2 }], () => ({ id: 'b', v: 2 }));
    cache.end();
    expect(b2).not.toBe(b);
    expect(b2).toEqual({ id: 'b', v: 2 });
    cache.begin();
    cache.item('b', [{ v: 2 }], () => ({ id: 'b', v: 2 }));
    cache.end();
    expect(cache.size).toBe(1);
  });

  it('gives the same React Flow items as building them afresh', () => {
    const graph = projectGraph(read(EXAMPLE_DOCUMENT));
    const nodes = new FlowCache<GraphFlowNode>();
    const edges = new FlowCache<GraphFlowEdge>();
    const positions = Object.fromEntries(graph.nodes.map((n, i) => [n.id, { x: i * 10, y: i * 5 }]));
    for (const selection of [null, { kind: 'node' as const, id: graph.nodes[1]!.id }, null]) {
      expect(toFlowNodes(graph, positions, selection, false, undefined, nodes)).toEqual(
        toFlowNodes(graph, positions, selection, false),
      );
      expect(toFlowEdges(graph, selection, undefined, [], null, edges)).toEqual(toFlowEdges(graph, selection));
    }
  });
});

describe('toFlowEdges with observed traffic', () => {
  it('puts each drawn flow’s observation in its data and appends would-be-denied extras, not selectable', () => {
    const graph = projectGraph(read(EXAMPLE_DOCUMENT));
    const [first, second] = graph.edges;
    const overlay: ObservedOverlay = {
      edges: new Map([
        [first!.id, { state: 'allowed', allowed: ['a -> b 80/TCP'], denied: [] }],
        [second!.id, { state: 'unobserved', allowed: [], denied: [] }],
      ]),
      extra: [{ id: 'observed:x->y', source: 'x', target: 'y', connections: ['x -> y 443/TCP'] }],
      unshown: [],
    };
    const edges = toFlowEdges(graph, null, undefined, [], overlay);
    expect(edges).toHaveLength(graph.edges.length + 1);
    expect(edges[0]!.data).toMatchObject({
      observed: 'allowed',
      observedAllowed: ['a -> b 80/TCP'],
      observedDenied: [],
    });
    expect(edges[1]!.data).toMatchObject({ observed: 'unobserved' });
    expect(edges[2]!.data?.observed).toBeUndefined();
    const extra = edges.at(-1)!;
    expect(extra).toMatchObject({ id: 'observed:x->y', source: 'x', target: 'y', selectable: false });
    expect(extra.data).toMatchObject({
      observed: 'denied',
      observedExtra: true,
      observedDenied: ['x -> y 443/TCP'],
    });
    // Without an overlay nothing is marked.
    expect(toFlowEdges(graph, null).every((e) => e.data?.observed === undefined)).toBe(true);
  });
});
