import { describe, expect, it } from 'vitest';
import { annotateEffective, projectGraph, read, type FlowChange } from '../../src/core/index.ts';
import {
  collapseChanges,
  collapseGraph,
  collapseObserved,
  collapsibleIds,
  drawnSelection,
  isAggregate,
  isAggregateId,
} from '../../src/ui/canvas/collapse.ts';
import { drawnMatches, emphasisOf } from '../../src/ui/canvas/focus.ts';
import { toFlowEdges, toFlowNodes } from '../../src/ui/canvas/toFlow.ts';
import { SHOP_AND_DATA } from '../fixtures/shopAndData.ts';

const result = read(SHOP_AND_DATA);
const graph = annotateEffective(projectGraph(result), result.policies, result.inventory);
const nodeOf = (label: string, namespace: string) =>
  graph.nodes.find((n) => n.label === label && 'namespace' in n.ref && n.ref.namespace === namespace)!.id;
const SHOP = 'ns:shop';
const DATA = 'ns:data';

describe('collapseGraph', () => {
  it('draws the graph itself when nothing (or nothing known) is collapsed', () => {
    expect(collapseGraph(graph, new Set()).graph).toBe(graph);
    expect(collapseGraph(graph, new Set(['ns:nowhere'])).graph).toBe(graph);
  });

  it('the namespaces are the collapsible containers', () => {
    expect(graph.nodes.some((n) => n.id === SHOP)).toBe(true);
    expect(collapsibleIds(graph)).toEqual(expect.arrayContaining([SHOP, DATA]));
  });

  it("hides a collapsed namespace's pod groups and counts what it hides", () => {
    const view = collapseGraph(graph, new Set([SHOP])).graph;
    const shopPods = graph.nodes.filter((n) => n.parentId === SHOP).map((n) => n.id);
    expect(shopPods.length).toBeGreaterThanOrEqual(3);
    for (const id of shopPods) expect(view.nodes.some((n) => n.id === id)).toBe(false);
    const shop = view.nodes.find((n) => n.id === SHOP)!;
    // web ← frontend, web ← api and api → web are inside shop.
    const inner = graph.edges.filter((e) => shopPods.includes(e.source) && shopPods.includes(e.target)).length;
    expect(inner).toBeGreaterThanOrEqual(2);
    expect(shop.collapsed).toEqual({ podGroups: shopPods.length, innerFlows: inner });
    // Nodes outside keep their objects.
    const db = nodeOf('app=db', 'data');
    expect(view.nodes.find((n) => n.id === db)).toBe(graph.nodes.find((n) => n.id === db));
  });

  it('re-attaches flows to the collapsed namespace and aggregates parallel ones, ports united', () => {
    const { graph: view, drawnEdge } = collapseGraph(graph, new Set([SHOP]));
    const db = nodeOf('app=db', 'data');
    const toDb = view.edges.filter((e) => e.source === SHOP && e.target === db);
    expect(toDb).toHaveLength(1);
    const aggregated = toDb[0]!;
    expect(isAggregate(aggregated)).toBe(true);
    expect(isAggregateId(aggregated.id)).toBe(true);
    expect(aggregated.label).toBe('TCP 5432-5433 (3 flows)');
    const members = graph.edges.filter(
      (e) => e.target === db && graph.nodes.find((n) => n.id === e.source)?.parentId === SHOP,
    );
    expect(aggregated.members).toEqual(members.map((e) => e.id));
    for (const m of members) expect(drawnEdge.get(m.id)).toBe(aggregated.id);
    expect(aggregated.rules).toEqual(members.flatMap((m) => m.rules));
    // No drawn flow still ends at a hidden pod group.
    const drawn = new Set(view.nodes.map((n) => n.id));
    for (const e of view.edges) expect(drawn.has(e.source) && drawn.has(e.target)).toBe(true);
  });

  it('collapsing both ends aggregates between the two collapsed nodes; any one-sided flow marks the aggregate', () => {
    const view = collapseGraph(graph, new Set([SHOP, DATA])).graph;
    const between = view.edges.filter((e) => e.source === SHOP && e.target === DATA);
    expect(between).toHaveLength(1);
    expect(between[0]!.label).toBe('TCP 5432-5433 (3 flows)');
    expect(view.nodes.filter((n) => n.parentId === SHOP || n.parentId === DATA)).toHaveLength(0);

    // frontend → web is one-sided in the graph; it is inside shop, so it is only counted.
    const frontendToWeb = graph.edges.find(
      (e) => e.source === nodeOf('app=frontend', 'shop') && e.target === nodeOf('app=web', 'shop'),
    )!;
    expect(frontendToWeb.effective).toBe('oneSided');
    // shop → db: the analysis finds "all pods of shop → db" one-sided (written on db's side only), so the
    // aggregate is one-sided and says which of its flows is.
    const real = collapseGraph(graph, new Set([SHOP])).graph.edges.find((e) => e.source === SHOP)!;
    expect(real.effective).toBe('oneSided');
    expect(real.explanation).toMatch(/^all pods → app=db: One-sided/);
    expect(real.explanation).not.toContain('app=web →');
    // The rule on its own: all allowed → allowed; one unknown → unknown; any one-sided → one-sided.
    const db = nodeOf('app=db', 'data');
    const marking = (mark: (source: string) => 'allowed' | 'oneSided' | undefined) => ({
      ...graph,
      edges: graph.edges.map((e) => {
        if (e.target !== db) return e;
        const { effective: _e, explanation: _x, ...rest } = e;
        const effective = mark(graph.nodes.find((n) => n.id === e.source)!.label);
        return effective ? { ...rest, effective, explanation: `${effective} here` } : rest;
      }),
    });
    const aggregateOf = (g: typeof graph) =>
      collapseGraph(g, new Set([SHOP])).graph.edges.find((e) => e.source === SHOP)!;
    expect(aggregateOf(marking(() => 'allowed')).effective).toBe('allowed');
    expect(aggregateOf(marking((l) => (l === 'app=api' ? undefined : 'allowed'))).effective).toBeUndefined();
    const one = aggregateOf(marking((l) => (l === 'app=api' ? 'oneSided' : 'allowed')));
    expect(one.effective).toBe('oneSided');
    expect(one.explanation).toBe('app=api → app=db: oneSided here');
  });

  it('keeps admin flows apart per tier and action', () => {
    const web = nodeOf('app=web', 'shop');
    const api = nodeOf('app=api', 'shop');
    const db = nodeOf('app=db', 'data');
    const admin = {
      ...graph,
      edges: [
        ...graph.edges,
        {
          id: `${web}->${db}|Admin|Deny`,
          source: web,
          target: db,
          label: 'Deny (Admin): TCP 22',
          rules: [],
          action: 'Deny' as const,
          tier: 'Admin' as const,
        },
        {
          id: `${api}->${db}|Admin|Deny`,
          source: api,
          target: db,
          label: 'Deny (Admin): TCP 23',
          rules: [],
          action: 'Deny' as const,
          tier: 'Admin' as const,
        },
        {
          id: `${api}->${db}|Admin|Accept`,
          source: api,
          target: db,
          label: 'Accept (Admin): all ports',
          rules: [],
          action: 'Accept' as const,
          tier: 'Admin' as const,
        },
      ],
    };
    const edges = collapseGraph(admin, new Set([SHOP])).graph.edges.filter((e) => e.source === SHOP && e.target === db);
    expect(edges.map((e) => e.label).sort()).toEqual([
      'Accept (Admin): all ports',
      'Deny (Admin): TCP 22; TCP 23 (2 flows)',
      'TCP 5432-5433 (3 flows)',
    ]);
    expect(new Set(edges.map((e) => e.id)).size).toBe(3);
  });

  it('moves change marks and ghosts to what is drawn', () => {
    const view = collapseGraph(graph, new Set([SHOP]));
    const db = nodeOf('app=db', 'data');
    const webToDb = graph.edges.find((e) => e.source === nodeOf('app=web', 'shop') && e.target === db)!;
    const inner = graph.edges.find((e) => e.source === nodeOf('app=frontend', 'shop'))!;
    const base = { source: 's', destination: 'd', before: '', after: '', info: '' };
    const ghost = { id: 'gone', source: nodeOf('app=api', 'shop'), target: db, label: 'TCP 1', rules: [] };
    const changes: FlowChange[] = [
      { ...base, type: 'changed', edgeId: webToDb.id },
      { ...base, type: 'added', edgeId: inner.id },
      { ...base, type: 'removed', edgeId: 'gone', ghost },
    ];
    const moved = collapseChanges(changes, view);
    expect(moved).toEqual([
      { ...changes[0], edgeId: view.drawnEdge.get(webToDb.id) },
      { ...changes[2], ghost: { ...ghost, source: SHOP } },
    ]);
    const flowEdges = toFlowEdges(view.graph, null, undefined, moved);
    expect(flowEdges.find((e) => e.id === view.drawnEdge.get(webToDb.id))?.data?.change).toBe('changed');
    expect(flowEdges.find((e) => e.id === 'gone')).toMatchObject({ source: SHOP, target: db, data: { ghost: true } });
    // Nothing collapsed: the changes as they are.
    expect(collapseChanges(changes, collapseGraph(graph, new Set()))).toBe(changes);
  });

  it('draws a collapsed namespace as one compact container at its position', () => {
    const view = collapseGraph(graph, new Set([SHOP])).graph;
    const nodes = toFlowNodes(view, { [SHOP]: { x: 40, y: 60 } }, null, false);
    const shop = nodes.find((n) => n.id === SHOP)!;
    expect(shop.position).toEqual({ x: 40, y: 60 });
    expect(shop.style).toMatchObject({ width: 242, height: 98 });
    expect(nodes.some((n) => n.parentId === SHOP)).toBe(false);
  });
});

