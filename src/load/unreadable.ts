/** A brief that cannot be read (too large, a link out, a folder, a pipe) is an error on that brief alone: the others are built. */
import { relative } from "node:path";
import { VFile } from "vfile";
import { LIMITS } from "../shared/options.js";
import { InputError, messageOf } from "../shared/errors.js";
import { fail } from "../shared/problems.js";
import { readVFile } from "./files.js";

/** The rule of the error an unreadable brief gets; such a brief is not parsed (its text is empty). */
export const UNREADABLE = "brief-unreadable";

/** Reads a brief; when it cannot be read, an empty file carrying the reason as its error. */
export async function readBrief(root: string, path: string): Promise<VFile> {
  try {
    return await readVFile(root, path, LIMITS.brief);
  } catch (error) {
    const name = relative(root, path) || path;
    const file = new VFile({ path: name, cwd: root, value: "" });
    const reason =
      error instanceof InputError
        ? error.message
        : `${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? messageOf(error)}). ` +
          `Fix or remove the file.`;
    fail(file, reason, undefined, UNREADABLE);
    return file;
  }
}

/** True when `file` is a brief that could not be read. */
export function unreadable(file: VFile): boolean {
  return file.messages.some((m) => m.ruleId === UNREADABLE);
}
