/**
 * One build at a time per output folder: a lock file that names its holder; a lock whose process is gone is taken over.
 */
import { link, mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { randomBytes } from "node:crypto";
import { LockedError, BriefError, messageOf } from "../shared/errors.js";
import { tempPathFor } from "./atomic.js";
import { isAlive } from "../shared/process.js";

/** The lock file's name inside the output folder. */
export const LOCK_FILE = ".brief.lock";

/** Exit code of a build that found the output folder locked (EX_TEMPFAIL: try again later). */
export const LOCKED_EXIT_CODE = 75;

/**
 * Takes the lock on `outDir`, or throws {@link LockedError} at once when a live build holds it; returns a function
 * that releases it. The lock file appears with its content complete (written aside, then hard-linked into place),
 * so another build never reads a half-written lock.
 */
export async function lockOutDir(outDir: string): Promise<() => Promise<void>> {
  const label = relative(process.cwd(), outDir) || outDir;
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new BriefError(
      `Cannot create the output folder ${outDir}: ${messageOf(error)}. Choose another ` +
        `with --out <dir> or fix its permissions.`,
    );
  }
  const path = join(outDir, LOCK_FILE);
  const token = `${process.pid} ${randomBytes(8).toString("hex")}\n`;
  const mine = tempPathFor(path); // a build killed before removing it leaves one the next build sweeps
  try {
    await writeFile(mine, token, { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EROFS" || code === "EPERM") {
      throw new BriefError(
        `The output folder ${label} is not writable (${code}): nothing was built or changed. ` +
          `Fix its permissions, or choose another output folder with --out <dir>.`,
      );
    }
    throw new BriefError(
      `Cannot lock the output folder ${label}: ${messageOf(error)}. Choose another with --out <dir>.`,
    );
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await place(mine, path, token)) return () => release(path, token);
      const holder = await readFile(path, "utf8").catch(() => undefined);
      if (holder === undefined) continue; // released meanwhile: try again
      const pid = Number(holder.split(" ")[0]);
      if (pid === process.pid && holder !== token) {
        throw new LockedError(
          `This process already holds the lock on ${label}: one build at a time per output folder.`,
          LOCKED_EXIT_CODE,
        );
      }
      if (isAlive(pid) || (!pid && (await young(path)))) {
        throw new LockedError(
          `Another build (pid ${pid || "unknown"}) is writing to ${label}. Wait for it to ` +
            `finish, or use another --out folder.`,
          LOCKED_EXIT_CODE,
        );
      }
      await takeOver(path, holder); // its process is gone
    }
    throw new LockedError(`Could not lock ${label}: other builds keep taking it. Try again.`, LOCKED_EXIT_CODE);
  } finally {
    await rm(mine, { force: true });
  }
}

/** Puts the complete lock file in place; false when another one is there. */
async function place(mine: string, path: string, token: string): Promise<boolean> {
  try {
    await link(mine, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // A file system without hard links: create the lock in place (exclusive), then write it.
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(token);
      } finally {
        await handle.close();
      }
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw fallback;
    }
  }
}

/** Removes a stale lock, but only if it is still the one judged stale (never a lock another build just took). */
async function takeOver(path: string, stale: string): Promise<void> {
  const aside = tempPathFor(path, ".stale");
  try {
    await rename(path, aside);
  } catch {
    return; // gone already
  }
  const moved = await readFile(aside, "utf8").catch(() => "");
  // Not the stale lock: a build took the folder in between; put its lock back.
  if (moved !== stale) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

/** Releases the lock if it is still ours. */
async function release(path: string, token: string): Promise<void> {
  const holder = await readFile(path, "utf8").catch(() => undefined);
  if (holder === token) await rm(path, { force: true });
}

/** A lock without a readable pid counts as held for a few seconds (its writer may be between create and write). */
async function young(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs < 10_000;
}
