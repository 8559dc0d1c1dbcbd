import { describe, expect, it } from 'vitest';
import { DETAIL_MIN_ZOOM } from '../../src/ui/canvas/lod.ts';
import { LABEL_FONT_PX, labelScale, MAX_LABEL_SCALE, SEMANTIC_ZOOM } from '../../src/ui/canvas/semanticZoom.ts';

describe('labelScale: labels counter-scaled when zoomed out', () => {
  it.each([
    [2, 1],
    [1, 1],
    [0.6, 1],
    [SEMANTIC_ZOOM, 1],
    [0.46, 1], // 1.09, stepped down to 1
    [0.4, 1.25],
    [0.3, 1.75], // 1.67, rounded to the nearer step
    [0.2, 2.5],
    [0.15, 3], // 3.33, clamped
    [0.1, 3],
    [0, 1],
    [Number.NaN, 1],
  ])('at zoom %f the scale is %f', (zoom, scale) => {
    expect(labelScale(zoom)).toBe(scale);
  });

  it('keeps labels at about 8 px on screen from SEMANTIC_ZOOM down to where the clamp starts', () => {
    for (let zoom = SEMANTIC_ZOOM; zoom >= SEMANTIC_ZOOM / MAX_LABEL_SCALE; zoom -= 0.005) {
      const screen = LABEL_FONT_PX * zoom * labelScale(zoom);
      expect(screen).toBeGreaterThanOrEqual(7);
      expect(screen).toBeLessThanOrEqual(9);
    }
  });

  it('starts above the overview threshold, so there is a range where it applies', () => {
    expect(SEMANTIC_ZOOM).toBeGreaterThan(DETAIL_MIN_ZOOM);
    expect(labelScale(DETAIL_MIN_ZOOM)).toBe(MAX_LABEL_SCALE);
  });
});
