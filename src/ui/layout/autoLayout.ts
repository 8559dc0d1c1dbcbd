/**
 * "Auto layout", compact: each namespace's pod groups are laid out by ELK's layered algorithm inside their
 * container (flows between them read top to bottom), and the containers and loose nodes are then packed into a
 * rectangle of the graph pane's shape (ELK's rectpacking), sources first. A guide-sized set (36 nodes) thus
 * fits a 1,100 × 800 pane at a zoom where labels read at 8 px or more; a layered layout of the whole graph put
 * every destination in one row, 3,600 px wide. ELK is 1.5 MB, so it is loaded on first use only.
 */
// vite/client declares `?url` imports; tests compile this file without the app's types.
/// <reference types="vite/client" />
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphNode, PolicyGraph } from '../../core/index.ts';
import {
  CONTAINER_HEADER,
  CONTAINER_PADDING,
  isContainer,
  leafSize,
  MIN_CONTAINER,
  type Positions,
} from './geometry.ts';

/** Inside a container with flows between its children: sources above destinations. */
const LAYERED_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '16',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

/** Packing boxes (containers, loose nodes, or children with no flow between them) into a rectangle. */
function packingOptions(aspectRatio: number) {
  return {
    'elk.algorithm': 'rectpacking',
    'elk.aspectRatio': String(aspectRatio),
    'elk.spacing.nodeNode': '28',
    'elk.rectpacking.orderBySize': 'false',
  };
}

/** The graph pane's usual shape (width ÷ height) when the editor is collapsed. */
export const PANE_ASPECT_RATIO = 1.4;

interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}
let elkInstance: Promise<Elk> | undefined;

function elk() {
  // In a browser ELK runs in its own Web Worker (elkjs's worker script, loaded as a classic worker from its URL):
  // laying out a 2,000-policy import took seconds of the page's main thread (importLongestTaskMs, issue #15).
  // Where there is no Worker (Vitest), the bundled in-thread version. Both are CommonJS: the default export is
  // the constructor (typed differently per module resolution).
  elkInstance ??=
    typeof Worker === 'function'
      ? Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]).then(
          ([api, worker]) => {
            const ELK = api.default as unknown as new (options: { workerFactory: () => Worker }) => Elk;
            return new ELK({ workerFactory: () => new Worker(worker.default) });
          },
        )
      : import('elkjs/lib/elk.bundled.js').then((module) => {
          const ELK = module.default as unknown as new () => Elk;
          return new ELK();
        });
  return elkInstance;
}

/** The outermost container of a node (itself when it is not inside one). */
function topOf(id: string, byId: Map<string, GraphNode>): string {
  let node = byId.get(id);
  while (node?.parentId && byId.has(node.parentId)) node = byId.get(node.parentId);
  return node?.id ?? id;
}

export async function layoutGraph(graph: PolicyGraph, aspectRatio = PANE_ASPECT_RATIO): Promise<Positions> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const elkNodes = new Map<string, ElkNode>();
  for (const node of graph.nodes) {
    const size = isContainer(node) ? MIN_CONTAINER : leafSize(node);
    elkNodes.set(node.id, {
      id: node.id,
      width: size.width,
      height: size.height,
      ...(isContainer(node) ? { children: [], edges: [] } : {}),
    });
  }
  const root: ElkNode = { id: '__root__', layoutOptions: packingOptions(aspectRatio), children: [] };
  for (const node of graph.nodes) {
    const elkNode = elkNodes.get(node.id)!;
    const parent = node.parentId ? elkNodes.get(node.parentId) : undefined;
    (parent?.children ?? root.children!).push(elkNode);
  }
  // A flow between two children of one container is laid out in it; flows across containers only order them.
  const score = new Map<string, number>();
  for (const edge of graph.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target || source.id === target.id) continue;
    if (source.parentId && source.parentId === target.parentId) {
      elkNodes.get(source.parentId)!.edges!.push({ id: edge.id, sources: [source.id], targets: [target.id] });
      continue;
    }
    const from = topOf(source.id, byId);
    const to = topOf(target.id, byId);
    if (from === to) continue;
    score.set(from, (score.get(from) ?? 0) + 1);
    score.set(to, (score.get(to) ?? 0) - 1);
  }
  for (const node of graph.nodes) {
    if (!isContainer(node)) continue;
    const elkNode = elkNodes.get(node.id)!;
    const options = elkNode.edges!.length ? LAYERED_OPTIONS : packingOptions(2);
    elkNode.layoutOptions = {
      ...options,
      'elk.padding': `[top=${CONTAINER_HEADER},left=${CONTAINER_PADDING},bottom=${CONTAINER_PADDING},right=${CONTAINER_PADDING}]`,
    };
  }
  // Sources first (more flows out than in), destinations last; rectpacking keeps this order row by row.
  root.children!.sort((a, b) => (score.get(b.id) ?? 0) - (score.get(a.id) ?? 0));

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
