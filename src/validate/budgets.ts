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

/** True when `actual` is over `limit` (no limit: never). */
export function isOver(actual: number, limit: number | undefined): limit is number {
  return limit !== undefined && actual > limit;
}
