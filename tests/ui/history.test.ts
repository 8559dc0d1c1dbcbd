import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';
import { createDesignerStore } from '../../src/ui/store/designerStore.ts';
import { HISTORY_LIMITS, TextHistory, type HistoryLimits } from '../../src/ui/store/history.ts';

/** One user action on the text: replace `remove` characters at `at` (fractions of the length) by `insert`. */
type Op = { kind: 'edit'; at: number; remove: number; insert: string } | { kind: 'undo' } | { kind: 'redo' };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.nat({ max: 12 }),
      // Surrogate pairs and line ends too: a change may start or end inside either.
      insert: fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' ', 'é', '😀', '-', ':'), maxLength: 10 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'redo' as const }) },
);

function applyEdit(text: string, edit: Extract<Op, { kind: 'edit' }>): string {
  const at = Math.floor(edit.at * text.length);
  return text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
}

/**
 * Replays `ops` on a TextHistory and on the obvious model (a stack of full texts either way) and checks, after
 * every step, that undo and redo give back exactly the model's texts, that only the oldest steps are dropped,
 * and that the memory bound holds.
 */
function replay(start: string, ops: Op[], limits: HistoryLimits) {
  const history = new TextHistory(limits);
  const past: string[] = [];
  const future: string[] = [];
  let text = start;
  for (const o of ops) {
    if (o.kind === 'edit') {
      const next = applyEdit(text, o);
      if (next === text) continue;
      history.record(text, next);
      past.push(text);
      future.length = 0;
      text = next;
    } else if (o.kind === 'undo') {
      const back = history.undo(text);
      if (back === undefined) {
        expect(history.undoDepth).toBe(0);
        continue;
      }
      expect(back).toBe(past.pop());
      future.push(text);
      text = back;
    } else {
      const forward = history.redo(text);
      if (forward === undefined) {
        expect(future).toEqual([]);
        continue;
      }
      expect(forward).toBe(future.pop());
      past.push(text);
      text = forward;
    }
    // The history drops the oldest steps only: the model forgets the same ones.
    expect(history.undoDepth).toBeLessThanOrEqual(past.length);
    past.splice(0, past.length - history.undoDepth);
    expect(history.redoDepth).toBe(future.length);
    expect(history.undoDepth + history.redoDepth).toBeLessThanOrEqual(limits.steps);
    // Bounded by memory: within the budget, or one step alone (the newest change can always be undone).
    if (history.undoDepth + history.redoDepth > 1) expect(history.characters).toBeLessThanOrEqual(limits.characters);
  }
  // Undo all the way back, then redo all the way forward: every text exactly as it was, in order.
  const visited = [text];
  while (history.undoDepth) {
    text = history.undo(text)!;
    expect(text).toBe(past.pop());
    visited.push(text);
  }
  const forward = [...visited.slice(0, -1).reverse(), ...future.reverse()];
  for (const expected of forward) {
    text = history.redo(text)!;
    expect(text).toBe(expected);
  }
  expect(history.redo(text)).toBeUndefined();
}

describe('undo history: changes, not snapshots', () => {
  it('undo and redo give back exactly the texts of a random edit sequence (no bound reached)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.array(op, { maxLength: 60 }), (start, ops) =>
        replay(start, ops, { steps: 1_000, characters: 1_000_000 }),
      ),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it('stays exact while the oldest steps are dropped to stay within the step and character bounds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.array(op, { maxLength: 80 }), (start, ops) =>
        replay(start, ops, { steps: 8, characters: 30 }),
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('a 1 MB document edited 250 times holds kilobytes, not 200 snapshots', () => {
    const line = 'apiVersion: networking.k8s.io/v1 # a line of a large cluster dump, about sixty chars\n';
    let text = line.repeat(Math.ceil(1_000_000 / line.length));
    const history = new TextHistory();
    for (let i = 0; i < 250; i++) {
      const at = (i * 7919 * line.length) % text.length;
      const next = text.slice(0, at) + `# edit ${i}\n` + text.slice(at);
      history.record(text, next);
      text = next;
    }
    expect(history.undoDepth).toBe(HISTORY_LIMITS.steps);
    // 200 steps of one short line each; full snapshots would hold 200 × 1 MB = 200 million characters.
    expect(history.characters).toBeLessThan(5_000);
  });

  it('whole-document replacements stay within the character budget', () => {
    const history = new TextHistory();
    let text = '';
    for (let i = 0; i < 12; i++) {
      const next = String.fromCharCode(97 + i).repeat(2_000_000);
      history.record(text, next);
      text = next;
      expect(history.characters).toBeLessThanOrEqual(HISTORY_LIMITS.characters);
    }
    // Each step holds both texts (4 million characters), so two fit: the last two loads can be undone.
    expect(history.undoDepth).toBe(2);
    expect(history.undo(text)).toBe('k'.repeat(2_000_000));
  });
});

describe('the store records every change through its gateway', () => {
  it('undoes typing, a graph command and a load in order, redoes them, and redo takes the editor draft first', async () => {
    const store = createDesignerStore(EXAMPLE_DOCUMENT);
    const typed = EXAMPLE_DOCUMENT.replace('# Two tenants', '# Typed. Two tenants');
    store.getState().editText(typed);
    expect(await store.getState().dispatch({ type: 'addNamespace', name: 'payments' })).toBe(true);
    const commanded = store.getState().text;
    store.getState().loadDocument('kind: List\nitems: []\n');
    const texts = [EXAMPLE_DOCUMENT, typed, commanded, 'kind: List\nitems: []\n'];
    for (let i = texts.length - 2; i >= 0; i--) {
      store.getState().undo();
      expect(store.getState().text).toBe(texts[i]);
    }
    store.getState().undo(); // nothing left: the text stays
    expect(store.getState().text).toBe(EXAMPLE_DOCUMENT);
    store.getState().redo();
    expect(store.getState().text).toBe(typed);
    expect(store.history.redoDepth).toBe(2);
    // Typing not yet sent is a change: redo records it first, which (as in any editor) ends what could be redone.
    const draft = `${typed}# more\n`;
    store.setDraftSource(() => draft);
    store.getState().redo();
    expect(store.getState().text).toBe(draft);
    expect(store.history.redoDepth).toBe(0);
    store.getState().undo();
    expect(store.getState().text).toBe(typed);
  });
});
