/** The only writes to out/: each file lands whole (temp file + rename) or not at all. */
import { mkdir, rename, rm, open, readFile, type FileHandle } from "node:fs/promises";
import { readdirSync, rmSync, type Dirent } from "node:fs";
import { dirname, basename, join } from "node:path";
import { randomBytes } from "node:crypto";
import type { ZodType } from "zod";
import { BriefError, messageOf } from "../shared/errors.js";

const pending = new Set<string>();

/** One file to publish. */
export interface Output {
  path: string;
  data: string | Uint8Array;
}

/** Writes `data` to `path` atomically: readers see the old file or the new one, never a part. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeAtomicAll([{ path, data }]);
}

/**
 * A temp file beside `path` (`.<name><tag>.<pid>.<8 hex>.tmp`): one a killed build leaves is swept by the next
 * ({@link removeStaleTemps}).
 */
export function tempPathFor(path: string, tag = ""): string {
  return join(dirname(path), `.${basename(path)}${tag}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Publishes several files as one unit, as far as a file system allows: every temp file is written and synced first,
 * and only when all of them are complete are they renamed over their targets. A failure while writing leaves every
 * target as it was; errors name the folder and the fix.
 */
export async function writeAtomicAll(outputs: readonly Output[]): Promise<void> {
  const staged: Array<{ temp: string; path: string; renamed?: boolean }> = [];
  try {
    for (const { path, data } of outputs) {
      const folder = dirname(path);
      const temp = tempPathFor(path);
      pending.add(temp);
      staged.push({ temp, path });
      await guarded(path, async () => {
        const handle = await openNew(temp, folder);
        try {
          await handle.writeFile(data);
          await handle.sync();
        } finally {
          await handle.close();
        }
      });
    }
    for (const s of staged) {
      await guarded(s.path, () => rename(s.temp, s.path));
      s.renamed = true;
    }
  } finally {
    for (const { temp, renamed } of staged) {
      if (!renamed) await rm(temp, { force: true }).catch(() => undefined);
      pending.delete(temp);
    }
  }
}

/** Folders this process has made or found: an edition's folder is made once, not once per file. */
const folders = new Set<string>();

/** Opens `temp` as a new file in `folder`, making the folder first if this process has not (or it went away). */
async function openNew(temp: string, folder: string): Promise<FileHandle> {
  if (!folders.has(folder)) {
    await mkdir(folder, { recursive: true });
    folders.add(folder);
  }
  try {
    return await open(temp, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    folders.delete(folder); // removed since (out/ cleaned while `watch` runs): make it again
    await mkdir(folder, { recursive: true });
    folders.add(folder);
    return await open(temp, "wx");
  }
}

/** Runs a file-system step for `path`, turning its error into one that says which folder and what to do. */
async function guarded<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new BriefError(
      `Cannot write ${path}: ${messageOf(error)}. ${fixFor((error as NodeJS.ErrnoException).code, dirname(path))}`,
      1,
      { cause: error },
    );
  }
}

function fixFor(code: string | undefined, folder: string): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return (
        `The folder ${folder} is not writable: fix its permissions, or choose another output ` +
        `folder with --out <dir>.`
      );
    case "ENOSPC":
    case "EDQUOT":
      return `The disk holding ${folder} is full: free some space and build again.`;
    case "ENOTDIR":
    case "EEXIST":
      return (
        `A file stands where a folder is needed on the way to ${folder}: move it away, ` +
        `or choose another output folder with --out <dir>.`
      );
    case "EISDIR":
    case "ENOTEMPTY":
      return (
        `A folder stands where the file should go: move it away, or choose another output ` + `folder with --out <dir>.`
      );
    default:
      return `Check the folder ${folder}, or choose another output folder with --out <dir>.`;
  }
}

/** Removes temp files of writes still in flight (on SIGINT/SIGTERM). */
export async function removePendingTemps(): Promise<void> {
  await Promise.all([...pending].map((p) => rm(p, { force: true })));
}

/** A temp file of {@link tempPathFor}: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMP = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes temp files that a killed build left under `dir` (its folders a few levels down, links not followed). Call it
 * only with the output folder locked: then no other build is writing, and every temp file is stale. Synchronous: a
 * dozen folders read in about 0.2 ms, so that the up-to-date fast path can afford it (asynchronous, 0.6 ms).
 */
export function removeStaleTemps(dir: string, depth = 3): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isFile() && TEMP.test(e.name)) rmSync(join(dir, e.name), { force: true });
    else if (e.isDirectory() && depth > 0) removeStaleTemps(join(dir, e.name), depth - 1);
  }
}

/** Reads a JSON file and validates it against `schema`: undefined when it is missing, unreadable or invalid. */
export async function readJson<T>(path: string, schema: ZodType<T>): Promise<T | undefined> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** JSON as this tool writes its files: indented by two spaces, with a trailing newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes JSON atomically, as {@link jsonText}. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeAtomic(path, jsonText(value));
}
