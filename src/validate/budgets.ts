/** The budget rule, shared by the build (pages and words) and `check` (words): the brief's, else the audience's. */
import type { Audience, BriefMeta } from "../shared/model.js";

/** Page and word limits of one edition. */
export interface Budget {
  pages?: number | undefined;
  words?: number | undefined;
}

/** The budget of `meta`'s edition for `audience`: front matter `budgets`, else the audience's (and its parents'). */
export function editionBudget(meta: BriefMeta, audience: Audience): Budget {
  return { pages: meta.budgets.pages ?? audience.budgets.pages, words: meta.budgets.words ?? audience.budgets.words };
}

/** No edition is published with more pages than this, whatever its budget. */
export const PAGE_CAP = 100;

/**
 * The most pages an edition may have before it fails (budgets are warnings; this is not): four times its page budget,
 * at least 10, at most {@link PAGE_CAP}. A few bytes of Markdown can otherwise become thousands of pages (a tall image
 * used many times).
 */
export function pageCap(budget: Budget): number {
  return budget.pages === undefined ? PAGE_CAP : Math.min(PAGE_CAP, Math.max(10, 4 * budget.pages));
}

/** True when `actual` is over `limit` (no limit: never). */
export function isOver(actual: number, limit: number | undefined): limit is number {
  return limit !== undefined && actual > limit;
}
