import { describe, expect, it } from 'vitest';
import { projectGraph, read } from '../../src/core/index.ts';
import { minimalReplacement } from '../../src/ui/editor/textEdit.ts';
import { buildGraphSvg, escapeXml } from '../../src/ui/export/graphSvg.ts';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';
import { placeNewNodes, positionsOf } from '../../src/ui/layout/placement.ts';

describe('placing new nodes', () => {
  const graph = projectGraph(read(EXAMPLE_DOCUMENT));

  it('never moves a node that has a position', () => {
    const first = placeNewNodes(graph, {});
    const moved = { ...first, 'ns:monitoring': { x: 999, y: 999 } };
    expect(placeNewNodes(graph, moved)).toEqual(moved);
  });

  it('puts a new child below its siblings and a new top-level node right of the drawing', () => {
    const before = placeNewNodes(graph, {});
    const grown = projectGraph(
      read(
        EXAMPLE_DOCUMENT +
          '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\n  namespace: tenant-b\nspec:\n  podSelector:\n    matchLabels:\n      app: cache\n  policyTypes: [Ingress]\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: zeta\n',
      ),
    );
    const after = placeNewNodes(grown, before, graph);
    const child = after['pods:tenant-b:app=cache']!;
    const siblings = graph.nodes.filter((n) => n.parentId === 'ns:tenant-b').map((n) => before[n.id]!);
    expect(child.y).toBeGreaterThan(Math.max(...siblings.map((p) => p.y)));
    const rightmost = Math.max(...graph.nodes.filter((n) => !n.parentId).map((n) => before[n.id]!.x));
    expect(after['ns:zeta']!.x).toBeGreaterThan(rightmost);
  });

  it('gives a relabelled pod group the position of the one it replaced', () => {
    const before = { ...placeNewNodes(graph, {}), 'pods:tenant-b:app=db': { x: 321, y: 123 } };
    const renamed = projectGraph(read(EXAMPLE_DOCUMENT.replace('app: db', 'app: database')));
    expect(placeNewNodes(renamed, before, graph)['pods:tenant-b:app=database']).toEqual({ x: 321, y: 123 });
  });

  it('saves only the positions of nodes still drawn', () => {
    const positions = { ...placeNewNodes(graph, {}), 'ns:gone': { x: 1, y: 1 } };
    expect(Object.keys(positionsOf(graph, positions)).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
  });
});

describe('minimal text replacement', () => {
  it.each([
    ['abc', 'abc', undefined],
    ['hello world', 'hello brave world', { start: 6, end: 6, text: 'brave ' }],
    ['aaa', 'aa', { start: 2, end: 3, text: '' }],
    ['', 'x', { start: 0, end: 0, text: 'x' }],
    ['x: 1\ny: 2\n', 'x: 1\ny: 3\n', { start: 8, end: 9, text: '3' }],
  ])('%j → %j', (before, after, expected) => {
    const change = minimalReplacement(before, after);
    expect(change).toEqual(expected);
    if (change) expect(before.slice(0, change.start) + change.text + before.slice(change.end)).toBe(after);
  });
});

describe('SVG export', () => {
  it('escapes names so a label cannot inject markup', () => {
    expect(escapeXml('<script>&"\'')).toBe('&lt;script&gt;&amp;&quot;&apos;');
    const svg = buildGraphSvg(
      [
        {
          id: 'a',
          x: 0,
          y: 0,
          width: 100,
          height: 40,
          container: false,
          title: '<b>',
          lines: ['app=<x>'],
          tone: 'pods',
        },
        { id: 'b', x: 200, y: 0, width: 100, height: 40, container: false, title: 'b', lines: [], tone: 'ip' },
      ],
      [{ source: 'a', target: 'b', label: 'TCP 443', oneSided: true }],
    );
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('TCP 443');
  });
});

describe('the example document', () => {
  it('ships an arrangement for every node it draws (else a first visit would run the layout engine)', async () => {
    const { EXAMPLE_POSITIONS } = await import('../../src/ui/exampleDocument.ts');
    const graph = projectGraph(read(EXAMPLE_DOCUMENT));
    expect(graph.nodes.map((n) => n.id).filter((id) => !EXAMPLE_POSITIONS[id])).toEqual([]);
  });
});
