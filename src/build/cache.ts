/** The incremental cache: content hashes of everything an edition depends on, kept under out/.cache/. */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { BuildOptions } from "../shared/options.js";
import { writeJson } from "../publish/atomic.js";

/** What the cache remembers of the last build into this out/ folder (keys in the order they are written). */
const cacheSchema = z.object({
  version: z.literal(1),
  /** Files outside briefs/ and templates/ the last build read (fonts, logo), re-hashed on the fast path. */
  extraInputs: z.array(z.string()),
  /** Per edition ("audience/slug"): the key it was built with and its artefacts (path → bytes). */
  editions: z.record(z.string(), z.object({ key: z.string(), artefacts: z.record(z.string(), z.number()) })),
  /** Hash of every input file and option of the last complete build; equal means nothing to do. */
  fingerprint: z.string().optional(),
});

/** What the cache remembers of the last build into this out/ folder. */
export type CacheState = z.infer<typeof cacheSchema>;

/** Where the cache file lives. */
const cachePath = (outDir: string) => join(outDir, ".cache", "brief-cache.json");

/** Reads and validates the cache, or gives an empty one (missing, unreadable, another version or not a cache). */
export function readCache(outDir: string): CacheState {
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(readFileSync(cachePath(outDir), "utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // missing or unreadable: start empty
  }
  return { version: 1, extraInputs: [], editions: {} };
}

/** Writes the cache atomically. */
export async function writeCache(outDir: string, state: CacheState): Promise<void> {
  await writeJson(cachePath(outDir), state);
}

const fileHashes = new Map<string, string>();

/** sha256 of a file's bytes (memoised until {@link forgetHashes}: each build starts afresh), or "missing". */
export function hashFile(path: string): string {
  let h = fileHashes.get(path);
  if (!h) {
    try {
      // Only regular files are read (through a link too); a folder or a device is named by what it is
      // (a link to /dev/zero would never end).
      const info = statSync(path);
      h =
        info.isFile() && info.size <= 64 * 1024 * 1024
          ? createHash("sha256").update(readFileSync(path)).digest("hex")
          : info.isDirectory()
            ? "folder"
            : `special:${info.size}`;
    } catch {
      h = "missing";
    }
    fileHashes.set(path, h);
  }
  return h;
}

/** Forgets memoised hashes (the watcher calls this after a change). */
export function forgetHashes(): void {
  fileHashes.clear();
}

/** Hash of a list of files (path and content) and strings. */
export function hashAll(files: readonly string[], extra: readonly string[] = []): string {
  const h = createHash("sha256");
  for (const f of files) h.update(f).update("\0").update(hashFile(f)).update("\0");
  for (const s of extra) h.update(s).update("\0");
  return h.digest("hex");
}

/**
 * Files under `dir`, sorted; folders are listed too (with a trailing slash), so that a new empty folder counts as a
 * change. Links are not followed.
 */
function listFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    if (entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(`${full}/`);
      listFiles(full, out);
    } else out.push(full);
  }
  return out;
}

/** The tool's code: src/ (or dist/), the parent of this build/ folder. */
const toolDir = join(dirname(fileURLToPath(import.meta.url)), "..");
let toolHash: string | undefined;

/** Hash of the tool's own code (dist/ or src/) and lock file: a new version rebuilds everything. */
export function toolFingerprint(root: string): string {
  toolHash ??= hashAll([...listFiles(toolDir).filter((f) => /\.(js|ts)$/.test(f)), join(root, "package-lock.json")]);
  return toolHash;
}

/** The options that change what an edition's artefacts contain. */
export function optionsKey(o: BuildOptions): string {
  return JSON.stringify({ formats: [...o.formats].sort(), inline: o.inline, epoch: o.sourceDateEpoch ?? null });
}

/** Fingerprint of the whole build: every brief, template, extra input, the tool, and the options. */
export function buildFingerprint(o: BuildOptions, extraInputs: readonly string[]): string {
  const files = [
    // the briefs and their figure folders (briefs/<slug>/)
    ...listFiles(o.briefsDir),
    ...listFiles(o.templatesDir),
    ...extraInputs,
  ];
  return hashAll(files, [
    toolFingerprint(o.root),
    optionsKey(o),
    JSON.stringify([o.briefs, o.audiences, o.shard ?? null, o.outDir]),
  ]);
}

/** A file's size in bytes, or -1 when it is missing. */
export function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/** True when each of `artefacts` (path under `outDir` → bytes) is on disk with its recorded size. */
export function onDisk(outDir: string, artefacts: Record<string, number>): boolean {
  return Object.entries(artefacts).every(([path, bytes]) => sizeOf(join(outDir, path)) === bytes);
}

/** True when every artefact the cache lists for the build is on disk with its recorded size. */
export function artefactsIntact(outDir: string, state: CacheState): boolean {
  return (
    Object.values(state.editions).every((entry) => onDisk(outDir, entry.artefacts)) &&
    existsSync(join(outDir, "manifest.json"))
  );
}
