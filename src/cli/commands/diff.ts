/** `diff <slug> <audience-a> <audience-b> [--json]`: what each of two readers sees that the other does not. */
import { readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { reporter } from "vfile-reporter";
import type { VFile } from "vfile";
import { commandFlags } from "../flags.js";
import type { Io } from "../io.js";
import { resolveOptions } from "../../shared/options.js";
import { BriefError } from "../../shared/errors.js";
import { didYouMean } from "../../shared/problems.js";
import { loadTemplates } from "../../load/templates.js";
import { loadBriefs } from "../../load/briefs.js";
import { parseBrief } from "../../validate/parse-brief.js";
import { diffEditions } from "../../diff/compare.js";
import { formatDiff } from "../../diff/format-text.js";

const USAGE = `Usage: npm run brief -- diff <slug> <audience-a> <audience-b> [--json]

Shows, section by section, the paragraphs and list items readers of one edition see
that readers of the other do not, and the edition settings (paper, date, addressee,
disclaimer…) that differ. Example: npm run brief -- diff grain-corridors us eu
`;

const FLAGS = { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

/** Runs `diff`; returns the exit code (2 for a usage error or an unknown brief or audience). */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = commandFlags(argv, FLAGS, USAGE, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 3)
    throw new BriefError(`diff takes a brief and two audiences (got ${positionals.length} arguments).\n\n${USAGE}`, 2);
  const [slug, a, b] = positionals as [string, string, string];
  if (a === b) throw new BriefError(`diff compares two different audiences; both are \`${a}\`.\n\n${USAGE}`, 2);
  const o = resolveOptions(resolve(io.cwd), { briefs: [slug] });

  const { audiences: loaded, languages } = await loadTemplates(o, { brand: "optional" });
  for (const id of [a, b]) {
    if (!loaded.ids.includes(id))
      throw new BriefError(
        `Unknown audience \`${id}\`.${didYouMean(id, loaded.ids)} Audiences: ${loaded.ids.join(", ") || "none"}.`,
        2,
      );
  }
  const slugs = (await readdir(o.briefsDir).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".md") && !n.startsWith("."))
    .map((n) => n.slice(0, -3))
    .sort();
  if (!slugs.includes(slug))
    throw new BriefError(
      `Unknown brief \`${slug}\` (no briefs/${slug}.md).${didYouMean(slug, slugs)} Briefs: ` +
        `${slugs.join(", ") || "none"}.`,
      2,
    );

  const [source] = await loadBriefs(o);
  const brief = parseBrief(source!, loaded.ids, languages);
  const audiences = [a, b].map((id) => loaded.audiences.find((x) => x.id === id));
  const broken: VFile[] = [source!.file, ...loaded.files].filter((f) => f.messages.some((m) => m.fatal));
  if (!brief || audiences.some((x) => !x)) {
    io.stderr(`${reporter(broken, { quiet: true, color: false })}\n`);
    throw new BriefError(`Fix the errors above to compare the editions.`, 1);
  }
  for (const id of [a, b]) {
    if (!brief.targets.includes(id)) {
      throw new BriefError(
        `${slug} has no ${id} edition: its front matter lists \`audiences: [${brief.targets.join(", ")}]\`. ` +
          `Add ${id} there to write one.`,
        1,
      );
    }
  }
  const diff = diffEditions(brief, audiences[0]!, audiences[1]!);
  io.stdout(values.json ? `${JSON.stringify(diff, null, 2)}\n` : formatDiff(diff));
  return 0;
}
