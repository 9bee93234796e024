/** The only writes to out/: each file lands whole (temp file + rename) or not at all. */
import { mkdir, rename, rm, open, readFile } from "node:fs/promises";
import { dirname, basename, join } from "node:path";
import { randomBytes } from "node:crypto";

const pending = new Set<string>();

/** Writes `data` to `path` atomically: readers see the old file or the new one, never a part. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  pending.add(temp);
  try {
    const handle = await open(temp, "w");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    pending.delete(temp);
  }
}

/** Removes temp files of writes still in flight (on SIGINT/SIGTERM). */
export async function removePendingTemps(): Promise<void> {
  await Promise.all([...pending].map((p) => rm(p, { force: true })));
}

/** Reads a JSON file, or returns `fallback` when it is missing or unreadable. */
export async function readJson<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return fallback;
  }
}

/** Writes JSON atomically, with a trailing newline. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

