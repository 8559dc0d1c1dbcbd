/**
 * Autosave to localStorage. A full (or disabled) storage is reported to the caller, never swallowed: the user
 * must know their work is not being kept.
 */
import { restoreSavedDocument, type SavedDocument } from './savedDocument.ts';

export const STORAGE_KEY = 'netpol-designer:document:v1';

export function loadLocalDocument(storage: Storage): SavedDocument | undefined {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    return raw === null ? undefined : restoreSavedDocument(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

export type SaveOutcome = { ok: true } | { ok: false; reason: string };

export function saveLocalDocument(storage: Storage, document: SavedDocument): SaveOutcome {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(document));
    return { ok: true };
  } catch (error) {
    const quota =
      error instanceof DOMException &&
      (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED');
    return {
      ok: false,
      reason: quota
        ? 'Autosave failed: the browser storage for this page is full. Download the YAML to keep your work.'
        : `Autosave failed: ${error instanceof Error ? error.message : String(error)}. Download the YAML to keep your work.`,
    };
  }
}
