/**
 * The core's graph-edit entry (`src/core/edits.ts`, which brings the `yaml` package) loaded apart from the
 * designer's first screen. `preloadEdits` asks for it once the page is idle after start-up, so by the time a
 * user draws or deletes something it is there and the edit is applied at once; a command issued earlier waits
 * for it.
 */
import { lazyModule } from './lazyModule.ts';

const edits = lazyModule(() => import('../../core/edits.ts'));

/** The edit entry when it has arrived (then a command is applied synchronously). */
export const loadedEdits = edits.loaded;
export const loadEdits = edits.load;

/** Loads the edit entry when the page is idle (or soon, where there is no idle callback: Vitest, Safari). */
export function preloadEdits(): void {
  if (edits.loaded()) return;
  const load = () => void loadEdits().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 0);
}
