/**
 * Semantic zoom: zoomed out below SEMANTIC_ZOOM (and above the overview of lod.ts, where nodes are plain boxes),
 * each node shows its label alone, counter-scaled (CSS `scale(1 / zoom)`, clamped and in steps) so it keeps a
 * readable size on screen while the boxes shrink: a pod group its selector (`app=api`), a container its title. The
 * details (selector lines, shields, label chips) come back when zoomed in again.
 *
 * Nothing re-renders on zoom: a watcher sets one class and one CSS variable (`--label-scale`) on the React Flow
 * element when the step changes, and the stylesheet (semanticZoom.css) does the rest. A leaf's label is its
 * `data-label` attribute drawn by CSS (`::after`), so the page's text and accessible names stay as they are.
 */

/**
 * Below this zoom node text (11–13 px) is under 6.5 px on screen. Above it every detail is drawn: the example's and
 * the operator guide's fit views (about 0.55 and 0.75) keep their shields and selector lines.
 */
export const SEMANTIC_ZOOM = 0.5;
/** The label's font size (semanticZoom.css): at SEMANTIC_ZOOM and below, 8 px on screen until the clamp. */
export const LABEL_FONT_PX = 16;
/** Labels grow at most this much (beyond it they would not fit their node). */
export const MAX_LABEL_SCALE = 3;
/** Scales change in steps, so styles are recomputed a few times while zooming, not on every frame. */
const STEP = 0.25;

/** The labels' scale at `zoom`: 1 at or above SEMANTIC_ZOOM, else about SEMANTIC_ZOOM / zoom, clamped, stepped. */
export function labelScale(zoom: number): number {
  if (!(zoom > 0) || zoom >= SEMANTIC_ZOOM) return 1;
  const scale = Math.min(MAX_LABEL_SCALE, SEMANTIC_ZOOM / zoom);
  const stepped = Math.round(scale / STEP) * STEP;
  return stepped <= 1 ? 1 : stepped;
}
