import { useLayoutEffect, useRef, useState, type SVGAttributes } from 'react';

interface EdgeLabelProps extends Omit<SVGAttributes<SVGGElement>, 'x' | 'y'> {
  /** The label's centre, in flow coordinates. */
  x: number;
  y: number;
  label: string;
  labelBgPadding: [number, number];
  labelBgBorderRadius: number;
  className: string;
  [data: `data-${string}`]: string;
}

/**
 * A flow's label: its text centred on (x, y) on a rounded background, as React Flow's `EdgeText` draws it (same
 * classes), but positioned by coordinates instead of a `transform` on the group. Chromium gives each transformed
 * SVG group inside the dragged viewport layer a compositor layer of its own (the flows' SVGs overlapping them
 * follow): panning the 2,000-node graph zoomed in to 0.5 had ~640 layers and drew a frame in a few hundred ms
 * (panZoomedRatio, issue #15).
 */
export function EdgeLabel({ x, y, label, labelBgPadding, labelBgBorderRadius, className, ...rest }: EdgeLabelProps) {
  const text = useRef<SVGTextElement>(null);
  // The text's box relative to (x, y), measured once per label (moving the flow moves both by the same amount).
  const [box, setBox] = useState<{ dx: number; dy: number; width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = text.current;
    if (!el || typeof el.getBBox !== 'function') return;
    const b = el.getBBox();
    setBox({
      dx: b.x - Number(el.getAttribute('x')),
      dy: b.y - Number(el.getAttribute('y')),
      width: b.width,
      height: b.height,
    });
  }, [label]);
  if (!label) return null;
  const [px, py] = labelBgPadding;
  return (
    <g className={`react-flow__edge-textwrapper ${className}`} {...rest}>
      {box && (
        <rect
          className="react-flow__edge-textbg"
          x={x + box.dx - px}
          y={y + box.dy - py}
          width={box.width + 2 * px}
          height={box.height + 2 * py}
          rx={labelBgBorderRadius}
          ry={labelBgBorderRadius}
        />
      )}
      <text ref={text} className="react-flow__edge-text" x={x} y={y} textAnchor="middle" dominantBaseline="central">
        {label}
      </text>
    </g>
  );
}
