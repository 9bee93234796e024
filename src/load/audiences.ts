/** Load stage for audience editions: `templates/audiences/<id>/audience.yml`, with `extends` chains resolved. */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { existsSync, readdirSync } from "node:fs";
import { VFile } from "vfile";
import { z } from "zod";
import {
  MARKINGS,
  REQUIRED_SECTIONS,
  type Audience,
  type Brand,
  type LanguagePack,
  type Marking,
  type Messages,
} from "../shared/model.js";
import { ID_PATTERN, LIMITS } from "../shared/options.js";
import { fail, didYouMean, hasErrors, suggest, type Place } from "../shared/problems.js";
import { parseYaml, validateYaml } from "./yaml.js";
import { readVFile } from "./files.js";
import { fillMessage } from "../shared/fill-message.js";
import { checkMessages, loadLanguagePacks, messagesSchema, packFor, packHint } from "./language-packs.js";

/** Folder names of out/ that are not editions: no audience may have them as its id. */
const RESERVED = ["assets", "compare"];

/** Marking placements (TLP 2.0: right-aligned in header and footer). */
const PLACEMENTS = ["header-footer", "header", "footer"] as const;

/** The schema of `audience.yml`; every field optional, as a parent may provide it. */
export const audienceSchema = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  extends: z
    .string()
    .regex(/^(base|[a-z0-9][a-z0-9-]{0,63})$/, "expected an audience id (lowercase letters, digits, hyphens) or `base`")
    .optional(),
  edition: z.string().max(120).optional(),
  addressee: z.string().max(200).optional(),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a BCP 47 language tag such as en-US")
    .optional(),
  locale: z
    .string()
    .optional()
    .refine((v) => v === undefined || isLocale(v), "expected a locale Intl knows, such as en-US or en-GB"),
  paper: z.enum(["Letter", "A4"], { error: "expected Letter or A4" }).optional(),
  sections: z.array(z.string().regex(/^[a-z0-9-]+$/, "expected a section id such as key-judgements")).optional(),
  disclaimer: z.string().max(2000).optional(),
  // The edition's marking; a placement here is the older spelling of `marking_placement` and still means that.
  marking: z
    .enum([...MARKINGS, ...PLACEMENTS], {
      error: `expected a marking (${MARKINGS.join(", ")}); where it is printed is \`marking_placement\``,
    })
    .optional(),
  marking_placement: z.enum(PLACEMENTS, { error: `expected one of ${PLACEMENTS.join(", ")}` }).optional(),
  budgets: z.strictObject({ pages: z.int().positive().optional(), words: z.int().positive().optional() }).optional(),
  messages: messagesSchema.optional(),
  brief_languages: z
    .array(z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a language tag such as fr or en"))
    .min(1)
    .optional(),
});
type AudienceYaml = z.infer<typeof audienceSchema>;

function isLocale(value: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([value]).length > 0;
  } catch {
    return false;
  }
}

/** What loading the audiences gives: the usable ones, every folder id, and the files (with their messages). */
export interface LoadedAudiences {
  audiences: Audience[];
  /** Every folder under templates/audiences (including broken ones), so briefs naming them are not "unknown". */
  ids: string[];
  files: VFile[];
}

interface Entry {
  id: string;
  dir: string;
  file: VFile;
  data?: AudienceYaml | undefined;
  locate?: (path: readonly PropertyKey[], at?: "value" | "key") => Place;
}

