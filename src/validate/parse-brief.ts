/** Parse stage: a brief's file → front matter (validated) and Markdown tree (parsed once, shared by every edition). */
import { unified, type Processor } from "unified";
import { combineExtensions } from "micromark-util-combine-extensions";
import { gfmFootnote } from "micromark-extension-gfm-footnote";
import { gfmStrikethrough } from "micromark-extension-gfm-strikethrough";
import { gfmTable } from "micromark-extension-gfm-table";
import { gfmTaskListItem } from "micromark-extension-gfm-task-list-item";
import { gfmFootnoteFromMarkdown } from "mdast-util-gfm-footnote";
import { gfmStrikethroughFromMarkdown } from "mdast-util-gfm-strikethrough";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTaskListItemFromMarkdown } from "mdast-util-gfm-task-list-item";
import remarkParse from "remark-parse";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkDirective from "remark-directive";
import type { Root } from "mdast";
import type { Brief, BriefSource, LanguageContext } from "../shared/model.js";
import { parseYaml, validateYaml } from "../load/yaml.js";
import { FRONT_MATTER } from "../load/front-matter.js";
import { frontMatterSchema, toMeta } from "./front-matter.js";
import { checkStructure } from "./structure.js";
import { restoreTextDirectives } from "./literal-colons.js";
import { checkTranslatedQuotes } from "./translated-quotes.js";
import { checkLimits } from "./limits.js";
import { fail, hasErrors, didYouMean } from "../shared/problems.js";
import { readerNames, warnNoReaders } from "./languages.js";
import { unreadable } from "../load/unreadable.js";
import { embedFigures } from "./figures.js";
import { readCharts } from "./charts.js";
import { packFor, packHint } from "../load/language-packs.js";
import { assignSectionIds } from "./sections.js";

/** The Markdown syntax of a brief (shared with `check`, so that both read a brief the same way). */
export const briefParser = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ["yaml"])
  .use(remarkGfm)
  .use(remarkDirective);

/** The GFM constructs a brief's body may need, each tried by micromark wherever its first character could start one. */
interface GfmNeeds {
  table: boolean;
  strikethrough: boolean;
  taskList: boolean;
}

/**
 * GFM as `remark-gfm` reads it, less autolink literals (`www.x.org`, `https://…`, `a@b.org` as links without
 * brackets) and less the constructs `needs` rules out: the rest in the same order.
 */
function remarkGfmFor(needs: GfmNeeds) {
  return function (this: Processor) {
    const data = this.data();
    const syntax = [gfmFootnote(), ...(needs.strikethrough ? [gfmStrikethrough()] : [])];
    const trees = [gfmFootnoteFromMarkdown(), ...(needs.strikethrough ? [gfmStrikethroughFromMarkdown()] : [])];
    if (needs.table) (syntax.push(gfmTable()), trees.push(gfmTableFromMarkdown()));
    if (needs.taskList) (syntax.push(gfmTaskListItem()), trees.push(gfmTaskListItemFromMarkdown()));
    (data.micromarkExtensions ??= []).push(combineExtensions(syntax));
    (data.fromMarkdownExtensions ??= []).push(trees);
  };
}

/** Parsers for briefs whose bodies hold no autolink literal, by the GFM constructs they may hold. */
const plainParsers = new Map<string, typeof briefParser>();

/** What an autolink literal needs in the text: `www.`, a scheme (`https:`, `mailto:`, `xmpp:`) or an `@`. */
const AUTOLINK_CANDIDATE = /www\.|https?:|mailto:|xmpp:|@/i;

/**
 * The parser for a brief whose body (front matter excluded: YAML is never linked) is `body`: full GFM when the body
 * could hold an autolink literal; else GFM without the constructs whose characters the body lacks (a table needs a
 * `|` or `:-`, strikethrough a `~`, a task list item `[ ]` or `[x]`). Each construct is tried at every character that
 * could start it, the table at every line (autolink literals alone cost a tenth of parsing): the same tree, sooner.
 */
export function parserFor(body: string): typeof briefParser {
  if (AUTOLINK_CANDIDATE.test(body)) return briefParser;
  const needs = {
    // A table's delimiter row has a `|`, or (one column, no pipes) an alignment colon against its hyphens.
    table: body.includes("|") || body.includes(":-") || body.includes("-:"),
    strikethrough: body.includes("~"),
    taskList: /\[[\sxX]\]/.test(body),
  };
  const key = JSON.stringify(needs);
  let parser = plainParsers.get(key);
  if (!parser) {
    parser = unified()
      .use(remarkParse)
      .use(remarkFrontmatter, ["yaml"])
      .use(remarkGfmFor(needs))
      .use(remarkDirective) as unknown as typeof briefParser;
    plainParsers.set(key, parser);
  }
  return parser;
}

