/** Maps a request path to a file of the output folder, refusing anything that could leave it. */
import { realpath, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { isInside } from "../../load/files.js";

/** Content types of the files a build writes (and a few more), by extension. */
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".pdf": "application/pdf",
};

/** The Content-Type for a file name. */
export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/**
 * The decoded segments of a request path, or the status to answer with (400 bad encoding, 403 traversal, 404 hidden).
 */
export function pathSegments(url: string): string[] | 400 | 403 | 404 {
  const raw = url.split(/[?#]/, 1)[0] ?? "";
  if (!raw.startsWith("/")) return 400;
  const segments: string[] = [];
  for (const part of raw.slice(1).split("/")) {
    let s: string;
    try {
      s = decodeURIComponent(part);
    } catch {
      return 400;
    }
    if (s === "." || s === ".." || /[/\\\0]/.test(s)) return 403;
    if (s.startsWith(".")) return 404; // .cache/, .brief.lock, temp files
    segments.push(s);
  }
  if (segments.slice(0, -1).includes("")) return 404;
  return segments;
}

/** The real file under `outDir` for `segments`: 403 when a link leads outside, 404 when there is no such file. */
export async function resolveFile(outDir: string, segments: readonly string[]): Promise<string | 403 | 404> {
  const full = join(outDir, ...segments);
  if (!isInside(outDir, full)) return 403;
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(full), realpath(outDir)]);
  } catch {
    return 404;
  }
  if (!isInside(realRoot, real)) return 403;
  const info = await stat(real).catch(() => undefined);
  return info?.isFile() ? real : 404;
}