/** Reads and resolves every audience under `templatesDir/audiences` (with the packs of templates/i18n/, read here unless given). */
export async function loadAudiences(
  root: string,
  templatesDir: string,
  brand: Brand | undefined,
  given?: { packs: Record<string, LanguagePack>; ids: readonly string[] },
): Promise<LoadedAudiences> {
  const packs = given ?? (await loadLanguagePacks(root, templatesDir));
  const base = join(templatesDir, "base");
  const dir = join(templatesDir, "audiences");
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => !n.startsWith(".")).sort() : [];
  const entries = new Map<string, Entry>();
  const files: VFile[] = [];
  for (const id of names) {
    const folder = join(dir, id);
    if (!(await stat(folder)).isDirectory()) continue;
    const path = join(folder, "audience.yml");
    if (!existsSync(path)) {
      const file = new VFile({ path: `templates/audiences/${id}`, cwd: root });
      fail(
        file,
        `Audience folder has no audience.yml. Add one (\`npm run brief -- new audience ` +
          `${id}\` writes a commented one), or delete the folder.`,
        undefined,
        "audience-missing-config",
      );
      files.push(file);
      entries.set(id, { id, dir: folder, file });
      continue;
    }
    const file = await readVFile(root, path, LIMITS.yaml);
    files.push(file);
    if (RESERVED.includes(id)) {
      fail(
        file,
        `Audience folder name \`${id}\` is taken by the output folder's own \`${id}/\` (${RESERVED.join(", ")} are). ` +
          `Rename the folder, e.g. \`${id}-edition\`.`,
        { line: 1, column: 1 },
        "audience-id",
      );
      continue;
    }
    if (!ID_PATTERN.test(id)) {
      fail(
        file,
        `Audience folder name \`${id}\` is not a valid id. Rename the folder using lowercase ` +
          `letters, digits and hyphens.`,
        { line: 1, column: 1 },
        "audience-id",
      );
      continue;
    }
    const yaml = parseYaml(file, String(file.value));
    const data = yaml && validateYaml(file, yaml, audienceSchema, "audience.yml");
    entries.set(id, { id, dir: folder, file, data, locate: yaml?.locate });
  }

  const resolved = new Map<string, Audience | null>();
  const resolveOne = (id: string, seen: string[]): Audience | null => {
    if (resolved.has(id)) return resolved.get(id)!;
    const entry = entries.get(id)!;
    if (!entry.data) return resolved.set(id, null).get(id)!;
    const parentId = entry.data.extends && entry.data.extends !== "base" ? entry.data.extends : undefined;
    let parent: Audience | null | undefined;
    if (parentId) {
      const place = entry.locate?.(["extends"]);
      if (seen.includes(parentId) || parentId === id) {
        // Every audience in the loop gets the message, at its own `extends` line.
        const loop = [...seen.slice(seen.indexOf(parentId) === -1 ? seen.length : seen.indexOf(parentId)), id];
        loop.forEach((member, i) => {
          const cycle = [...loop.slice(i), ...loop.slice(0, i), member];
          const m = entries.get(member)!;
          fail(
            m.file,
            `\`extends: ${cycle[1]}\` makes a loop (${cycle.join(" → ")}). Make one audience ` +
              `in the loop extend \`base\` or another audience.`,
            m.locate?.(["extends"]),
            "audience-extends-loop",
          );
          resolved.set(member, null);
        });
        return null;
      }
      if (!entries.has(parentId)) {
        const others = [...entries.keys()].filter((k) => k !== id);
        fail(
          entry.file,
          `\`extends: ${parentId}\` names no audience.${didYouMean(parentId, [...others, "base"])} ` +
            `Known: base, ${others.join(", ")}.`,
          place,
          "audience-extends-unknown",
        );
        return resolved.set(id, null).get(id)!;
      }
      parent = resolveOne(parentId, [...seen, id]);
      if (resolved.has(id)) return resolved.get(id)!; // marked while resolving the parent: part of a loop
      if (!parent) {
        fail(
          entry.file,
          `The parent audience \`${parentId}\` has errors, so this one cannot be built. Fix ` +
            `templates/audiences/${parentId}/audience.yml first.`,
          place,
          "audience-extends-broken",
        );
        return resolved.set(id, null).get(id)!;
      }
    }
    const audience = merge(entry, parent ?? undefined, base, brand, packs);
    if (!audience) return resolved.set(id, null).get(id)!;
    if (!audience.name) {
      fail(
        entry.file,
        "Missing `name` in audience.yml (and no parent gives one). Add e.g. `name: NATO`.",
        { line: 1, column: 1 },
        "missing-field",
      );
      return resolved.set(id, null).get(id)!;
    }
    checkSectionIds(entry);
    return resolved.set(id, hasErrors(entry.file) ? null : audience).get(id)!;
  };
  for (const id of entries.keys()) resolveOne(id, []);
  const audiences = [...resolved.values()]
    .filter((a): a is Audience => a !== null)
    .sort((a, b) => a.id.localeCompare(b.id));
  return { audiences, ids: [...entries.keys()], files };
}

function checkSectionIds(entry: Entry): void {
  if (!entry.data?.sections) return;
  // A brief's own `##` section may be listed by its id (its heading as a slug); an id a letter or two away from a
  // required section's is taken for a typo of it.
  entry.data.sections.forEach((s, i) => {
    if (!(REQUIRED_SECTIONS as readonly string[]).includes(s) && suggest(s, REQUIRED_SECTIONS) !== undefined) {
      fail(
        entry.file,
        `Unknown section \`${s}\` in \`sections\`.${didYouMean(s, REQUIRED_SECTIONS)} Sections: ` +
          `${REQUIRED_SECTIONS.join(", ")}, or a brief's own section by the id of its heading (\`## Annex: method\` ` +
          `is annex-method).`,
        entry.locate?.(["sections", i]),
        "audience-section",
      );
    }
  });
}

