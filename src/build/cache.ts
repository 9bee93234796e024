/** The incremental cache: content hashes of everything an edition depends on, kept under out/.cache/. */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, existsSync, lstatSync } from "node:fs";
import { mkdir, open, rm, type FileHandle } from "node:fs/promises";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { BuildOptions } from "../shared/options.js";
import { writeJson } from "../publish/atomic.js";
import { fileSha256 } from "./stat-cache.js";
import type { Consulted } from "./stamp.js";
import {
  ARTEFACT_PATH,
  EDITION_KEY,
  manifestEntrySchema,
  manifestPath,
  type Manifest,
  type ManifestEntry,
} from "../publish/manifest.js";

/** What the cache remembers of the last build into this out/ folder (keys in the order they are written). */
const cacheSchema = z.object({
  version: z.literal(2),
  /** Files outside briefs/ and templates/ the last build read (fonts, logo), re-hashed on the fast path. */
  extraInputs: z.array(z.string()),
  /** Per edition ("audience/slug"): the key it was built with and its artefacts (path under out/ → sha256). */
  editions: z.record(
    z.string().regex(EDITION_KEY),
    z.object({
      key: z.string(),
      artefacts: z.record(z.string().regex(ARTEFACT_PATH), z.string().regex(/^[0-9a-f]{64}$/)),
    }),
  ),
  /** Hash of every input file and option of the last complete build; equal means nothing to do. */
  fingerprint: z.string().optional(),
  /** sha256 of the manifest the last build wrote: a manifest with that hash is read without validating it again. */
  manifest: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
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
  return { version: 2, extraInputs: [], editions: {} };
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
          ? fileSha256(path, info)
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

/**
 * The options that change what an edition's artefacts contain. Not the formats: an edition's HTML is the same bytes
 * whether or not its PDF is built beside it, so a PDF built from the same key stays current after `--format html`.
 */
export function optionsKey(o: BuildOptions): string {
  const ungrounded = o.allowUngrounded ? { allowUngrounded: true } : {}; // absent when off: earlier caches stay valid
  return JSON.stringify({ inline: o.inline, epoch: o.sourceDateEpoch ?? null, ...ungrounded });
}

/** The files and folders (ending in a slash) the fingerprint hashes, besides the tool's code. */
function fingerprintFiles(o: BuildOptions, extraInputs: readonly string[]): string[] {
  // the briefs and their figure folders (briefs/<slug>/)
  return [...listFiles(o.briefsDir), ...listFiles(o.templatesDir), ...extraInputs];
}

/** Fingerprint of the whole build: every brief, template, extra input, the tool, and the options. */
export function buildFingerprint(o: BuildOptions, extraInputs: readonly string[]): string {
  const files = fingerprintFiles(o, extraInputs);
  return hashAll(files, [
    toolFingerprint(o.root),
    optionsKey(o),
    [...o.formats].sort().join(","),
    JSON.stringify([o.briefs, o.audiences, o.shard ?? null, o.outDir]),
  ]);
}

/**
 * What an up-to-date build looked at (for the stamp that lets the next identical command skip loading the pipeline):
 * the fingerprint's files and folders, the tool's code, and in out/ the cache, the manifest and every artefact.
 */
export function noopConsulted(o: BuildOptions, state: CacheState): Consulted {
  const isFolder = (f: string) => f.endsWith("/");
  const listed = fingerprintFiles(o, state.extraInputs);
  const tool = listFiles(toolDir);
  const artefacts = Object.values(state.editions).flatMap((e) => Object.keys(e.artefacts));
  return {
    inputs: [
      ...listed.filter((f) => !isFolder(f)),
      ...tool.filter((f) => /\.(js|ts)$/.test(f)),
      join(o.root, "package-lock.json"),
    ],
    inputFolders: [
      o.briefsDir,
      o.templatesDir,
      toolDir,
      ...[...listed, ...tool].filter(isFolder).map((f) => f.slice(0, -1)),
    ],
    outputs: [cachePath(o.outDir), manifestPath(o.outDir), ...artefacts.map((p) => artefactFile(o.outDir, p))],
  };
}

/** A file's size in bytes, or -1 when it is missing. */
export function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/**
 * sha256 of a regular file's bytes as they are now, or "missing": never memoised in this process (artefacts change
 * during a build), only taken from the status table when the file's status is the one it was hashed with.
 */
export function hashNow(path: string): string {
  try {
    const info = lstatSync(path);
    if (!info.isFile()) return "not-a-file";
    return fileSha256(path, info);
  } catch {
    return "missing";
  }
}

/** True when each of `artefacts` (path under `outDir` → sha256) is on disk with the recorded content. */
export function onDisk(outDir: string, artefacts: Record<string, string>): boolean {
  const folders = new Set<string>(); // each audience folder checked once, not once per artefact
  return Object.entries(artefacts).every(([path, hash]) => hashNow(artefactFile(outDir, path, folders)) === hash);
}

/**
 * True when out/ agrees with itself: no journal left by an interrupted build, the manifest lists exactly the
 * artefacts the cache records, and every one of them is on disk with its recorded content.
 */
export function artefactsIntact(outDir: string, state: CacheState, manifest: Manifest | undefined): boolean {
  if (!manifest || existsSync(journalPath(outDir))) return false;
  const recorded = new Map<string, string>();
  for (const entry of Object.values(state.editions))
    for (const [path, hash] of Object.entries(entry.artefacts)) recorded.set(path, hash);
  return (
    manifest.artefacts.length === recorded.size &&
    manifest.artefacts.every((a) => recorded.get(a.path) === a.sha256) &&
    onDisk(outDir, Object.fromEntries(recorded))
  );
}

/**
 * The file of an artefact path from the manifest or the cache (already checked against {@link ARTEFACT_PATH}): its
 * audience folder must be a real folder inside `outDir`, never a link that leads elsewhere.
 */
export function artefactFile(outDir: string, path: string, checked?: Set<string>): string {
  if (!ARTEFACT_PATH.test(path)) throw new Error(`not an artefact path: ${path}`);
  const [folder] = path.split("/");
  if (checked?.has(folder!)) return join(outDir, ...path.split("/"));
  checked?.add(folder!);
  try {
    if (lstatSync(join(outDir, folder!)).isSymbolicLink())
      throw new Error(`${join(outDir, folder!)} is a link; out/ folders must be real folders`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return join(outDir, ...path.split("/"));
}

/**
 * The journal: one line per edition published since the cache was last written, so that a build killed before it
 * writes the manifest and cache loses nothing (the next build replays it). Removed once they are written.
 */
export const journalPath = (outDir: string) => join(outDir, ".cache", "journal.jsonl");

const journalLine = z.object({
  edition: z.string().regex(EDITION_KEY),
  key: z.string(),
  artefacts: z.array(manifestEntrySchema),
});

/**
 * The journal of one build: opened at its first line and kept open until {@link Journal.close}, so that each edition
 * costs one write (a make-folder, open, write and close per edition cost about four times the CPU, most of it in the
 * kernel: half a second over 1,000 editions here). Lines are written one after another, each whole. Should out/.cache
 * be removed while the build runs, the lines go to the removed file: a build killed before its manifest then rebuilds
 * those editions, as it would without a journal.
 */
export class Journal {
  #handle: Promise<FileHandle> | undefined;
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly outDir: string) {}

  /** Records that `edition` was published with `artefacts` (call it after its files are in place). */
  append(edition: string, key: string, artefacts: readonly ManifestEntry[]): Promise<void> {
    const line = `${JSON.stringify({ edition, key, artefacts })}\n`;
    const written = this.#tail.then(async () => {
      this.#handle ??= mkdir(join(this.outDir, ".cache"), { recursive: true }).then(() =>
        open(journalPath(this.outDir), "a"),
      );
      try {
        await (await this.#handle).appendFile(line);
      } catch (error) {
        // This line is not recorded (its edition fails); the next opens the file again (a disk freed, a folder made).
        const handle = this.#handle;
        this.#handle = undefined;
        await handle?.then((h) => h.close()).catch(() => undefined);
        throw error;
      }
    });
    this.#tail = written.catch(() => undefined);
    return written;
  }

  /** Waits for the lines being written, then closes the file (the journal stays until the cache is written). */
  async close(): Promise<void> {
    await this.#tail;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.then((h) => h.close()).catch(() => undefined);
  }
}

/**
 * Replays the journal into `manifest` and `state`: every edition whose files are on disk as journalled is recorded
 * as built; a torn last line (a kill mid-append) or an edition whose files changed since is skipped (it is rebuilt).
 */
export function replayJournal(outDir: string, manifest: Manifest, state: CacheState): void {
  let text: string;
  try {
    text = readFileSync(journalPath(outDir), "utf8");
  } catch {
    return;
  }
  for (const line of text.split("\n")) {
    let parsed;
    try {
      parsed = journalLine.safeParse(JSON.parse(line));
    } catch {
      continue;
    }
    if (!parsed.success) continue;
    const { edition, key, artefacts } = parsed.data;
    const hashes = Object.fromEntries(artefacts.map((a) => [a.path, a.sha256]));
    if (!artefacts.every((a) => `${a.audience}/${a.brief}` === edition) || !onDisk(outDir, hashes)) continue;
    // Formats not published this time keep their entries: the build then keeps them if they were made from the same
    // key (the record still lists them), else removes the files (see reconcile).
    const before = state.editions[edition];
    state.editions[edition] = { key, artefacts: { ...(before?.key === key ? before.artefacts : {}), ...hashes } };
    manifest.artefacts = [...manifest.artefacts.filter((a) => !(a.path in hashes)), ...artefacts];
  }
}

/** Removes the journal (after the manifest and cache that include it are written). */
export async function clearJournal(outDir: string): Promise<void> {
  await rm(journalPath(outDir), { force: true });
}
