/** Where `--out` may point: never at a folder whose files the build would overwrite or remove by mistake. */
import { existsSync, realpathSync } from "node:fs";
import { dirname, parse, relative, resolve } from "node:path";
import { BriefError } from "../shared/errors.js";
import { isInside as within } from "../load/files.js";

/** `path` with links followed as far as it exists (the rest appended as written). */
function real(path: string): string {
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  return resolve(realpathSync(existing), relative(existing, path));
}

/**
 * Refuses (a usage error, exit 2) an output folder that is the filesystem root, the project or a folder holding it,
 * or inside briefs/ or templates/: the build writes, replaces and removes files in its output folder.
 */
export function checkOutFolder(root: string, outDir: string, given: string | undefined, flag = "--out"): void {
  const [out, project] = [real(resolve(outDir)), real(resolve(root))];
  const why =
    out === parse(out).root
      ? "is the root of the file system"
      : within(out, project)
        ? out === project
          ? "is the project folder itself"
          : "holds the project folder"
        : within(real(resolve(root, "briefs")), out)
          ? "is inside briefs/, where the briefs are"
          : within(real(resolve(root, "templates")), out)
            ? "is inside templates/, where the templates are"
            : undefined;
  if (why)
    throw new BriefError(
      `${flag} ${given ?? outDir}: the output folder ${why}, and a build writes and removes files in it. Choose a ` +
        `folder of its own, e.g. ${flag} out.`,
      2,
    );
}
