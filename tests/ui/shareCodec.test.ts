import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import {
  decodeShare,
  encodeShare,
  isShareFragment,
  SHARE_MAX_INFLATED_BYTES,
  SHARE_PREFIX,
} from '../../src/ui/persistence/shareCodec.ts';

const DOCUMENT = {
  text: '# ünïcödé comment, emoji 🛡\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n',
  positions: { 'ns:a': { x: 12, y: -40.5 }, 'pods:a:app=web': { x: 16, y: 58 } },
};

describe('share codec', () => {
  it('round-trips text (any Unicode) and positions exactly', () => {
    const encoded = encodeShare(DOCUMENT);
    expect(encoded.startsWith(SHARE_PREFIX)).toBe(true);
    expect(encoded).toMatch(/^v1\.[A-Za-z0-9_-]+$/); // URL-fragment safe, no padding
    expect(decodeShare(`#${encoded}`)).toEqual({ ok: true, document: DOCUMENT });
  });

  it('has a stable format: a link made with v1 still opens', () => {
    // A link produced by the first release; if this fails, links people already shared are broken.
    const v1Link = 'v1.q1YqSa0oUbJSSrRSMIzJU9JRKsgvzizJzM8rVrKqVsoDERVKVoY6SpVKVka1tbUA';
    expect(decodeShare(v1Link)).toEqual({ ok: true, document: { text: 'a: 1\n', positions: { n: { x: 1, y: 2 } } } });
  });

  it('compresses a realistic document well below URL limits', () => {
    const text = Array.from({ length: 60 }, (_, i) => `---\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n`).join('');
    expect(encodeShare({ text, positions: {} }).length).toBeLessThan(text.length / 3);
  });

  it('reports a damaged, truncated or foreign fragment instead of throwing', () => {
    const encoded = encodeShare(DOCUMENT);
    expect(decodeShare(encoded.slice(0, encoded.length - 10))).toMatchObject({ ok: false });
    expect(decodeShare('#v1.!!!not-base64')).toMatchObject({ ok: false });
    expect(decodeShare('#v9.abc')).toMatchObject({ ok: false, reason: expect.stringContaining('version') });
    expect(isShareFragment('#section-2')).toBe(false);
  });

  it('drops positions that are not finite numbers (hand-edited links)', () => {
    const encoded = encodeShare({ text: 'x', positions: {} });
    const decoded = decodeShare(encoded);
    expect(decoded.ok && decoded.document.positions).toEqual({});
    const tampered = encodeShare({ text: 'x', positions: { a: { x: Number.NaN, y: 1 }, b: { x: 1, y: 2 } } });
    expect(decodeShare(tampered)).toEqual({ ok: true, document: { text: 'x', positions: { b: { x: 1, y: 2 } } } });
  });
});

describe('a crafted share link', () => {
  it('that inflates past the limit is refused without building the document', () => {
    // 64 MB of spaces deflate to a few tens of KB: a zip bomb in a URL fragment.
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024).fill(32), { level: 9 });
    let binary = '';
    for (let i = 0; i < bomb.length; i += 0x8000) binary += String.fromCharCode(...bomb.subarray(i, i + 0x8000));
    const link = `#${SHARE_PREFIX}${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    const decoded = decodeShare(link);
    expect(decoded).toEqual({
      ok: false,
      reason: `the share link expands to more than ${SHARE_MAX_INFLATED_BYTES} bytes`,
    });
  });
});
