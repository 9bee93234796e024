/** The plain-text copy of a brief's source paper, read once and indexed for the grounding checks. */
import { stat } from "node:fs/promises";
import { readRegularFile } from "../load/files.js";
import { numberKey, findFigures } from "./figures.js";
import { findNumberWords } from "./number-words.js";
import { quoteSource, type QuoteSource } from "./quotations.js";

/** The largest source text read (a long paper as plain text is well under 1 MB). */
export const SOURCE_LIMIT = 16 * 1024 * 1024;

/** The figures a source gives. */
export interface FigureIndex {
  /** Numbers written without a scale word (and "12m"-style ones, which may be units). */
  bare: Set<string>;
  /** Every number with its scale applied ("245 billion" → 245000000000). */
  totals: Set<string>;
  /** The same totals, for approximate look-ups. */
  values: number[];
  /** Numbers the source gives as percentages ("37%", "37 per cent"). */
  percents: Set<string>;
  percentValues: number[];
}

/** A source, ready for look-ups. */
export interface SourceText {
  /** As the user named it, for messages. */
  name: string;
  figures: FigureIndex;
  quotes: QuoteSource;
}

/** Reads `path` as a source text; throws an Error with a readable message when it cannot be used. */
export async function readSourceText(path: string, name: string): Promise<SourceText> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new Error(`source text \`${name}\` does not exist`);
  }
  if (size > SOURCE_LIMIT)
    throw new Error(`source text \`${name}\` is ${size} bytes, over the limit of ${SOURCE_LIMIT}`);
  // Only a regular file is read (a pipe or a device would never end), and no more than the limit.
  const bytes = await readRegularFile(path, SOURCE_LIMIT, `source text \`${name}\``, {
    notFile: "Name a plain-text file.",
    tooLarge: "Shorten it.",
  });
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-" || bytes.includes(0)) {
    throw new Error(
      `source text \`${name}\` is not plain text; convert the paper first, e.g. \`pdftotext ` +
        `-layout paper.pdf paper.txt\``,
    );
  }
  return sourceText(bytes.toString("utf8"), name);
}

/** Indexes `text` (the source's words) under `name`. */
export function sourceText(text: string, name: string): SourceText {
  const figures: FigureIndex = {
    bare: new Set(),
    totals: new Set(),
    values: [],
    percents: new Set(),
    percentValues: [],
  };
  const add = (mantissa: number, scale: number, percent = false) => {
    if (percent) {
      figures.percents.add(numberKey(mantissa));
      figures.percentValues.push(mantissa);
    }
    if (scale === 1) figures.bare.add(numberKey(mantissa));
    figures.totals.add(numberKey(mantissa * scale));
    figures.values.push(mantissa * scale);
  };
  const found = findFigures(text);
  for (const figure of found)
    for (const q of figure.quantities) for (const s of q.scales) add(q.mantissa, s, q.percent);
  // Digits the brief's reading skips (names such as G20, words glued together by PDF extraction): bare numbers too.
  let next = 0;
  for (const m of text.matchAll(/\d+(?:\.\d+)?/g)) {
    while (next < found.length && found[next]!.end <= m.index) next++;
    const covered = next < found.length && found[next]!.start <= m.index;
    if (!covered) add(Number(m[0]), 1);
  }
  for (const n of findNumberWords(text)) add(n.mantissa, n.scale, n.percent);
  return { name, figures, quotes: quoteSource(text) };
}
