/** Load stage for briefs: `briefs/<slug>.md`, read with a size limit into VFiles. */
import pMap from "p-map";
import { readdir } from "node:fs/promises";
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { BriefSource } from "../shared/model.js";
import { ID_PATTERN, type BuildOptions } from "../shared/options.js";
import { BriefError, InputError } from "../shared/errors.js";
import { didYouMean, fail } from "../shared/problems.js";
import { readBrief } from "./unreadable.js";
import { loadFigures } from "./figures.js";

/** The briefs in a listing of the briefs folder (`<slug>.md`, hidden files left out), in order. */
function briefSlugs(names: readonly string[]): string[] {
  return names
    .filter((n) => n.endsWith(".md") && !n.startsWith("."))
    .sort()
    .map((n) => n.slice(0, -3));
}

/** How many briefs `loadBriefs` will read (the folder listed, nothing read): to size the render threads early. */
export function countBriefs(o: Readonly<BuildOptions>): number {
  if (!existsSync(o.briefsDir)) return 0;
  const slugs = briefSlugs(readdirSync(o.briefsDir));
  return o.briefs.length === 0 ? slugs.length : slugs.filter((s) => o.briefs.includes(s)).length;
}

/** Reads the briefs the options select, sorted by slug. Throws when none is found or a named one is missing. */
export async function loadBriefs(o: Readonly<BuildOptions>): Promise<BriefSource[]> {
  const dirName = relative(o.root, o.briefsDir) || o.briefsDir;
  const slugs = existsSync(o.briefsDir) ? briefSlugs(await readdir(o.briefsDir)) : [];
  for (const wanted of o.briefs) {
    if (!slugs.includes(wanted))
      throw new BriefError(
        `--brief ${wanted}: no file ${dirName}/${wanted}.md.${didYouMean(wanted, slugs)} ` +
          `Briefs: ${slugs.join(", ") || "none"}.`,
        2, // a usage error, as every bad flag value
      );
  }
  const chosen = slugs.filter((s) => o.briefs.length === 0 || o.briefs.includes(s));
  if (chosen.length === 0) {
    throw new InputError(
      `No briefs found in ${dirName}/. Add a brief as ${dirName}/<slug>.md (the README's ` +
        `"Writing a brief" shows the format).`,
    );
  }
  // Read a few dozen at a time (each read is a handful of system calls): in order, as a loop would.
  return pMap(
    chosen,
    async (slug): Promise<BriefSource> => {
      const path = join(o.briefsDir, `${slug}.md`);
      const file = await readBrief(o.root, path);
      if (!ID_PATTERN.test(slug)) {
        // Reported on the file, so the other briefs are still built.
        const fixed =
          slug
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/^-+|-+$/g, "") || "my-brief";
        fail(
          file,
          `The file name is the memo's slug and may only use lowercase letters, digits and ` +
            `hyphens. Rename it to ${dirName}/${fixed}.md.`,
          undefined,
          "brief-file-name",
        );
      }
      return { slug, file, figures: await loadFigures(o.root, o.briefsDir, slug) };
    },
    { concurrency: 32 },
  );
}
