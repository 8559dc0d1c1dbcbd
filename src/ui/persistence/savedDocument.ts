import type { Positions } from '../layout/geometry.ts';

/** What is saved and shared: the document text exactly as written, and the layout beside it. */
export interface SavedDocument {
  text: string;
  positions: Positions;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Accepts a decoded value only if it has the saved shape; positions that are not finite numbers are dropped. */
export function restoreSavedDocument(value: unknown): SavedDocument | undefined {
  if (!isRecord(value) || typeof value.text !== 'string') return undefined;
  const positions: Positions = {};
  if (isRecord(value.positions)) {
    for (const [id, p] of Object.entries(value.positions)) {
      if (isRecord(p) && Number.isFinite(p.x) && Number.isFinite(p.y))
        positions[id] = { x: Number(p.x), y: Number(p.y) };
    }
  }
  return { text: value.text, positions };
}
