/**
 * The smallest single replacement turning `before` into `after` (common prefix and suffix kept), so text
 * pushed into the editor touches only what changed: the cursor, folding and scroll elsewhere stay put.
 */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

const CHUNK = 4096;

export function minimalReplacement(before: string, after: string): TextReplacement | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  // Whole chunks first (string equality is a memory compare), then character by character: a few milliseconds
  // for a 4 MB document where a loop over characters alone takes far longer.
  while (start + CHUNK <= max && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK))
    start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix + CHUNK <= max - start &&
    before.slice(before.length - suffix - CHUNK, before.length - suffix) ===
      after.slice(after.length - suffix - CHUNK, after.length - suffix)
  )
    suffix += CHUNK;
  while (
    suffix < max - start &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  return { start, end: before.length - suffix, text: after.slice(start, after.length - suffix) };
}
