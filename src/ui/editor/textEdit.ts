/**
 * The smallest single replacement turning `before` into `after` (common prefix and suffix kept), so text
 * pushed into the editor touches only what changed: the cursor, folding and scroll elsewhere stay put.
 */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

export function minimalReplacement(before: string, after: string): TextReplacement | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix < max - start &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  return { start, end: before.length - suffix, text: after.slice(start, after.length - suffix) };
}
