/**
 * Content hashes remembered by file status, as git's index does: a file whose size, modification and change times and
 * inode are those recorded when it was hashed has the recorded hash, so an up-to-date build stats its inputs and
 * artefacts instead of reading them (a thousand briefs and their 3,000 memos: about 30 ms of stat calls against 0.7 s
 * of reading and hashing). Kept in out/.cache/stats.json; an entry recorded less than 2 s ({@link STAT_LIMITS}) after
 * the file's last change is not trusted (a write in the same clock tick would leave the status unchanged), and anything
 * unreadable or malformed in the file is ignored: the hash is then computed from the bytes, as without this cache.
 */
import { readFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import { writeJson } from "../publish/atomic.js";
import { sha256 } from "../publish/manifest.js";
import { STAT_LIMITS } from "./stamp.js";

/** [size, mtimeMs, ctimeMs, ino, when it was hashed (ms since the epoch), sha256]. */
type Entry = [number, number, number, number, number, string];

interface Table {
  outDir: string;
  entries: Map<string, Entry>;
  dirty: boolean;
}

let table: Table | undefined;

const statsPath = (outDir: string) => join(outDir, ".cache", "stats.json");

/** Loads the table of the build into `outDir` (an empty one when there is none, or it is not a table). */
export function loadStatCache(outDir: string): void {
  const entries = new Map<string, Entry>();
  try {
    const raw: unknown = JSON.parse(readFileSync(statsPath(outDir), "utf8"));
    if (raw && typeof raw === "object" && !Array.isArray(raw))
      for (const [path, e] of Object.entries(raw as Record<string, unknown>))
        if (
          Array.isArray(e) &&
          e.length === 6 &&
          e.slice(0, 5).every((n) => typeof n === "number") &&
          typeof e[5] === "string"
        )
          entries.set(path, e as Entry);
  } catch {
    // missing or unreadable: start empty
  }
  table = { outDir, entries, dirty: false };
}

/**
 * The sha256 of the regular file at `path` whose status is `info`: the recorded one when its status is unchanged (and
 * was recorded safely after its last change), else read from its bytes, then recorded.
 */
export function fileSha256(path: string, info: Stats): string {
  const hash = () => sha256(readFileSync(path));
  if (!table) return hash();
  const e = table.entries.get(path);
  if (
    e &&
    e[0] === info.size &&
    e[1] === info.mtimeMs &&
    e[2] === info.ctimeMs &&
    e[3] === info.ino &&
    e[4] - Math.max(info.mtimeMs, info.ctimeMs) > STAT_LIMITS.racyMs
  )
    return e[5];
  const value = hash();
  table.entries.set(path, [info.size, info.mtimeMs, info.ctimeMs, info.ino, Date.now(), value]);
  table.dirty = true;
  return value;
}

/** Writes the table when this build added to it, and stops using it (the next build loads its own). */
export async function saveStatCache(): Promise<void> {
  const t = table;
  table = undefined;
  if (!t?.dirty) return;
  await writeJson(statsPath(t.outDir), Object.fromEntries(t.entries)).catch(() => undefined); // only an optimisation
}
