/**
 * The `check` run: every rule family over the selected briefs, plus the brand and audience files. Reads only; writes
 * nothing.
 */
import { dirname, join } from "node:path";
import type { VFile } from "vfile";
import type { BuildOptions } from "../shared/options.js";
import { BriefError, messageOf } from "../shared/errors.js";
import { fail } from "../shared/problems.js";
import { loadTemplates } from "../load/templates.js";
import { loadBriefs } from "../load/briefs.js";
import { sourceTextPath } from "./source-path.js";
import { parseBrief } from "../validate/parse-brief.js";
import { checkBudgets, type EditionLength } from "./budgets.js";
import { checkGrounding } from "./grounding.js";
import { checkPlainLanguage } from "./plain-language.js";
import { proseTree } from "./prose-tree.js";
import { readLangField } from "../load/front-matter.js";
import { packFor } from "../load/language-packs.js";
import { readSourceText, type SourceText } from "./source-text.js";
import type { FrontMatterFields } from "./front-matter-fields.js";

/** What `check` is asked to do beyond the build options. */
export interface CheckOptions {
  /** `--source FILE`: one source text for every brief (overrides front matter `source.text`). */
  source?: { path: string; name: string } | undefined;
}

/** Every file checked (with its messages) and the length of every edition checked. */
export interface CheckReport {
  files: VFile[];
  editions: EditionLength[];
}

/** Checks the briefs and editions `o` selects; problems are messages on the returned files. */
export async function runCheck(o: Readonly<BuildOptions>, c: CheckOptions = {}): Promise<CheckReport> {
  const templates = await loadTemplates(o);
  const files: VFile[] = [...templates.files];
  const loaded = templates.audiences;
  const flagSource = c.source
    ? await readSourceText(c.source.path, c.source.name).catch((error: unknown) => {
        throw new BriefError(`--source ${c.source!.name}: ${messageOf(error)}.`, 2);
      })
    : undefined;
  const sources = await loadBriefs(o);
  const cache = new Map<string, Promise<SourceText>>();
  const editions: EditionLength[] = [];
  for (const source of sources) {
    files.push(source.file);
    const brief = parseBrief(source, loaded.ids, templates.languages);
    const prose = proseTree(String(source.file.value));
    const lang = brief?.meta.lang ?? readLangField(String(source.file.value));
    // The retext rules are English rules: a brief in another language gets a note, never English warnings.
    if ((packFor(lang, templates.languages.packIds) ?? lang) === "en")
      await checkPlainLanguage(source.file, prose.tree);
    else
      source.file.info(
        `Plain-language rules (readability, passive voice, simpler words) are for English and were not run: this ` +
          `brief is written in \`${lang}\`. Word budgets and source grounding still apply.`,
        { place: langPlace(String(source.file.value)), ruleId: "plain-language-skipped", source: "brief" },
      );
    const text = flagSource ?? (await frontMatterSource(o, source.file, prose.fields, cache));
    if (text) checkGrounding(source.file, prose.tree, text);
    if (!brief) continue;
    const audiences = loaded.audiences.filter(
      (a) => brief.targets.includes(a.id) && (o.audiences.length === 0 || o.audiences.includes(a.id)),
    );
    editions.push(...checkBudgets(brief, audiences, prose.fields));
  }
  return { files, editions };
}

/** The source text named by front matter `source.text` (relative to the brief), or undefined; problems go on `file`. */
export async function frontMatterSource(
  o: Readonly<BuildOptions>,
  file: VFile,
  fields: FrontMatterFields | undefined,
  cache: Map<string, Promise<SourceText>>,
): Promise<SourceText | undefined> {
  if (!fields?.sourceText) return undefined;
  const place = fields.place(["source", "text"]);
  try {
    const path = await sourceTextPath(o, dirname(join(o.root, file.path)), fields.sourceText);
    let text = cache.get(path);
    if (!text) cache.set(path, (text = readSourceText(path, fields.sourceText)));
    return await text;
  } catch (error) {
    fail(file, `\`source.text\`: ${messageOf(error).replace(/\.$/, "")}.`, place, "source-text");
    return undefined;
  }
}

/** The place of the `lang:` line of a brief's front matter (line 1 when there is none). */
function langPlace(text: string): { line: number; column: number } {
  const at = text.search(/^lang[ \t]*:/m);
  return { line: at === -1 ? 1 : text.slice(0, at).split("\n").length, column: 1 };
}
