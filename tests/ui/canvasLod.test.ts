import { describe, expect, it } from 'vitest';
import { projectGraph, read } from '../../src/core/index.ts';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';
import {
  DETAIL_MIN_ZOOM,
  isDetailedZoom,
  LARGE_GRAPH_MIN_ZOOM,
  needsNewWindow,
  oneSidedDash,
  overviewBoxes,
  overviewHeight,
  overviewPaths,
  splitFarEdges,
  viewRect,
  windowAround,
} from '../../src/ui/canvas/lod.ts';
import { toFlowEdges, toFlowNodes } from '../../src/ui/canvas/toFlow.ts';
import { placeNewNodes } from '../../src/ui/layout/placement.ts';

function exampleFlow(selectedEdge?: string) {
  const graph = projectGraph(read(EXAMPLE_DOCUMENT));
  const positions = placeNewNodes(graph, {});
  const selection = selectedEdge ? { kind: 'edge' as const, id: selectedEdge } : null;
  return {
    graph,
    nodes: toFlowNodes(graph, positions, selection, false),
    edges: toFlowEdges(graph, selection),
  };
}

describe('canvas level of detail', () => {
  it('draws the detailed view down to the zoom a mid-sized import is fitted at, the overview further out', () => {
    expect(isDetailedZoom(1)).toBe(true);
    expect(isDetailedZoom(0.5)).toBe(true);
    // "Fit view" of a 40-policy list or of the operator guide (e2e journeys read flow labels there).
    expect(isDetailedZoom(0.18)).toBe(true);
    expect(isDetailedZoom(DETAIL_MIN_ZOOM)).toBe(true);
    // The minimum zoom, where "fit view" leaves a 2,000-node graph.
    expect(isDetailedZoom(0.1)).toBe(false);
    // A graph over 300 nodes keeps the overview until its text is about 4 px high.
    expect(isDetailedZoom(0.18, 56)).toBe(true);
    expect(isDetailedZoom(0.3, 2000)).toBe(false);
    expect(isDetailedZoom(LARGE_GRAPH_MIN_ZOOM, 2000)).toBe(true);
    expect(isDetailedZoom(1, 2000)).toBe(true);
  });

  it('dashes a one-sided flow 6 on 4 off, stretched on a flow so long it would have thousands of dashes', () => {
    expect(oneSidedDash(0, 0, 300, 400)).toBe('6 4');
    expect(oneSidedDash(0, 0, 0, 3000)).toBe('6 4');
    const [on, off] = oneSidedDash(0, 0, 0, 84_000).split(' ').map(Number);
    expect(on! / off!).toBeCloseTo(1.5);
    expect(84_000 / (on! + off!)).toBeLessThanOrEqual(300);
  });

  it('places every node absolutely: a child at its container plus its own position, containers at their fitted size', () => {
    const { nodes } = exampleFlow();
    const boxes = overviewBoxes(nodes);
    expect(boxes.size).toBe(nodes.length);
    for (const node of nodes) {
      const box = boxes.get(node.id)!;
      expect(box.width, node.id).toBeGreaterThan(0);
      expect(box.height, node.id).toBeGreaterThan(0);
      if (!node.parentId) continue;
      const parent = boxes.get(node.parentId)!;
      expect(box.x).toBe(parent.x + node.position.x);
      expect(box.y).toBe(parent.y + node.position.y);
      // Inside its container.
      expect(box.x + box.width).toBeLessThanOrEqual(parent.x + parent.width);
      expect(box.y + box.height).toBeLessThanOrEqual(parent.y + parent.height);
    }
  });

  it('estimates a leaf about as tall as its detailed form measures (41-42 px for one selector line)', () => {
    const { graph } = exampleFlow();
    const pod = graph.nodes.find((n) => n.id === 'pods:tenant-a:app=api')!;
    expect(overviewHeight(pod)).toBeGreaterThanOrEqual(40);
    expect(overviewHeight(pod)).toBeLessThanOrEqual(43);
  });

  it('draws every flow once, from the bottom of its source to the top of its target, batched by look', () => {
    const { graph, nodes, edges } = exampleFlow();
    const boxes = overviewBoxes(nodes);
    const paths = overviewPaths(boxes, edges);
    const subpaths = (d: string) => d.split('M').filter((s) => s.trim()).length;
    const oneSided = graph.edges.filter((e) => e.effective === 'oneSided').length;
    expect(subpaths(paths.allowed) + subpaths(paths.oneSided) + subpaths(paths.selected)).toBe(edges.length);
    expect(subpaths(paths.oneSided)).toBe(oneSided);
    expect(paths.selected).toBe('');
    const first = edges[0]!;
    const s = boxes.get(first.source)!;
    const t = boxes.get(first.target)!;
    const all = `${paths.allowed} ${paths.oneSided}`;
    expect(all).toContain(`M${s.x + s.width / 2},${s.y + s.height + 4.5}`);
    expect(all).toContain(`${t.x + t.width / 2},${t.y - 4.5}`);
  });

  it('draws the selected flow apart, so the overview still shows it highlighted', () => {
    const id = exampleFlow().edges[0]!.id;
    const { nodes, edges } = exampleFlow(id);
    const paths = overviewPaths(overviewBoxes(nodes), edges);
    expect(paths.selected.split('M').filter((s) => s.trim())).toHaveLength(1);
  });

  it('zoomed in, keeps as edges the flows with an end or their label point near the view, and the selected one', () => {
    const { edges } = exampleFlow();
    const first = edges[0]!;
    // Hand-placed boxes: the first flow's ends far apart (its label point half way), every other node far away.
    const boxes = new Map<string, { x: number; y: number; width: number; height: number }>();
    for (const e of edges) {
      boxes.set(e.source, { x: 50_000, y: 50_000, width: 200, height: 40 });
      boxes.set(e.target, { x: 50_000, y: 50_000, width: 200, height: 40 });
    }
    boxes.set(first.source, { x: 0, y: 0, width: 200, height: 40 });
    boxes.set(first.target, { x: 0, y: 20_000, width: 200, height: 40 });
    const at = (x: number, y: number) => windowAround({ x, y, width: 1000, height: 600 });
    const near = (window: ReturnType<typeof at>, list = edges) =>
      splitFarEdges(boxes, list, window).near.includes(first);
    // The source in view, the label point (x 100, y about 10,020) in view, the target in view: an edge each time.
    expect(near(at(-400, -200))).toBe(true);
    expect(near(at(-400, 9700))).toBe(true);
    expect(near(at(-400, 19_800))).toBe(true);
    // Between the source and the label point: only the line crosses the view, drawn batched (no label to show).
    const between = splitFarEdges(boxes, edges, at(-400, 5000));
    expect(between.near).not.toContain(first);
    expect(between.far).toContain(first);
    expect(between.near.length + between.far.length).toBe(edges.length);
    // Selected, it stays an edge wherever the view is (its highlight, and Delete works on it).
    expect(splitFarEdges(boxes, [{ ...first, selected: true }], at(-400, 5000)).near).toHaveLength(1);
  });

  it('moves the detailed area only when the view leaves it or is far smaller, not on every pan step', () => {
    const view = viewRect([0, 0, 0.5], 1440, 900);
    expect(view).toEqual({ x: -0, y: -0, width: 2880, height: 1800 });
    const area = windowAround(view);
    expect(needsNewWindow(null, view)).toBe(true);
    expect(needsNewWindow(area, viewRect([-100, 50, 0.5], 1440, 900))).toBe(false);
    expect(needsNewWindow(area, viewRect([-800, 0, 0.5], 1440, 900))).toBe(true);
    expect(needsNewWindow(area, viewRect([0, 0, 0.2], 1440, 900))).toBe(true);
    expect(needsNewWindow(area, viewRect([-1440, -900, 2], 1440, 900))).toBe(true);
  });
});
