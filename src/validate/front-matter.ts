/** The schema of a brief's front matter, and its conversion into typed metadata. */
import { z } from "zod";
import { MARKINGS, type BriefMeta } from "../shared/model.js";
import { ID_PATTERN } from "../shared/options.js";

/** True for a real YYYY-MM-DD day (no 2025-02-30, no month 13). */
function isRealDate(s: string): boolean {
  return !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected an ISO date such as 2025-07-15", abort: true })
  .refine(isRealDate, "not a real calendar date");

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `at most ${max} characters`);

/** Front matter as written in the file (snake_case keys). */
export const frontMatterSchema = z.strictObject({
  title: text(160),
  subtitle: text(240),
  short_title: text(60).optional(),
  date: isoDate,
  authors: z.array(text(120)).min(1, "name at least one author"),
  source: z.strictObject({
    author: text(200),
    title: text(300),
    publisher: text(200),
    series: text(200).optional(),
    // `date: 2025` is a number in YAML: read it as the year.
    date: z.preprocess(
      (v) => (typeof v === "number" ? String(v) : v),
      z
        .string()
        .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, { message: "expected YYYY, YYYY-MM or YYYY-MM-DD", abort: true })
        .refine((s) => isRealDate(`${s}-01-01`.slice(0, 10)), "not a real calendar date"),
    ),
    url: z
      .url({ protocol: /^https?$/, error: "expected a web address that starts with https:// (or http://)" })
      .optional(),
    text: z.string().optional(),
  }),
  audiences: z
    .array(z.string().regex(ID_PATTERN, "audience ids are lowercase letters, digits and hyphens"))
    .min(1)
    .optional(),
  marking: z.enum(MARKINGS, { error: `expected one of ${MARKINGS.join(", ")}` }),
  bluf: text(1200),
  keywords: z.array(text(60)).default([]),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a language tag such as en, fr or zh-CN")
    .default("en"),
  budgets: z
    .strictObject({
      pages: z.int("expected a whole number").positive("expected a whole number above 0").optional(),
      words: z.int("expected a whole number").positive("expected a whole number above 0").optional(),
    })
    .default({}),
});

/** Front matter as the schema returns it. */
export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** Converts validated front matter to the metadata the later stages use. */
export function toMeta(fm: FrontMatter): BriefMeta {
  return {
    title: fm.title,
    subtitle: fm.subtitle,
    shortTitle: fm.short_title ?? fm.title,
    date: fm.date,
    authors: fm.authors,
    source: fm.source,
    audiences: fm.audiences,
    marking: fm.marking,
    bluf: fm.bluf.trim(),
    keywords: fm.keywords,
    budgets: fm.budgets,
    lang: fm.lang,
  };
}
