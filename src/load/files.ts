/** Reading user files: size limits, containment in the project, and VFiles named relative to the project. */
import { constants, readFileSync, realpathSync } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { VFile } from "vfile";
import { InputError } from "../shared/errors.js";
import { LIMITS } from "../shared/options.js";

/** True when `path` is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** Resolves `path` (relative to `base`) and refuses it when it or its real path (symlinks followed) leaves `root`. */
export async function containedPath(root: string, base: string, path: string, what: string): Promise<string> {
  if (path.includes("\0")) throw new InputError(`${what} \`${path.replace(/\0/g, "\\0")}\` is not a valid path.`);
  const full = resolve(base, path);
  if (!isInside(root, full))
    throw new InputError(
      `${what} \`${path}\` points outside the project. Use a path inside ${basename(root)}/ ` +
        `(no \`..\` that climbs out of it, no absolute path).`,
    );
  let real: string;
  try {
    real = await realpath(full);
  } catch {
    throw new InputError(
      `${what} \`${path}\` does not exist (looked for ${relative(root, full)}). Fix the ` + `path or add the file.`,
    );
  }
  const realRoot = await realpath(root);
  if (!isInside(realRoot, real))
    throw new InputError(
      `${what} \`${path}\` is a link that leads outside the project. Copy the file into ` +
        `${basename(root)}/ instead.`,
    );
  return full;
}

/** What to tell the user when a file is not a regular file, or too large. */
export interface FileFixes {
  notFile: string;
  tooLarge: string;
}
const TEXT_FIXES: FileFixes = { notFile: "Replace it with a text file.", tooLarge: "Split it or shrink it." };

/**
 * Reads a regular file of at most `limit` bytes, refusing anything else with an {@link InputError} naming it `name`:
 * a folder, a device or a pipe is refused from its open handle, before any read (a pipe is opened without waiting
 * for a writer), so that a FIFO or /dev/zero can neither hang the build nor fill its memory.
 */
export async function readRegularFile(
  path: string,
  limit: number,
  name: string,
  fixes: FileFixes = TEXT_FIXES,
): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new InputError(`${name} is not a regular file (a folder, device or pipe). ${fixes.notFile}`, name);
    if (info.size > limit)
      throw new InputError(`${name} is ${info.size} bytes, over the limit of ${limit}. ${fixes.tooLarge}`, name);
    // Read at most one byte over the limit: a file that grows while it is read is refused too. The buffer starts at
    // the file's size (not the limit: a zeroed half megabyte per brief was a tenth of reading a thousand briefs).
    let buffer = Buffer.allocUnsafe(Math.min(info.size, limit) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(length * 2, limit + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) throw new InputError(`${name} is over the limit of ${limit} bytes. ${fixes.tooLarge}`, name);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a text file into a VFile named relative to `root`. Refuses (with an {@link InputError} naming it) a file over
 * `limit` bytes, anything but a regular file, and a link that leads outside the project.
 */
export async function readVFile(root: string, path: string, limit: number): Promise<VFile> {
  const name = relative(root, path) || path;
  // a missing file throws ENOENT, for the caller to explain
  const [real, realRoot] = await Promise.all([realpath(path), realpath(root)]);
  if (!isInside(realRoot, real))
    throw new InputError(
      `${name} is a link to a file outside the project. Copy the file into the project instead.`,
      name,
    );
  const bytes = await readRegularFile(real, limit, name);
  return new VFile({ path: name, cwd: root, value: bytes.toString("utf8") });
}

/** A template's text (layout, partial, style sheet), read inside the project and within {@link LIMITS}.template. */
export function readTemplateFile(root: string, file: string): string {
  const name = relative(root, file);
  if (!isInside(realpathSync(root), realpathSync(file)))
    throw new InputError(
      `${name} is a link that leads outside the project. Copy the file into templates/ instead.`,
      name,
    );
  const source = readFileSync(file, "utf8");
  if (source.length > LIMITS.template)
    throw new InputError(`${name} is over ${LIMITS.template} bytes. Shrink the template.`, name);
  return source;
}
