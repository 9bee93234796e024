/** Load stage for language packs: `templates/i18n/<lang>.yml`, the words, headings and typography of a language. */
import { readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { VFile } from "vfile";
import { z } from "zod";
import {
  MESSAGE_KEYS,
  REQUIRED_SECTIONS,
  type Audience,
  type LanguageContext,
  type LanguagePack,
  type Messages,
} from "../shared/model.js";
import { LIMITS } from "../shared/options.js";
import { fail, didYouMean, hasErrors, type Place } from "../shared/problems.js";
import { parseYaml, validateYaml } from "./yaml.js";
import { readVFile } from "./files.js";

/** Placeholders each message may use; the ones listed under `required` must appear. */
const PLACEHOLDERS: Partial<Record<keyof Messages, { allowed: string[]; required: string[] }>> = {
  page: { allowed: ["page", "pages"], required: ["page", "pages"] },
  back_to_reference: { allowed: ["n"], required: ["n"] },
  back_to_reference_again: { allowed: ["n", "use"], required: ["n", "use"] },
  translated_quote: { allowed: ["original"], required: ["original"] },
  figure_caption: { allowed: ["n"], required: ["n"] },
  figure_ref: { allowed: ["n"], required: ["n"] },
  figure_source: { allowed: ["source"], required: ["source"] },
  figure_data: { allowed: ["n"], required: ["n"] },
  edition: { allowed: ["name"], required: ["name"] },
  index_head: { allowed: ["org"], required: ["org"] },
  index_showing: { allowed: ["edition"], required: ["edition"] },
  index_memos_one: { allowed: ["n"], required: [] },
  index_memos_other: { allowed: ["n"], required: ["n"] },
  index_editions_one: { allowed: ["n"], required: [] },
  index_editions_other: { allowed: ["n"], required: ["n"] },
  index_pages_one: { allowed: ["n"], required: [] },
  index_pages_other: { allowed: ["n"], required: ["n"] },
  index_words: { allowed: ["n"], required: ["n"] },
  index_compare: { allowed: ["n"], required: ["n"] },
  compare_title: { allowed: ["title", "org"], required: ["title"] },
  compare_count: { allowed: ["n"], required: ["n"] },
};

const message = z.string().trim().min(1, "must not be empty").max(2000, "at most 2000 characters");

/** `messages:` as a pack or an audience writes it: every key optional here, missing keys reported one by one. */
export const messagesSchema = z.strictObject(
  Object.fromEntries(MESSAGE_KEYS.map((k) => [k, message.optional()])) as Record<
    keyof Messages,
    z.ZodOptional<typeof message>
  >,
);

const packSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  direction: z.enum(["ltr", "rtl"], { error: "expected ltr (left to right) or rtl (right to left)" }),
  messages: messagesSchema,
  sections: z.strictObject(
    Object.fromEntries(
      REQUIRED_SECTIONS.map((s) => [s, z.array(z.string().trim().min(1).max(120)).min(1, "give at least one heading")]),
    ) as Record<(typeof REQUIRED_SECTIONS)[number], z.ZodArray<z.ZodString>>,
  ),
  typography: z
    .strictObject({
      quotes: z.tuple([z.string().min(1).max(8), z.string().min(1).max(8)]).optional(),
      apostrophe: z.string().length(1).optional(),
      space_before: z.record(z.string().min(1).max(8), z.enum(["\u00a0", "\u202f"])).optional(),
      hyphenation: z
        .string()
        .regex(/^[a-z]{2,3}(-[a-z0-9]+)*$/)
        .refine(hasPatterns, "no such hyphenation patterns in the hyphen package (e.g. fr, es, pt, en-gb)")
        .optional(),
    })
    .optional(),
});

const require = createRequire(import.meta.url);

/** True when the `hyphen` package has patterns for `lang`. */
function hasPatterns(lang: string): boolean {
  try {
    require.resolve(`hyphen/${lang}`);
    return true;
  } catch {
    return false;
  }
}

/** The tag a pack file may be named after: a language, optionally a script or region (`fr`, `zh-Hans`, `pt-BR`). */
const PACK_ID = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** What loading the packs gives: the usable packs by id, every pack file's id, and the files with their messages. */
export interface LoadedPacks {
  packs: Record<string, LanguagePack>;
  ids: string[];
  files: VFile[];
}

