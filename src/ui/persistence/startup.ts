/**
 * Which document a page load opens: a share link in the URL fragment first, then the autosaved document,
 * then the example. The fragment is removed once read, so a reload opens the autosave (with any edits made
 * since), not the link's original content.
 *
 * A share link must not silently replace the work in progress: when it opens over a different autosaved
 * document, that document comes back as `previous`, and the page opens it first and the link on top of it,
 * so Ctrl+Z returns to it.
 */
import { loadLocalDocument } from './localDocument.ts';
import type { SavedDocument } from './savedDocument.ts';
import { decodeShare, isShareFragment } from './shareCodec.ts';

export interface Startup {
  document: SavedDocument;
  origin: 'share' | 'autosave' | 'example';
  /** The autosaved document a share link opened over (only when it differs from the shared one). */
  previous?: SavedDocument;
  problem?: string;
}

export function startupDocument(fragment: string, storage: Storage | undefined, example: SavedDocument): Startup {
  let problem: string | undefined;
  const saved = storage ? loadLocalDocument(storage) : undefined;
  if (isShareFragment(fragment)) {
    const shared = decodeShare(fragment);
    if (shared.ok) {
      const keep = saved && saved.text.trim() !== '' && saved.text !== shared.document.text;
      return { document: shared.document, origin: 'share', ...(keep ? { previous: saved } : {}) };
    }
    problem = `Could not open the share link: ${shared.reason}.`;
  }
  if (saved) return { document: saved, origin: 'autosave', ...(problem ? { problem } : {}) };
  return { document: example, origin: 'example', ...(problem ? { problem } : {}) };
}
