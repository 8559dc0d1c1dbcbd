/**
 * "Auto layout": the whole graph laid out top to bottom by ELK's layered algorithm, containers included
 * (namespaces hold their pod groups), so flows read from sources down to destinations; top to bottom suits
 * the tall graph pane and the wide, short nodes. ELK is 1.5 MB, so it is
 * loaded on first use only.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { PolicyGraph } from '../../core/index.ts';
import {
  CONTAINER_HEADER,
  CONTAINER_PADDING,
  isContainer,
  leafSize,
  MIN_CONTAINER,
  type Positions,
} from './geometry.ts';

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '24',
  'elk.aspectRatio': '0.9',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}
let elkInstance: Promise<Elk> | undefined;

function elk() {
  // The bundle is CommonJS: its default export is the constructor (typed differently per module resolution).
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((module) => {
    const ELK = module.default as unknown as new () => Elk;
    return new ELK();
  });
  return elkInstance;
}

function isAncestor(graph: PolicyGraph, ancestor: string, id: string): boolean {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (let node = byId.get(id); node?.parentId; node = byId.get(node.parentId)) {
    if (node.parentId === ancestor) return true;
  }
  return false;
}

export async function layoutGraph(graph: PolicyGraph): Promise<Positions> {
  const elkNodes = new Map<string, ElkNode>();
  for (const node of graph.nodes) {
    const size = isContainer(node) ? MIN_CONTAINER : leafSize(node);
    elkNodes.set(node.id, {
      id: node.id,
      width: size.width,
      height: size.height,
      ...(isContainer(node)
        ? {
            children: [],
            layoutOptions: {
              'elk.padding': `[top=${CONTAINER_HEADER},left=${CONTAINER_PADDING},bottom=${CONTAINER_PADDING},right=${CONTAINER_PADDING}]`,
            },
          }
        : {}),
    });
  }
  const root: ElkNode = { id: '__root__', layoutOptions: LAYOUT_OPTIONS, children: [], edges: [] };
  for (const node of graph.nodes) {
    const elkNode = elkNodes.get(node.id)!;
    const parent = node.parentId ? elkNodes.get(node.parentId) : undefined;
    (parent?.children ?? root.children!).push(elkNode);
  }
  root.edges = graph.edges
    .filter(
      (e) =>
        elkNodes.has(e.source) &&
        elkNodes.has(e.target) &&
        e.source !== e.target &&
        !isAncestor(graph, e.source, e.target) &&
        !isAncestor(graph, e.target, e.source),
    )
    .map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.source], targets: [e.target] }));

  const laidOut = await (await elk()).layout(root);
  const positions: Positions = {};
  const collect = (nodes: ElkNode[] | undefined) => {
    for (const n of nodes ?? []) {
      positions[n.id] = { x: Math.round(n.x ?? 0), y: Math.round(n.y ?? 0) };
      collect(n.children);
    }
  };
  collect(laidOut.children);
  return positions;
}
