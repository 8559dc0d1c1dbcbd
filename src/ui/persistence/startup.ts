/**
 * Which document a page load opens: a share link in the URL fragment first, then the autosaved document,
 * then the example. The fragment is removed once read, so a reload opens the autosave (with any edits made
 * since), not the link's original content.
 */
import { loadLocalDocument } from './localDocument.ts';
import type { SavedDocument } from './savedDocument.ts';
import { decodeShare, isShareFragment } from './shareCodec.ts';

export interface Startup {
  document: SavedDocument;
  origin: 'share' | 'autosave' | 'example';
  problem?: string;
}

export function startupDocument(fragment: string, storage: Storage | undefined, example: SavedDocument): Startup {
  let problem: string | undefined;
  if (isShareFragment(fragment)) {
    const shared = decodeShare(fragment);
    if (shared.ok) return { document: shared.document, origin: 'share' };
    problem = `Could not open the share link: ${shared.reason}.`;
  }
  const saved = storage ? loadLocalDocument(storage) : undefined;
  if (saved) return { document: saved, origin: 'autosave', ...(problem ? { problem } : {}) };
  return { document: example, origin: 'example', ...(problem ? { problem } : {}) };
}
