import { describe, expect, it } from 'vitest';
import { projectGraph, read } from '../../src/core/index.ts';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';
import { layoutGraph } from '../../src/ui/layout/autoLayout.ts';
import { leafSize } from '../../src/ui/layout/geometry.ts';

describe('auto layout (ELK)', () => {
  it('places every node, children inside their container, flows left to right', async () => {
    const graph = projectGraph(read(EXAMPLE_DOCUMENT));
    const positions = await layoutGraph(graph);
    for (const node of graph.nodes) expect(positions[node.id], node.id).toBeDefined();
    const children = graph.nodes.filter((n) => n.parentId);
    for (const child of children) expect(positions[child.id]!.y).toBeGreaterThanOrEqual(40);
    expect(leafSize(graph.nodes[0]!).width).toBeGreaterThan(0);
  });
});
