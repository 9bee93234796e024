/**
 * Load stage for a brief's figures: the image files in `briefs/<slug>/`, each a regular file inside the project and
 * within {@link LIMITS}.figure. A file that cannot be used carries the reason, reported only if the brief uses it.
 */
import { readdir, realpath } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import type { FigureFile } from "../shared/model.js";
import { LIMITS } from "../shared/options.js";
import { InputError, messageOf } from "../shared/errors.js";
import { isInside, readRegularFile } from "./files.js";

/** File types a figure may be (by extension). */
export const FIGURE_TYPES = [".png", ".jpg", ".jpeg", ".webp", ".svg"];

/** Reads the figure folder of brief `slug` (none: an empty list), sorted by name. */
export async function loadFigures(root: string, briefsDir: string, slug: string): Promise<FigureFile[]> {
  const dir = join(briefsDir, slug);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith(".")).sort();
  } catch {
    return [];
  }
  const realRoot = await realpath(root);
  const out: FigureFile[] = [];
  for (const [i, name] of names.entries()) {
    const path = join(dir, name);
    const shown = relative(root, path);
    if (!FIGURE_TYPES.includes(extname(name).toLowerCase())) {
      out.push({ name, problem: `${shown} is not a PNG, JPEG, WebP or SVG file (by its extension).` });
      continue;
    }
    if (i >= LIMITS.figureFiles) {
      out.push({ name, problem: `${shown}: a brief's folder may hold at most ${LIMITS.figureFiles} files.` });
      continue;
    }
    try {
      if (!isInside(realRoot, await realpath(path)))
        throw new InputError(`${shown} is a link to a file outside the project. Copy the file in instead.`);
      const bytes = await readRegularFile(path, LIMITS.figure, shown, {
        notFile: "Use an image file.",
        tooLarge: "Export it smaller.",
      });
      out.push({ name, bytes: new Uint8Array(bytes) });
    } catch (error) {
      out.push({ name, problem: error instanceof InputError ? error.message : `${shown}: ${messageOf(error)}` });
    }
  }
  return out;
}
