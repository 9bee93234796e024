/** Length budgets as warnings: words per edition, the BLUF's length, and reading time. */
import type { Audience, Brief } from "../shared/model.js";
import type { Place } from "../shared/problems.js";
import { warn } from "../shared/problems.js";
import { countWords, transformBrief } from "../transform/transform.js";
import { editionBudget, isOver } from "../validate/budgets.js";
import type { FrontMatterFields } from "./front-matter-fields.js";

/** A BLUF is a few lines: warn above this many words. */
export const BLUF_MAX_WORDS = 75;
/** Reading speed for reading times (an adult's silent reading of non-fiction). */
export const WORDS_PER_MINUTE = 230;
/** A memo should be read in one sitting: warn above this many minutes. */
export const MAX_READING_MINUTES = 8;

/** The length of one edition. */
export interface EditionLength {
  brief: string;
  audience: string;
  /** Words in the BLUF and the body, endnotes excluded (as the build counts them). */
  words: number;
  /** The word budget (front matter `budgets.words`, else the audience's), if any. */
  budget?: number | undefined;
  /** Reading time at {@link WORDS_PER_MINUTE}, to a tenth of a minute. */
  minutes: number;
}

/** Checks `brief` for each of `audiences` (the editions being checked) and returns their lengths. */
export function checkBudgets(
  brief: Brief,
  audiences: readonly Audience[],
  fields: FrontMatterFields | undefined,
): EditionLength[] {
  const { file } = brief;
  const budgetPlace: Place = fields?.place(["budgets", "words"]) ??
    fields?.place(["budgets"]) ?? { line: 1, column: 1 };
  const blufWords = countWords(brief.meta.bluf);
  if (blufWords > BLUF_MAX_WORDS) {
    warn(
      file,
      `The BLUF has ${blufWords} words; keep it to ${BLUF_MAX_WORDS} or fewer (the bottom ` +
        `line in two or three sentences).`,
      fields?.place(["bluf"]),
      "bluf-length",
    );
  }
  return audiences.map((audience) => {
    const words = transformBrief(brief, audience).words;
    const budget = editionBudget(brief.meta, audience).words;
    const minutes = Math.round((words / WORDS_PER_MINUTE) * 10) / 10;
    if (isOver(words, budget)) {
      const from =
        brief.meta.budgets.words !== undefined
          ? "`budgets.words` in the front matter"
          : `the ${audience.id} audience's \`budgets.words\``;
      warn(
        file,
        `The ${audience.id} edition has ${words} words, over its budget of ${budget} (${from}). ` +
          `Cut ${words - budget} words, or raise the budget.`,
        budgetPlace,
        "word-budget",
      );
    }
    if (minutes > MAX_READING_MINUTES) {
      warn(
        file,
        `The ${audience.id} edition takes about ${Math.ceil(minutes)} minutes to read (${words} ` +
          `words at ${WORDS_PER_MINUTE} a minute); keep a memo under ${MAX_READING_MINUTES}.`,
        budgetPlace,
        "reading-time",
      );
    }
    return { brief: brief.slug, audience: audience.id, words, budget, minutes };
  });
}
