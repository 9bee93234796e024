/**
 * `new audience <id> [--extends <id>] [--name "…"]`: scaffolds templates/audiences/<id>/ with a commented audience.yml;
 * `new brief <slug> [--title "…"]`: scaffolds briefs/<slug>.md, a brief that builds as it stands.
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
import { briefMd } from "../../scaffold/brief-md.js";
import { parseBrief } from "../../validate/parse-brief.js";
import { VFile } from "vfile";
import { briefAudiences } from "../../scaffold/brief-audiences.js";
import { packFor } from "../../load/language-packs.js";

const USAGE = `Usage: npm run brief -- new audience <id> [--extends <id>] [--name "…"]
       npm run brief -- new brief <slug> [--title "…"]

new audience: creates templates/audiences/<id>/audience.yml, every field commented, ready to build.
  <id>               lowercase letters, digits and hyphens, e.g. nato or asia-pacific
  --extends <id>     the parent audience (default: base): unset fields and templates come from it
  --name "…"         the audience's name (default: from the id, e.g. "Asia Pacific")

new brief: creates briefs/<slug>.md, every section stubbed for every audience, ready to build and rewrite.
  <slug>             lowercase letters, digits and hyphens: the name of its outputs
  --title "…"        the memo's title (default: from the slug)

Examples: npm run brief -- new audience nato --extends eu --name NATO
          npm run brief -- new brief arctic-shipping --title "Arctic shipping after the thaw"
`;

const FLAGS = {
  extends: { type: "string" },
  name: { type: "string" },
  title: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

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
  if (kind === "brief") return newBrief(id, extra, values.title, io);
  if (kind !== "audience")
    throw new BriefError(
      `${kind ? `\`new ${kind}\`: ` : ""}` +
        `new makes an audience or a brief.${kind ? didYouMean(kind, ["audience", "brief"]) : ""}\n\n${USAGE}`,
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

/** One line of text for a name or title, else a usage error naming the flag. */
function oneLine(flag: string, value: string, max: number): string {
  const text = value.trim();
  if (text.length === 0 || text.length > max)
    throw new BriefError(`${flag} must have 1 to ${max} characters (got ${text.length}).`, 2);
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text))
    throw new BriefError(
      `${flag} ${JSON.stringify(text)}: one line of text, without line breaks or control characters.`,
      2,
    );
  return text;
}

/** `new brief <slug>`: writes briefs/<slug>.md for every audience, checks that it parses, and says what next. */
async function newBrief(slug: string | undefined, extra: string[], title: string | undefined, io: Io) {
  if (!slug) throw new BriefError(`new brief needs a slug, e.g. arctic-shipping.\n\n${USAGE}`, 2);
  if (extra.length > 0)
    throw new BriefError(
      `Unexpected argument \`${extra[0]}\`. Quote a title with spaces: --title "Arctic shipping".\n\n${USAGE}`,
      2,
    );
  if (!ID_PATTERN.test(slug)) {
    const hint = slug
      .toLowerCase()
      .replace(/\.md$/, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    throw new BriefError(
      `\`${slug}\` is not a valid slug: use lowercase letters, digits and hyphens${hint ? ` (e.g. ${hint})` : ""}.`,
      2,
    );
  }
  const memoTitle = oneLine("--title", title ?? nameFromId(slug), 200);
  const o = resolveOptions(resolve(io.cwd));
  const path = join(o.briefsDir, `${slug}.md`);
  const shown = relative(o.root, path) || path;
  if (existsSync(path)) throw new BriefError(`${shown} already exists. Edit it, or choose another slug.`, 1);
  const { audiences: loaded, languages } = await loadTemplates(o, { brand: "optional" });
  // A new brief is in English (its \`lang\` may be changed): written for the audiences that read English briefs.
  const readsEnglish = (a: { id: string; lang: string }) =>
    (languages.readers[a.id] ?? [packFor(a.lang, languages.packIds)]).includes("en");
  const audiences = { ids: loaded.ids, audiences: loaded.audiences.filter(readsEnglish) };
  if (audiences.audiences.length === 0)
    throw new BriefError(
      "No audience to write the brief for: add one first (npm run brief -- new audience us --name " +
        '"United States").',
      1,
    );
  const date = new Date().toISOString().slice(0, 10);
  const text = briefMd({ slug, title: memoTitle, date, audiences: audiences.audiences });
  // The scaffold must be a valid brief: parsed against the audiences before it is written.
  const file = new VFile({ path: shown, value: text });
  if (!parseBrief({ slug, file }, audiences.ids))
    throw new Error(`the scaffold does not parse: ${file.messages.map((m) => m.reason).join("; ")}`);
  await mkdir(o.briefsDir, { recursive: true });
  await writeFile(path, text, { flag: "wx" });
  io.stdout(
    [
      `Created ${shown}: "${memoTitle}", for ${audiences.audiences.map((a) => a.id).join(", ")}.`,
      "",
      "Next:",
      `  1. Rewrite each section of ${shown}; its front matter explains every field.`,
      "  2. Name the paper it derives from under `source:` (and `text:` a plain-text copy of it, so that",
      "     `check` grounds every figure and quotation).",
      `  3. Check it: npm run brief -- check --brief ${slug}`,
      `  4. Build it: npm run brief -- ${shown}`,
      `     or preview it live: npm run brief -- watch --brief ${slug}`,
      "",
    ].join("\n"),
  );
  return 0;
}
