import { describe, expect, it } from 'vitest';
import { projectGraph, read, type ObservedOverlay } from '../../src/core/index.ts';
import { reuseUnchanged, toFlowEdges } from '../../src/ui/canvas/toFlow.ts';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';

describe('reuseUnchanged', () => {
  it('keeps the previous object of an unchanged item, takes the new one of a changed item, forgets removed ids', () => {
    const cache = new Map<string, { signature: string; item: { id: string; v: number } }>();
    const first = reuseUnchanged(
      [
        { id: 'a', v: 1 },
        { id: 'b', v: 1 },
      ],
      cache,
    );
    const second = reuseUnchanged(
      [
        { id: 'a', v: 1 },
        { id: 'b', v: 2 },
      ],
      cache,
    );
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]).toEqual({ id: 'b', v: 2 });
    reuseUnchanged([{ id: 'b', v: 2 }], cache);
    expect([...cache.keys()]).toEqual(['b']);
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