/**
 * Parses and validates `source` against the known audience ids and, when given, the language packs and the languages
 * each audience reads (without them: an English brief that every audience reads).
 * Every problem is reported on `source.file`; returns undefined when any is an error.
 */
export function parseBrief(
  source: BriefSource,
  audienceIds: readonly string[],
  languages?: LanguageContext,
): Brief | undefined {
  const { file } = source;
  if (unreadable(file)) return undefined; // its error says why; there is no text to parse
  const text = String(file.value);
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    fail(
      file,
      "No front matter: start the brief with a `---` line, the YAML fields (title, subtitle, " +
        "date, …), and a closing `---` line.",
      { line: 1, column: 1 },
      "front-matter",
    );
    return undefined;
  }
  const yaml = parseYaml(file, match[1] ?? "", 1);
  const fm = yaml && validateYaml(file, yaml, frontMatterSchema, "front matter");
  // Markdown shaped to stall or overflow the parsers is refused before parsing.
  if (!checkLimits(file, text, match[0].length)) return undefined;
  const tree = parserFor(text.slice(match[0].length)).parse(file) as Root;
  restoreTextDirectives(tree);
  // Walks for syntax the text does not hold are skipped: a `:quote` needs ":quote", an image "![", a chart ":::chart"
  // and a figure reference ":ref" (each walk costs about as much as a tenth of the parse).
  if (text.includes(":quote")) checkTranslatedQuotes(file, tree);
  const meta = fm ? toMeta(fm) : undefined;
  const lang = meta?.lang ?? "en";
  const packId = languages ? packFor(lang, languages.packIds) : "en";
  if (languages && packId === undefined)
    fail(
      file,
      `No language pack for \`lang: ${lang}\`.${packHint(lang, languages.packIds)}`,
      yaml?.locate(["lang"]),
      "brief-lang",
    );
  const pack = packId === undefined ? undefined : languages?.packs[packId];
  assignSectionIds(file, tree, pack, languages?.packs ?? {});
  // The audiences as written, even when another field is invalid, so every problem shows in one run.
  const written = yaml ? (yaml.data as { audiences?: unknown } | null)?.audiences : undefined;
  const listed = Array.isArray(written) ? written.filter((id): id is string => typeof id === "string") : undefined;
  (Array.isArray(written) ? written : []).forEach((id: unknown, i) => {
    if (typeof id === "string" && !audienceIds.includes(id)) {
      fail(
        file,
        `Unknown audience \`${id}\` in \`audiences\`.${didYouMean(id, audienceIds)} Known ` +
          `audiences: ${audienceIds.join(", ")}. Fix the id, or add the folder templates/audiences/${id}/ ` +
          `with an audience.yml.`,
        yaml!.locate(["audiences", i]),
        "unknown-audience",
      );
    }
  });
  // Unreadable YAML: the targets are unknown, so per-edition checks wait until it is fixed.
  const readable =
    yaml !== undefined && typeof yaml.data === "object" && yaml.data !== null && !Array.isArray(yaml.data);
  const reads = (id: string) => !languages || !packId || (languages.readers[id] ?? [packId]).includes(packId);
  if (listed && packId)
    listed.forEach((id) => {
      if (!audienceIds.includes(id) || reads(id)) return;
      fail(
        file,
        `The ${id} edition is for readers of ${readerNames(languages!, id)}, and this brief is written in ` +
          `\`${lang}\`. Remove \`${id}\` from \`audiences\`, or list \`${packId}\` in \`brief_languages\` of ` +
          `templates/audiences/${id}/audience.yml.`,
        yaml!.locate(["audiences", (written as unknown[]).indexOf(id)]),
        "audience-language",
      );
    });
  const targets = !readable
    ? []
    : listed
      ? listed.filter((id) => audienceIds.includes(id))
      : audienceIds.filter((id) => reads(id));
  if (readable && !listed && packId && targets.length === 0)
    warnNoReaders(file, lang, packId, audienceIds, languages!, yaml?.locate(["lang"]));
  checkStructure(file, tree, audienceIds, targets, pack);
  const images = text.includes("![") ? embedFigures(file, tree, source.slug, source.figures ?? []) : new Map();
  const charts = text.includes(":::chart") || text.includes(":ref") ? readCharts(file, tree) : [];
  if (!meta || !packId || hasErrors(file)) return undefined;
  return { ...source, meta, tree, targets, images, charts, pack: packId, typography: pack?.typography ?? {} };
}
