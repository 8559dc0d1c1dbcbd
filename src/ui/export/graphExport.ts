import type { GraphNode, PolicyGraph } from '../../core/index.ts';
import type { SvgBox, SvgFlow } from './graphSvg.ts';
import { displayText } from '../text.ts';

export interface MeasuredNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function selectorText(
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: { key: string; operator: string; values?: string[] }[];
      }
    | undefined,
): string[] {
  const lines = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${displayText(k)}=${displayText(v)}`);
  for (const e of Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : []) {
    const values = Array.isArray(e?.values) ? e.values.map((v) => displayText(v)).join(', ') : displayText(e?.values);
    lines.push(`${displayText(e?.key)} ${displayText(e?.operator)}${values ? ` (${values})` : ''}`);
  }
  return lines;
}

function boxText(node: GraphNode): { title: string; lines: string[]; tone: SvgBox['tone'] } {
  const ref = node.ref;
  switch (ref.kind) {
    case 'namespace':
      return {
        title: `namespace ${displayText(ref.namespace)}`,
        lines: Object.entries(node.labels ?? {})
          .filter(([k]) => k !== 'kubernetes.io/metadata.name')
          .map(([k, v]) => `${displayText(k)}=${displayText(v)}`),
        tone: 'namespace',
      };
    case 'pods': {
      const iso = node.isolation;
      const shields = iso ? [`${iso.ingress ? '●' : '○'} in  ${iso.egress ? '●' : '○'} out`] : [];
      const lines = selectorText(ref.podSelector);
      return { title: 'pods', lines: [...(lines.length ? lines : ['all pods']), ...shields], tone: 'pods' };
    }
    case 'namespacePods':
      return node.type === 'namespaceSelector'
        ? { title: 'namespaces where', lines: selectorText(ref.namespaceSelector), tone: 'selector' }
        : { title: 'pods', lines: selectorText(ref.podSelector), tone: 'pods' };
    case 'ipBlock':
      return {
        title: `ipBlock ${displayText(ref.cidr)}`,
        lines: (Array.isArray(ref.except) ? ref.except : []).map((e) => `except ${displayText(e)}`),
        tone: 'ip',
      };
    case 'anywhere':
      return { title: 'anywhere', lines: ['every pod and address'], tone: 'anywhere' };
  }
}

/** The graph's boxes at the positions and sizes React Flow measured, and its flows. */
export function graphForSvg(
  graph: PolicyGraph,
  measured: readonly MeasuredNode[],
): { boxes: SvgBox[]; flows: SvgFlow[] } {
  const byId = new Map(measured.map((m) => [m.id, m]));
  const boxes: SvgBox[] = [];
  for (const node of graph.nodes) {
    const m = byId.get(node.id);
    if (!m) continue;
    boxes.push({
      ...m,
      container: node.type === 'namespace' || node.type === 'namespaceSelector',
      ...boxText(node),
    });
  }
  const flows = graph.edges.map((e) => ({
    source: e.source,
    target: e.target,
    label: displayText(e.label),
    oneSided: e.effective === 'oneSided',
  }));
  return { boxes, flows };
}
