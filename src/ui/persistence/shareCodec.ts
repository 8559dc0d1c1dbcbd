/**
 * Share links: the document and its layout, deflated and base64url-encoded into the URL fragment (which is
 * never sent to a server). The `v1.` prefix names the format so later versions can still open old links.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { restoreSavedDocument, type SavedDocument } from './savedDocument.ts';

export const SHARE_PREFIX = 'v1.';
/** Browsers and chat tools truncate very long URLs; beyond this the share button warns. */
export const SHARE_URL_SOFT_LIMIT = 32_000;
/** A link inflates to at most this many bytes: a crafted link cannot expand into a huge document (a zip bomb). */
export const SHARE_MAX_INFLATED_BYTES = 8 * 1024 * 1024;

class TooLarge extends Error {}

/** Inflates, stopping as soon as the output passes the limit instead of allocating all of it. */
function inflateBounded(data: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk);
  });
  inflater.push(data, true);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeShare(document: SavedDocument): string {
  const json = JSON.stringify({ text: document.text, positions: document.positions });
  return SHARE_PREFIX + toBase64Url(deflateSync(strToU8(json), { level: 9 }));
}

export type DecodedShare = { ok: true; document: SavedDocument } | { ok: false; reason: string };

/** Decodes a fragment (with or without the leading `#`). */
export function decodeShare(fragment: string): DecodedShare {
  const payload = fragment.replace(/^#/, '');
  if (!payload.startsWith(SHARE_PREFIX))
    return { ok: false, reason: 'not a Netpol Designer share link (unknown version)' };
  try {
    const json = strFromU8(inflateBounded(fromBase64Url(payload.slice(SHARE_PREFIX.length)), SHARE_MAX_INFLATED_BYTES));
    const document = restoreSavedDocument(JSON.parse(json));
    return document ? { ok: true, document } : { ok: false, reason: 'the share link does not contain a document' };
  } catch (e) {
    if (e instanceof TooLarge)
      return { ok: false, reason: `the share link expands to more than ${SHARE_MAX_INFLATED_BYTES} bytes` };
    return { ok: false, reason: 'the share link is damaged (it may have been cut short)' };
  }
}

export function isShareFragment(fragment: string): boolean {
  return fragment.replace(/^#/, '').startsWith(SHARE_PREFIX);
}
