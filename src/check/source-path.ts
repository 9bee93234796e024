/**
 * Which file a brief's `source.text` may name. A brief is untrusted and `check` reports which of its figures and
 * quotations a source contains: were any project file allowed (.git/config, a key file), `check` would tell the
 * brief's author what that file says. So: a `.txt` or `.md` file, inside the project, not under `.git/`,
 * `node_modules/` or the output folder, links followed.
 */
import { realpath } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import type { BuildOptions } from "../shared/options.js";
import { containedPath, isInside } from "../load/files.js";

const FOLDERS = [".git", "node_modules"];

/** The full path of the source text `written` (relative to `briefDir`); throws an Error saying what is allowed. */
export async function sourceTextPath(o: Readonly<BuildOptions>, briefDir: string, written: string): Promise<string> {
  const refuse = () =>
    new Error(
      `Source text \`${written}\` is not allowed: name a plain-text copy of the paper (a .txt or .md file) inside ` +
        `the project, outside .git/, node_modules/ and ${relative(o.root, o.outDir) || "out"}/`,
    );
  const barred = (root: string, out: string, path: string) => {
    const segments = relative(root, path).split(sep);
    return !/\.(txt|md)$/i.test(path) || segments.some((s) => FOLDERS.includes(s)) || isInside(out, path);
  };
  // Refused before anything is looked up on disk, so that the answer says nothing about which files exist.
  if (barred(o.root, o.outDir, resolve(briefDir, written))) throw refuse();
  const path = await containedPath(o.root, briefDir, written, "Source text");
  const [real, realRoot, realOut] = await Promise.all([
    realpath(path),
    realpath(o.root),
    realpath(o.outDir).catch(() => o.outDir),
  ]);
  if (barred(realRoot, realOut, real)) throw refuse(); // a link to one of them
  return path;
}
