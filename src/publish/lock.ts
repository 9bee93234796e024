/** One build at a time per output folder: a lock file with the holder's pid; a stale lock (dead pid) is taken over. */
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { LockedError, BriefError, messageOf } from "../errors.js";

/** Takes the lock on `outDir`; returns a function that releases it. */
export async function lockOutDir(outDir: string): Promise<() => Promise<void>> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new BriefError(`Cannot create the output folder ${outDir}: ${messageOf(error)}. Choose another with --out <dir> or fix its permissions.`);
  }
  const path = join(outDir, ".brief.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return async () => {
        await rm(path, { force: true });
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EACCES" || code === "EROFS" || code === "EPERM") {
        throw new BriefError(`The output folder ${relative(process.cwd(), outDir) || outDir} is not writable (${code}). Fix its permissions or choose another with --out <dir>.`);
      }
      if (code !== "EEXIST") throw error;
      const pid = Number((await readFile(path, "utf8").catch(() => "")).trim());
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new LockedError(`Another build (pid ${pid}) is writing to ${relative(process.cwd(), outDir) || outDir}. Wait for it to finish, or use another --out folder.`, 75);
      }
      await rm(path, { force: true }); // stale: its process is gone
    }
  }
  throw new LockedError(`Could not lock ${outDir}; another build keeps taking it. Try again.`, 75);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