/** Reads every `templatesDir/i18n/*.yml`; a pack with a problem is reported on its file and left out. */
export async function loadLanguagePacks(root: string, templatesDir: string): Promise<LoadedPacks> {
  const dir = join(templatesDir, "i18n");
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => n.endsWith(".yml")).sort() : [];
  const packs: Record<string, LanguagePack> = {};
  const files: VFile[] = [];
  const ids: string[] = [];
  for (const name of names) {
    const id = name.slice(0, -".yml".length);
    const path = join(dir, name);
    const file = await readVFile(root, path, LIMITS.yaml);
    files.push(file);
    ids.push(id);
    if (!PACK_ID.test(id)) {
      fail(
        file,
        `Language pack name \`${id}\` is not a language tag. Name the file after the language, e.g. ` +
          `templates/i18n/fr.yml or templates/i18n/zh-Hans.yml.`,
        { line: 1, column: 1 },
        "pack-id",
      );
      continue;
    }
    const yaml = parseYaml(file, String(file.value));
    if (!yaml) continue;
    const data = validateYaml(file, yaml, packSchema, `language pack ${relPath(file)}`);
    // The messages are checked even when another part of the pack is wrong, so every problem shows in one run.
    const raw = (yaml.data as { messages?: unknown } | null)?.messages;
    const written = Object.fromEntries(
      Object.entries(raw && typeof raw === "object" ? raw : {}).filter(
        ([k, v]) => (MESSAGE_KEYS as readonly string[]).includes(k) && typeof v === "string",
      ),
    ) as Partial<Messages>;
    const messages = checkMessages(file, written, (p, at) => yaml.locate(["messages", ...p], at), {
      complete: true,
    });
    if (!data || !messages || hasErrors(file)) continue;
    const t = data.typography ?? {};
    const typography = {
      quotes: t.quotes,
      apostrophe: t.apostrophe,
      spaceBefore: t.space_before,
      hyphenation: t.hyphenation,
    };
    packs[id] = {
      id,
      name: data.name,
      direction: data.direction,
      messages,
      sections: data.sections,
      typography,
      file: path,
    };
  }
  return { packs, ids, files };
}

/**
 * Checks `messages` (a pack's, or an audience's overrides) on `file`: placeholders each message may use, and with
 * `complete` every key present (a missing key is an error naming the key and the file). Returns them when complete.
 */
export function checkMessages(
  file: VFile,
  messages: Partial<Messages>,
  locate: (path: readonly PropertyKey[], at?: "value" | "key") => Place,
  { complete }: { complete: boolean },
): Messages | undefined {
  let ok = true;
  if (complete) {
    for (const key of MESSAGE_KEYS) {
      if (messages[key] !== undefined) continue;
      ok = false;
      fail(
        file,
        `Missing message \`${key}\` in ${relPath(file)}. Add a line \`${key}: …\` under \`messages:\` ` +
          `(templates/i18n/en.yml has every key, with what each is for).`,
        locate([], "key"),
        "pack-missing-key",
      );
    }
  }
  for (const [key, text] of Object.entries(messages) as Array<[keyof Messages, string | undefined]>) {
    if (text === undefined) continue;
    const rule = PLACEHOLDERS[key] ?? { allowed: [], required: [] };
    const used = [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
    const unknown = used.find((u) => !rule.allowed.includes(u));
    const missing = rule.required.find((r) => !used.includes(r));
    if (unknown === undefined && missing === undefined) continue;
    ok = false;
    const allowed = rule.allowed.length ? rule.allowed.map((a) => `{${a}}`).join(", ") : "none";
    fail(
      file,
      unknown !== undefined
        ? `Message \`${key}\` uses \`{${unknown}}\`, which it cannot fill.${didYouMean(unknown, rule.allowed)} ` +
            `Placeholders of \`${key}\`: ${allowed}.`
        : `Message \`${key}\` must contain \`{${missing}}\` (placeholders of \`${key}\`: ${allowed}).`,
      locate([key]),
      "pack-placeholder",
    );
  }
  return ok && complete ? (messages as Messages) : undefined;
}

/**
 * The pack for a BCP 47 `lang` among `ids`: the tag itself, then its language and script (`zh-CN` → `zh-Hans`),
 * then its language alone (`fr-FR` → `fr`, `en-001` → `en`). Undefined when none is there.
 */
export function packFor(lang: string, ids: readonly string[]): string | undefined {
  const candidates = [lang];
  try {
    const max = new Intl.Locale(lang).maximize();
    if (max.script) candidates.push(`${max.language}-${max.script}`);
    candidates.push(max.language);
  } catch {
    candidates.push(lang.split("-")[0]!);
  }
  const lower = ids.map((id) => id.toLowerCase());
  for (const c of candidates) {
    const i = lower.indexOf(c.toLowerCase());
    if (i !== -1) return ids[i];
  }
  return undefined;
}

/** The packs and the languages each audience reads, as parsing a brief needs them. */
export function languageContext(packs: LoadedPacks, audiences: readonly Audience[]): LanguageContext {
  return {
    packs: packs.packs,
    packIds: packs.ids,
    readers: Object.fromEntries(audiences.map((a) => [a.id, a.briefLanguages])),
  };
}

/** " Language packs: ar, en, …" with a did-you-mean, for messages about a `lang` no pack serves. */
export function packHint(lang: string, ids: readonly string[]): string {
  return (
    `${didYouMean(lang, ids)} Language packs: ${ids.join(", ") || "none"}. A new language is a file ` +
    `templates/i18n/<lang>.yml (copy templates/i18n/en.yml).`
  );
}

function relPath(file: VFile): string {
  return file.path || "the language pack";
}
