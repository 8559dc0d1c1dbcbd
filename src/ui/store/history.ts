/**
 * The designer's undo history, bounded by memory. Each step keeps only what one change replaced: where it
 * starts, the characters it removed and the ones it inserted (the common prefix and suffix of the two texts are
 * not stored). Typing a line in a 4 MB document costs a line, not 4 MB; replacing the whole document (an import)
 * costs both texts once.
 *
 * Bounds: at most `steps` steps, and at most `characters` characters over all steps kept; the oldest steps go
 * first. The newest step is always kept, even when it alone is larger than the budget, so the last change can
 * always be undone: memory is at most max(`characters`, the newest step).
 */
import { minimalReplacement } from '../editor/textEdit.ts';

/** At `start`, the text held `removed` before the change and `inserted` after it. */
interface Step {
  start: number;
  removed: string;
  inserted: string;
}

export interface HistoryLimits {
  steps: number;
  characters: number;
}

/**
 * 200 steps, and 10 million characters (about 20 MB as UTF-16): room for replacing a document of the largest
 * size the designer reads by another one (see DESIGNER_MAX_TEXT_LENGTH), with many small edits besides.
 */
export const HISTORY_LIMITS: HistoryLimits = { steps: 200, characters: 10_000_000 };

function weight(step: Step): number {
  return step.removed.length + step.inserted.length;
}

export class TextHistory {
  /** Oldest first; the last is the one `undo` reverts. */
  private readonly past: Step[] = [];
  /** The steps undone, the last is the one `redo` repeats. */
  private readonly future: Step[] = [];
  private size = 0;
  private readonly limits: HistoryLimits;

  constructor(limits: HistoryLimits = HISTORY_LIMITS) {
    this.limits = limits;
  }

  /** A change from `before` to `after` (nothing when they are equal): clears what could be redone. */
  record(before: string, after: string): void {
    const change = minimalReplacement(before, after);
    if (!change) return;
    for (const step of this.future) this.size -= weight(step);
    this.future.length = 0;
    const step = { start: change.start, removed: before.slice(change.start, change.end), inserted: change.text };
    this.past.push(step);
    this.size += weight(step);
    while (this.past.length > this.limits.steps || (this.size > this.limits.characters && this.past.length > 1)) {
      this.size -= weight(this.past.shift()!);
    }
  }

  /** The text before the last change, given the text now; undefined when there is nothing to undo. */
  undo(current: string): string | undefined {
    const step = this.past.pop();
    if (!step) return undefined;
    this.future.push(step);
    return current.slice(0, step.start) + step.removed + current.slice(step.start + step.inserted.length);
  }

  /** The text after the last undone change, given the text now; undefined when there is nothing to redo. */
  redo(current: string): string | undefined {
    const step = this.future.pop();
    if (!step) return undefined;
    this.past.push(step);
    return current.slice(0, step.start) + step.inserted + current.slice(step.start + step.removed.length);
  }

  get undoDepth(): number {
    return this.past.length;
  }

  get redoDepth(): number {
    return this.future.length;
  }

  /** The characters the history holds (removed and inserted text of every step kept). */
  get characters(): number {
    return this.size;
  }
}
