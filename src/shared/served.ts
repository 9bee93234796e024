/**
 * The brand's fonts reach a printed memo by URL instead of as data: URLs: the memo's HTML names
 * `https://assets.brief.invalid/<hash>.<ext>`, and the print page answers that request from the build's memory
 * (print/browser.ts). A memo's HTML shrinks from about 200 KB to about 30 KB, which Node no longer encodes and sends,
 * nor Chromium receives and parses, once per memo; Chromium keeps each font in its memory cache from one memo to the
 * next. The host is under `.invalid`, a name that never resolves: only the print page's own handler answers it.
 */
export const SERVED_ORIGIN = "https://assets.brief.invalid/";

/** A file the print page serves: its bytes and content type. */
export interface ServedFile {
  bytes: Uint8Array;
  type: string;
}