describe('collapseObserved', () => {
  it('puts the observations of aggregated flows together and re-attaches observed denied traffic', () => {
    const view = collapseGraph(graph, new Set([SHOP]));
    const web = nodeOf('app=web', 'shop');
    const api = nodeOf('app=api', 'shop');
    const db = nodeOf('app=db', 'data');
    const webToDb = graph.edges.find((e) => e.source === web && e.target === db)!;
    const apiToDb = graph.edges.find((e) => e.source === api && e.target === db)!;
    const inner = graph.edges.find((e) => e.source === nodeOf('app=frontend', 'shop'))!;
    const observed = {
      edges: new Map([
        [webToDb.id, { state: 'allowed' as const, allowed: ['w -> d 5432/TCP'], denied: [] }],
        [apiToDb.id, { state: 'denied' as const, allowed: [], denied: ['a -> d 22/TCP'] }],
        [inner.id, { state: 'allowed' as const, allowed: ['f -> w 8080/TCP'], denied: [] }],
      ]),
      extra: [
        { id: 'observed:x', source: db, target: api, connections: ['d -> a 1/TCP'] },
        { id: 'observed:y', source: db, target: web, connections: ['d -> w 2/TCP'] },
        { id: 'observed:z', source: web, target: api, connections: ['w -> a 3/TCP'] },
      ],
      unshown: [],
    };
    const moved = collapseObserved(observed, view)!;
    const aggregate = view.drawnEdge.get(webToDb.id)!;
    expect(moved.edges.get(aggregate)).toEqual({
      state: 'denied',
      allowed: ['w -> d 5432/TCP'],
      denied: ['a -> d 22/TCP'],
    });
    expect(moved.edges.has(inner.id)).toBe(false);
    expect(moved.extra).toEqual([
      { id: `agg:observed:${db}->${SHOP}`, source: db, target: SHOP, connections: ['d -> a 1/TCP', 'd -> w 2/TCP'] },
    ]);
    expect(collapseObserved(observed, collapseGraph(graph, new Set()))).toBe(observed);
    expect(collapseObserved(null, view)).toBeNull();
  });
});

