import { describe, expect, it } from 'vitest';
import { mountable, movedNodes, MOUNT_BATCH } from '../../src/ui/canvas/progressive.ts';

interface N {
  id: string;
  parentId?: string;
  position: { x: number; y: number };
  hidden?: boolean;
  dragging?: boolean;
}

const at = (x = 0, y = 0) => ({ x, y });

/** A namespace container with `children` pod groups, as toFlow orders them: containers first. */
function namespaces(count: number, children: number): N[] {
  const containers: N[] = [];
  const leaves: N[] = [];
  for (let i = 0; i < count; i++) {
    containers.push({ id: `ns:${i}`, position: at(0, i * 1000) });
    for (let j = 0; j < children; j++)
      leaves.push({ id: `pods:${i}:${j}`, parentId: `ns:${i}`, position: at(16, 40 + j * 60) });
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
    const edited = [...big.slice(0, -1), { id: 'pods:new', position: at() }];
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
    const nodes: N[] = [
      ...Array.from({ length: 5 }, (_, i) => ({ id: `new:${i}`, position: at(i) })),
      { id: 'ns:x', position: at() },
      { id: 'pods:x', parentId: 'ns:x', position: at() },
    ];
    const step = mountable(nodes, new Set(['pods:x']), 5);
    expect(step.nodes.map((n) => n.id)).toEqual(['new:0', 'new:1', 'new:2', 'new:3', 'new:4']);
    expect(step.held).toBe(2);
  });

  it('a move of many nodes React Flow has (a layout): they enter again a batch a frame, hidden until then', () => {
    const before = namespaces(20, 20); // 420 nodes, all on the canvas
    const known = new Set(before.map((n) => n.id));
    const laidOut = before.map((n) => (n.parentId ? n : { ...n, position: at(n.position.y, 7) }));
    const filtered = laidOut.map((n) => (n.id === 'ns:19' ? { ...n, hidden: true } : n)); // hidden by a filter
    const moved = movedNodes(before, filtered, known);
    expect(moved.size).toBe(20); // the containers moved, their children (relative to them) did not
    const many = new Set(filtered.map((n) => n.id));
    let entering: ReadonlySet<string> = many;
    let frames = 0;
    for (; entering.size && frames < 100; frames++) {
      const step = mountable(filtered, known, 100, entering);
      // Every node stays with React Flow (it keeps their measurements); those not entered yet are hidden.
      expect(step.nodes.map((n) => n.id)).toEqual(filtered.map((n) => n.id));
      const shown = step.nodes.filter((n) => !n.hidden && !entering.has(n.id));
      const newlyShown = step.nodes.filter((n) => !n.hidden && entering.has(n.id));
      expect(newlyShown.length).toBeLessThanOrEqual(100);
      expect(shown.every((n) => !step.entering.has(n.id))).toBe(true);
      entering = step.entering;
    }
    expect(frames).toBe(Math.ceil((filtered.length - 1) / 100));
    // Once all have entered, the nodes are handed on as they are, the filter's hidden one still hidden.
    const done = mountable(filtered, known, 100, entering);
    expect(done.nodes).toBe(filtered);
    expect(done.nodes.find((n) => n.id === 'ns:19')!.hidden).toBe(true);
  });

  it('a drag of many selected nodes is not a move to spread out', () => {
    const before = namespaces(1, 200).map((n) => ({ ...n, dragging: true }));
    const known = new Set(before.map((n) => n.id));
    const dragged = before.map((n) => ({ ...n, position: at(n.position.x + 8, n.position.y) }));
    expect(movedNodes(before, dragged, known).size).toBe(0);
  });
});
