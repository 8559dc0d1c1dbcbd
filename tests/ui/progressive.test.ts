import { describe, expect, it } from 'vitest';
import { mountable, MOUNT_BATCH } from '../../src/ui/canvas/progressive.ts';

interface N {
  id: string;
  parentId?: string;
}

/** A namespace container with `children` pod groups, as toFlow orders them: containers first. */
function namespaces(count: number, children: number): N[] {
  const containers: N[] = [];
  const leaves: N[] = [];
  for (let i = 0; i < count; i++) {
    containers.push({ id: `ns:${i}` });
    for (let j = 0; j < children; j++) leaves.push({ id: `pods:${i}:${j}`, parentId: `ns:${i}` });
  }
  return [...containers, ...leaves];
}

/** Hands `nodes` on frame by frame as the canvas does; the ids handed on at each frame. */
function frames(nodes: N[], known = new Set<string>(), batch = MOUNT_BATCH): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < 1000; i++) {
    const step = mountable(nodes, known, batch);
    out.push(step.nodes.map((n) => n.id));
    known = new Set(step.nodes.map((n) => n.id));
    if (!step.held) return out;
  }
  throw new Error('never finished');
}

describe('progressive mounting of a large new graph', () => {
  it('hands a small graph, or a change to nodes React Flow has, on at once (the same array)', () => {
    const nodes = namespaces(3, 10);
    expect(mountable(nodes, new Set()).nodes).toBe(nodes);
    const big = namespaces(30, 20);
    const all = new Set(big.map((n) => n.id));
    const edited = [...big.slice(0, -1), { id: 'pods:new' }];
    expect(mountable(edited, all).nodes).toBe(edited);
  });

  it('hands at most a batch of new nodes a frame, every node in the end, each container before its children', () => {
    const nodes = namespaces(40, 25); // 1,040 nodes
    const steps = frames(nodes, new Set(), 100);
    expect(steps).toHaveLength(Math.ceil(nodes.length / 100));
    let before = new Set<string>();
    for (const ids of steps) {
      const fresh = ids.filter((id) => !before.has(id));
      expect(fresh.length).toBeLessThanOrEqual(100);
      // Nothing handed on is taken back.
      for (const id of before) expect(ids).toContain(id);
      const present = new Set(ids);
      for (const id of ids) {
        const parent = nodes.find((n) => n.id === id)!.parentId;
        if (parent) expect(present.has(parent)).toBe(true);
      }
      before = present;
    }
    expect(steps.at(-1)).toEqual(nodes.map((n) => n.id));
  });

  it('holds back a child whose container is held back, even one React Flow had', () => {
    const nodes = [
      ...Array.from({ length: 5 }, (_, i) => ({ id: `new:${i}` })),
      { id: 'ns:x' },
      { id: 'pods:x', parentId: 'ns:x' },
    ];
    const step = mountable(nodes, new Set(['pods:x']), 5);
    expect(step.nodes.map((n) => n.id)).toEqual(['new:0', 'new:1', 'new:2', 'new:3', 'new:4']);
    expect(step.held).toBe(2);
  });
});