describe('drawnSelection', () => {
  it('selects what stands for a hidden selection', () => {
    const view = collapseGraph(graph, new Set([SHOP]));
    const web = nodeOf('app=web', 'shop');
    const db = nodeOf('app=db', 'data');
    const webToDb = graph.edges.find((e) => e.source === web && e.target === db)!;
    const inner = graph.edges.find((e) => e.source === nodeOf('app=frontend', 'shop'))!;
    expect(drawnSelection({ kind: 'node', id: web }, view)).toEqual({ kind: 'node', id: SHOP });
    expect(drawnSelection({ kind: 'node', id: db }, view)).toEqual({ kind: 'node', id: db });
    expect(drawnSelection({ kind: 'edge', id: webToDb.id }, view)).toEqual({
      kind: 'edge',
      id: view.drawnEdge.get(webToDb.id),
    });
    expect(drawnSelection({ kind: 'edge', id: inner.id }, view)).toBeNull();
    expect(drawnSelection(null, view)).toBeNull();
    const none = collapseGraph(graph, new Set());
    const selection = { kind: 'node' as const, id: web };
    expect(drawnSelection(selection, none)).toBe(selection);
  });
});

describe('auto layout of what is drawn', () => {
  it('lays out a collapsed namespace as one compact node and leaves its hidden pod groups alone', async () => {
    const { layoutGraph } = await import('../../src/ui/layout/autoLayout.ts');
    const view = collapseGraph(graph, new Set([SHOP])).graph;
    const positions = await layoutGraph(view);
    for (const node of view.nodes) expect(positions[node.id], node.id).toBeDefined();
    for (const node of graph.nodes.filter((n) => n.parentId === SHOP)) expect(positions[node.id]).toBeUndefined();
  });
});

describe('search inside collapsed namespaces', () => {
  it('a match hidden in a collapsed namespace lights up that namespace, and Enter zooms to it', () => {
    const view = collapseGraph(graph, new Set([DATA]));
    const db = graph.nodes.find((n) => n.parentId === DATA && n.label.includes('app=db'))!;
    expect(view.graph.nodes.some((n) => n.id === db.id)).toBe(false);
    const found = drawnMatches(graph, 'app=db', view.drawnNode);
    expect([...found]).toEqual([DATA]);
    const emphasis = emphasisOf(view.graph, null, 'both', 'app=db', null, found);
    expect(emphasis.matches.has(DATA)).toBe(true);
    expect(emphasis.dimmedNodes.has(DATA)).toBe(false);
    expect(emphasis.dimmedNodes.has(SHOP)).toBe(true);
    // Expanded, the pod group itself is the match.
    expect([...drawnMatches(graph, 'app=db', collapseGraph(graph, new Set()).drawnNode)]).toEqual([db.id]);
  });
});
