/**
 * The core's graph-edit entry (`src/core/edits.ts`, which brings the `yaml` package) loaded apart from the
 * designer's first screen. `preloadEdits` asks for it once the page is idle after start-up, so by the time a
 * user draws or deletes something it is there and the edit is applied at once; a command issued earlier waits
 * for it. A failed load (the network) is forgotten, so the next command tries again.
 */
type Edits = typeof import('../../core/edits.ts');

let edits: Edits | undefined;
let loading: Promise<Edits> | undefined;

/** The edit entry when it has arrived (then a command is applied synchronously). */
export function loadedEdits(): Edits | undefined {
  return edits;
}

export function loadEdits(): Promise<Edits> {
  loading ??= import('../../core/edits.ts').then(
    (module) => (edits = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Loads the edit entry when the page is idle (or soon, where there is no idle callback: Vitest, Safari). */
export function preloadEdits(): void {
  if (edits || loading) return;
  const load = () => void loadEdits().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 0);
}
