// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { loadLocalDocument, saveLocalDocument, STORAGE_KEY } from '../../src/ui/persistence/localDocument.ts';
import { startupDocument } from '../../src/ui/persistence/startup.ts';
import { encodeShare } from '../../src/ui/persistence/shareCodec.ts';

const EXAMPLE = { text: 'example: true\n', positions: { e: { x: 0, y: 0 } } };

describe('autosave in localStorage', () => {
  beforeEach(() => localStorage.clear());

  it('restores exactly what was saved', () => {
    const document = { text: '# comment\napiVersion: v1\n', positions: { 'ns:a': { x: 1.5, y: -2 } } };
    expect(saveLocalDocument(localStorage, document)).toEqual({ ok: true });
    expect(loadLocalDocument(localStorage)).toEqual(document);
  });

  it('reports a full storage instead of failing silently', () => {
    const huge = 'x'.repeat(6 * 1024 * 1024); // over jsdom's 5 MB quota, like a browser's
    const outcome = saveLocalDocument(localStorage, { text: huge, positions: {} });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(/storage for this page is full/);
  });

  it('ignores a damaged entry rather than crashing the page', () => {
    localStorage.setItem(STORAGE_KEY, '{not json');
    expect(loadLocalDocument(localStorage)).toBeUndefined();
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ positions: {} }));
    expect(loadLocalDocument(localStorage)).toBeUndefined();
  });
});

describe('which document a page load opens', () => {
  beforeEach(() => localStorage.clear());

  it('a share link first, then the autosave, then the example', () => {
    const shared = { text: 'shared: 1\n', positions: {} };
    const saved = { text: 'saved: 1\n', positions: {} };
    expect(startupDocument('', localStorage, EXAMPLE)).toEqual({ document: EXAMPLE, origin: 'example' });
    saveLocalDocument(localStorage, saved);
    expect(startupDocument('', localStorage, EXAMPLE)).toEqual({ document: saved, origin: 'autosave' });
    expect(startupDocument(`#${encodeShare(shared)}`, localStorage, EXAMPLE)).toMatchObject({
      document: shared,
      origin: 'share',
    });
  });

  it('a share link over different autosaved work keeps that work as `previous`', () => {
    const saved = { text: 'mine: 1\n', positions: { 'ns:a': { x: 1, y: 2 } } };
    const shared = { text: 'theirs: 1\n', positions: {} };
    saveLocalDocument(localStorage, saved);
    expect(startupDocument(`#${encodeShare(shared)}`, localStorage, EXAMPLE)).toEqual({
      document: shared,
      origin: 'share',
      previous: saved,
    });
    // The same text (a reload of one's own link) is nothing to keep.
    saveLocalDocument(localStorage, shared);
    expect(startupDocument(`#${encodeShare(shared)}`, localStorage, EXAMPLE).previous).toBeUndefined();
  });

  it('a broken share link says so and falls back to the autosave', () => {
    saveLocalDocument(localStorage, { text: 'saved: 1\n', positions: {} });
    const startup = startupDocument('#v1.AAAA', localStorage, EXAMPLE);
    expect(startup.origin).toBe('autosave');
    expect(startup.problem).toMatch(/Could not open the share link/);
  });
});
