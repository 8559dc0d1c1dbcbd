/**
 * The designer must never fall to its error page again and again on a saved document (issue #17): the document is
 * autosaved, so a document that crashes the page at start-up would crash every reload. A marker in storage says
 * whether the last start finished cleanly: it is set to `starting` before the designer opens, to `ok` once it has
 * been up for a moment or the page is left normally, and to `crashed` when the page's last-resort error boundary catches an error. A start that
 * finds `starting` or `crashed` opens in safe mode: the saved text in the editor, its problems listed, the canvas
 * empty until the next edit.
 */
export const STARTUP_KEY = 'netpol-designer:startup:v1';

export type StartupMark = 'starting' | 'ok' | 'crashed';

/** How long the designer must be up before its start counts as clean (layout and the first analysis are done). */
export const CLEAN_START_MS = 3000;

function readMark(storage: Storage): string | null {
  try {
    return storage.getItem(STARTUP_KEY);
  } catch {
    return null;
  }
}

function writeMark(storage: Storage, mark: StartupMark): void {
  try {
    storage.setItem(STARTUP_KEY, mark);
  } catch {
    // A full or disabled storage: autosave reports it; without the marker, starts are simply not guarded.
  }
}

/**
 * Called once before the designer opens: true when the last start did not finish cleanly (or the page crashed
 * since), so this one must open in safe mode. Marks this start as under way.
 */
export function beginStartup(storage: Storage | undefined): { safeMode: boolean } {
  if (!storage) return { safeMode: false };
  const last = readMark(storage);
  writeMark(storage, 'starting');
  return { safeMode: last === 'starting' || last === 'crashed' };
}

let crashed = false;

/**
 * The designer has been up for a moment, or the page is left normally (a reload soon after opening is not a failed
 * start): the next start opens normally, unless the page crashed meanwhile.
 */
export function markStartedCleanly(storage: Storage | undefined): void {
  if (storage && !crashed) writeMark(storage, 'ok');
}

/** The page's last-resort error boundary caught an error: the next start opens in safe mode. */
export function markCrashed(storage: Storage | undefined): void {
  crashed = true;
  if (storage) writeMark(storage, 'crashed');
}

/** For tests: forget a crash seen by this page. */
export function resetStartupGuard(): void {
  crashed = false;
}
