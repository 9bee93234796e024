/** The schema of a brief's front matter, and its conversion into typed metadata. */
import { z } from "zod";
import { MARKINGS, type BriefMeta } from "../model.js";
import { ID_PATTERN } from "../config.js";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date such as 2025-07-15")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "not a real calendar date");

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
    date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    url: z.url({ protocol: /^https?$/ }).optional(),
    text: z.string().optional(),
  }),
  audiences: z.array(z.string().regex(ID_PATTERN, "audience ids are lowercase letters, digits and hyphens")).min(1).optional(),
  marking: z.enum(MARKINGS, { error: `expected one of ${MARKINGS.join(", ")}` }),
  bluf: text(1200),
  keywords: z.array(text(60)).default([]),
  budgets: z
    .strictObject({
      pages: z.int().positive().optional(),
      words: z.int().positive().optional(),
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
  };
}
