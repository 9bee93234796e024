/**
 * The brand's fonts reach a printed memo by URL instead of as data: URLs: the memo's HTML names
 * `https://assets.brief.invalid/<hash>.<ext>`, and the print page answers that request from the build's memory
 * (print/browser.ts). A memo's HTML shrinks from about 200 KB to about 30 KB, which Node no longer encodes and sends,
 * nor Chromium receives and parses, once per memo; Chromium keeps each font in its memory cache from one memo to the
 * next. The host is under `.invalid`, a name that never resolves: only the print page's own handler answers it.
 */
import { createHash } from "node:crypto";

export const SERVED_ORIGIN = "https://assets.brief.invalid/";

/** The URL a file is served at: named by its content (the same bytes, the same URL), with its extension (`.woff2`). */
export function servedUrlOf(bytes: Uint8Array, ext: string): string {
  return `${SERVED_ORIGIN}${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}${ext}`;
}

/** Any URL {@link servedUrlOf} makes, in a text. */
export const SERVED_URL = /https:\/\/assets\.brief\.invalid\/[0-9a-f]{32}\.[a-z0-9]+/g;

/** The headers a served file is answered with: fonts are fetched with CORS, and Chromium keeps them between memos. */
export const SERVED_HEADERS = {
  "access-control-allow-origin": "*",
  "cache-control": "public, max-age=31536000, immutable",
} as const;

/** A file the print page serves: its bytes and content type. */
export interface ServedFile {
  bytes: Uint8Array;
  type: string;
}
