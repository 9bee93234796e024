/**
 * `new audience <id> [--extends <id>] [--name "…"]`: scaffolds templates/audiences/<id>/ with a commented audience.yml.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { commandFlags } from "../flags.js";
import type { Io } from "../io.js";
import { ID_PATTERN, resolveOptions } from "../../shared/options.js";
import { BriefError } from "../../shared/errors.js";
import { didYouMean } from "../../shared/problems.js";
import { loadTemplates } from "../../load/templates.js";
import { audienceYml } from "../../scaffold/audience-yml.js";
import { briefAudiences } from "../../scaffold/brief-audiences.js";

const USAGE = `Usage: npm run brief -- new audience <id> [--extends <id>] [--name "…"]

Creates templates/audiences/<id>/audience.yml, every field commented, ready to build.
  <id>               lowercase letters, digits and hyphens, e.g. nato or asia-pacific
  --extends <id>     the parent audience (default: base): unset fields and templates come from it
  --name "…"         the audience's name (default: from the id, e.g. "Asia Pacific")

Example: npm run brief -- new audience nato --extends eu --name NATO
`;

const FLAGS = { extends: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

/** "asia-pacific" → "Asia Pacific", "gcc" → "GCC". */
function nameFromId(id: string): string {
  return id
    .split("-")
    .filter(Boolean)
    .map((w) => (w.length <= 3 ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1)))
    .join(" ");
}

/** Runs `new`; returns the exit code (2: usage, 1: the audience exists or the parent is unknown). */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = commandFlags(argv, FLAGS, USAGE, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [kind, id, ...extra] = positionals;
  if (kind !== "audience")
    throw new BriefError(
      `${kind ? `\`new ${kind}\`: ` : ""}` +
        `new makes an audience.${kind ? didYouMean(kind, ["audience"]) : ""}\n\n${USAGE}`,
      2,
    );
  if (!id) throw new BriefError(`new audience needs an id, e.g. nato.\n\n${USAGE}`, 2);
  if (extra.length > 0)
    throw new BriefError(
      `Unexpected argument \`${extra[0]}\`. Quote a name with spaces: --name "Asia Pacific".\n\n${USAGE}`,
      2,
    );
  if (!ID_PATTERN.test(id) || id === "base") {
    const hint = id
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    const why =
      id === "base"
        ? "`base` is reserved for templates/base/"
        : `\`${id}\` is not a valid audience id: use lowercase letters, digits and hyphens`;
    throw new BriefError(`${why}${hint && hint !== id && hint !== "base" ? ` (e.g. ${hint})` : ""}.`, 2);
  }
  const name = (values.name ?? nameFromId(id)).trim();
  if (name.length === 0 || name.length > 80)
    throw new BriefError(`--name must have 1 to 80 characters (got ${name.length}).`, 2);
  // A name is one line: it is written into audience.yml's first comment line as well as its `name:` value.
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name))
    throw new BriefError(
      `--name ${JSON.stringify(name)}: a name is one line of text, without line breaks or control characters. ` +
        `Write it on one line, e.g. --name "Asia Pacific".`,
      2,
    );

  const o = resolveOptions(resolve(io.cwd));
  const dir = join(o.templatesDir, "audiences", id);
  const shown = relative(o.root, dir) || dir;
  if (existsSync(dir))
    throw new BriefError(`${shown}/ already exists. Edit its audience.yml, or choose another id.`, 1);
  const { brand, audiences: loaded } = await loadTemplates(o, { brand: "optional" });
  const parentId = values.extends ?? "base";
  if (parentId !== "base" && !loaded.ids.includes(parentId)) {
    throw new BriefError(
      `--extends ${parentId}: no such audience.${didYouMean(parentId, ["base", ...loaded.ids])} ` +
        `Known: base, ${loaded.ids.join(", ")}.`,
      1,
    );
  }
  const parent = loaded.audiences.find((a) => a.id === parentId);
  if (parentId !== "base" && !parent) {
    throw new BriefError(
      `--extends ${parentId}: that audience has errors. Fix templates/audiences/${parentId}/audience.yml ` +
        `first (npm run brief -- check lists them).`,
      1,
    );
  }
  const partials = (await readdir(join(o.templatesDir, "base", "partials")).catch(() => [] as string[]))
    .filter((f) => f.endsWith(".hbs"))
    .map((f) => f.slice(0, -4))
    .sort();
  const brandBudgets = brand ? { pages: brand.defaults.pages, words: brand.defaults.words } : undefined;
  const text = audienceYml({ id, name, extends: parentId, parent, brandBudgets, partials });

  await mkdir(join(o.templatesDir, "audiences"), { recursive: true });
  await mkdir(dir); // fails if another process made it meanwhile: nothing is overwritten
  const path = join(dir, "audience.yml");
  try {
    await writeFile(path, text, { flag: "wx" });
    const { audiences: check } = await loadTemplates(o, { brand: "optional" });
    const file = check.files.find((f) => f.path === relative(o.root, path));
    if (!check.audiences.some((a) => a.id === id) || (file && file.messages.length > 0)) {
      throw new Error(
        `the scaffold does not load: ${file?.messages.map((m) => m.reason).join("; ") ?? "unknown reason"}`,
      );
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const briefs = await briefAudiences(o.briefsDir);
  const listing = briefs.filter((b) => b.audiences && !b.audiences.includes(id)).map((b) => `briefs/${b.slug}.md`);
  const all = briefs.filter((b) => !b.audiences).map((b) => `briefs/${b.slug}.md`);
  const lines = [
    `Created ${shown}/audience.yml: the ${name} edition${parentId === "base" ? "" : `, extending ${parentId}`}.`,
    "",
    "Next:",
    `  1. Adjust ${shown}/audience.yml (each field is explained there).`,
    `  2. Give briefs a ${id} edition: add ${id} to their \`audiences:\` list and write its implications`,
    `     under ## Implications:  :::audience{for="${id}"} … :::`,
    ...(listing.length > 0 ? [`     Briefs that list their audiences: ${listing.join(", ")}.`] : []),
    ...(all.length > 0
      ? [
          `     Briefs without a list are built for every audience, ${id} included, and need ` +
            `the block now: ${all.join(", ")}.`,
        ]
      : []),
    `  3. Build only this edition: npm run brief -- --audience ${id}`,
    `     Preview it beside its parent: npm run brief -- watch, then open /compare/<slug>.`,
    "",
  ];
  io.stdout(lines.join("\n"));
  return 0;
}