function merge(
  entry: Entry,
  parent: Audience | undefined,
  base: string,
  brand: Brand | undefined,
  loaded: { packs: Record<string, LanguagePack>; ids: readonly string[] },
): Audience | undefined {
  const d = entry.data!;
  const name = d.name ?? parent?.name ?? "";
  const lang = d.lang ?? parent?.lang ?? "en";
  const packId = packFor(lang, loaded.ids);
  const pack = packId === undefined ? undefined : loaded.packs[packId];
  if (!pack) {
    fail(
      entry.file,
      packId === undefined
        ? `No language pack for \`lang: ${lang}\`.${packHint(lang, loaded.ids)}`
        : `The language pack templates/i18n/${packId}.yml has errors, so this edition cannot be printed in ` +
            `\`${lang}\`. Fix the pack first.`,
      entry.locate?.(d.lang ? ["lang"] : ["extends"]),
      "audience-lang",
    );
    return undefined;
  }
  // Text inherited from the parent (its message overrides, edition line, addressee, disclaimer) is in the parent's
  // language: it carries over only when this edition is in the same one.
  const sameLanguage = parent !== undefined && parent.pack === pack.id;
  const inherited = sameLanguage ? overridesOf(parent, loaded.packs[parent.pack]!) : {};
  if (d.messages)
    checkMessages(entry.file, d.messages, (p, at) => entry.locate!(["messages", ...p], at), {
      complete: false,
    });
  const messages: Messages = { ...pack.messages, ...inherited, ...stripUndefined(d.messages ?? {}) };
  const briefLanguages: string[] = [];
  (d.brief_languages ?? []).forEach((tag, i) => {
    const id = packFor(tag, loaded.ids);
    if (id === undefined)
      fail(
        entry.file,
        `No language pack for \`${tag}\` in \`brief_languages\`.${packHint(tag, loaded.ids)}`,
        entry.locate?.(["brief_languages", i]),
        "audience-lang",
      );
    else if (!briefLanguages.includes(id)) briefLanguages.push(id);
  });
  const ownFile = (f: string) => (existsSync(join(entry.dir, f)) ? join(entry.dir, f) : undefined);
  const partials = {
    ...(parent?.partials ?? listPartials(join(base, "partials"))),
    ...listPartials(join(entry.dir, "partials")),
  };
  const styles = [
    ...(parent?.styles ?? [join(base, "style.css")]),
    ...[ownFile("style.css")].filter((f): f is string => !!f),
  ];
  const layout = ownFile("layout.hbs") ?? parent?.layout ?? join(base, "layout.hbs");
  const chain = [entry.id, ...(parent?.chain ?? [])];
  return {
    id: entry.id,
    name,
    edition: d.edition ?? (d.name || !sameLanguage ? fillMessage(messages.edition, { name }) : parent.edition),
    addressee: d.addressee ?? (sameLanguage ? parent.addressee : ""),
    lang,
    locale: d.locale ?? parent?.locale ?? lang,
    pack: pack.id,
    direction: pack.direction,
    messages,
    briefLanguages: d.brief_languages ? briefLanguages : sameLanguage ? parent.briefLanguages : [pack.id],
    paper: d.paper ?? parent?.paper ?? "A4",
    sections: d.sections ?? parent?.sections ?? [...REQUIRED_SECTIONS],
    disclaimer: d.disclaimer ?? (sameLanguage ? parent.disclaimer : messages.disclaimer),
    marking: isMarking(d.marking) ? d.marking : parent?.marking,
    markingPlacement: d.marking_placement ?? placementOf(d.marking) ?? parent?.markingPlacement ?? "header-footer",
    budgets: {
      ...(parent?.budgets ?? { pages: brand?.defaults.pages, words: brand?.defaults.words }),
      ...stripUndefined(d.budgets ?? {}),
    },
    chain,
    dir: entry.dir,
    layout,
    partials,
    styles,
    files: [
      ...new Set([
        ...(parent?.files ?? []),
        join(entry.dir, "audience.yml"),
        pack.file,
        layout,
        ...Object.values(partials),
        ...styles,
      ]),
    ].sort(),
  };
}

const isMarking = (v: string | undefined): v is Marking => (MARKINGS as readonly (string | undefined)[]).includes(v);
const placementOf = (v: string | undefined) => PLACEMENTS.find((p) => p === v);

/** The messages `audience` sets itself or inherits from its chain: those that differ from its pack's. */
function overridesOf(audience: Audience, pack: LanguagePack): Partial<Messages> {
  const own = Object.entries(audience.messages).filter(([k, v]) => pack.messages[k as keyof Messages] !== v);
  return Object.fromEntries(own) as Partial<Messages>;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function listPartials(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) if (f.endsWith(".hbs")) out[f.slice(0, -4)] = join(dir, f);
  return out;
}
