/**
 * The graph as a standalone SVG: the boxes and flows the canvas draws, with their text, in absolute
 * coordinates. Built from data (not by copying the DOM), so it needs no stylesheet and no external library.
 */
export interface SvgBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  container: boolean;
  title: string;
  lines: string[];
  tone: 'namespace' | 'selector' | 'pods' | 'ip' | 'anywhere';
}

export interface SvgFlow {
  source: string;
  target: string;
  label: string;
  oneSided: boolean;
}

const FILL: Record<SvgBox['tone'], string> = {
  namespace: '#f3f6fb',
  selector: '#fbf6ee',
  pods: '#ffffff',
  ip: '#f1faf3',
  anywhere: '#fdf1f1',
};

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

export function buildGraphSvg(boxes: readonly SvgBox[], flows: readonly SvgFlow[]): string {
  const margin = 24;
  const minX = Math.min(0, ...boxes.map((b) => b.x)) - margin;
  const minY = Math.min(0, ...boxes.map((b) => b.y)) - margin;
  const maxX = Math.max(0, ...boxes.map((b) => b.x + b.width)) + margin;
  const maxY = Math.max(0, ...boxes.map((b) => b.y + b.height)) + margin;
  const width = Math.ceil(maxX - minX);
  const height = Math.ceil(maxY - minY);
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5f6b7a"/></marker>' +
      '<marker id="arrow-red" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d93025"/></marker></defs>',
    `<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  const ordered = [...boxes].sort((a, b) => Number(b.container) - Number(a.container));
  for (const box of ordered) {
    parts.push(
      `<g><rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="8" fill="${FILL[box.tone]}" stroke="#8a96a8"${box.container ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${box.x + 10}" y="${box.y + 18}" font-weight="bold">${escapeXml(box.title)}</text>`,
      ...box.lines.map((line, i) => `<text x="${box.x + 10}" y="${box.y + 36 + i * 16}">${escapeXml(line)}</text>`),
      '</g>',
    );
  }
  for (const flow of flows) {
    const s = byId.get(flow.source);
    const t = byId.get(flow.target);
    if (!s || !t) continue;
    // Out at the bottom of the source, in at the top of the target, as on the canvas.
    const x1 = s.x + s.width / 2;
    const y1 = s.y + s.height;
    const x2 = t.x + t.width / 2;
    const y2 = t.y;
    const dy = Math.max(40, Math.abs(y2 - y1) / 2);
    const color = flow.oneSided ? '#d93025' : '#5f6b7a';
    parts.push(
      `<path d="M${x1},${y1} C${x1},${y1 + dy} ${x2},${y2 - dy} ${x2},${y2}" fill="none" stroke="${color}" stroke-width="1.6"${flow.oneSided ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#${flow.oneSided ? 'arrow-red' : 'arrow'})"/>`,
      `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle" fill="${color}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(flow.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
