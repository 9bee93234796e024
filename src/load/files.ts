/** Reading user files: size limits, containment in the project, and VFiles named relative to the project. */
import { readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { VFile } from "vfile";
import { InputError } from "../errors.js";

/** True when `path` is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** Resolves `path` (relative to `base`) and refuses it when it or its real path (symlinks followed) leaves `root`. */
export async function containedPath(root: string, base: string, path: string, what: string): Promise<string> {
  const full = resolve(base, path);
  if (!isInside(root, full)) throw new InputError(`${what} \`${path}\` points outside the project. Use a path inside ${relative(process.cwd(), root) || "."}.`);
  let real: string;
  try {
    real = await realpath(full);
  } catch {
    throw new InputError(`${what} \`${path}\` does not exist (looked for ${relative(root, full)}). Fix the path or add the file.`);
  }
  const realRoot = await realpath(root);
  if (!isInside(realRoot, real)) throw new InputError(`${what} \`${path}\` is a link that leads outside the project. Copy the file into the project instead.`);
  return full;
}

/** Reads a text file into a VFile named relative to `root`, refusing files over `limit` bytes. */
export async function readVFile(root: string, path: string, limit: number): Promise<VFile> {
  const info = await stat(path);
  const name = relative(root, path) || path;
  if (info.size > limit) {
    throw new InputError(`${name} is ${info.size} bytes, over the limit of ${limit}. Split it or shrink it.`, name);
  }
  return new VFile({ path: name, cwd: root, value: await readFile(path, "utf8") });
}
