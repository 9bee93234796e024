/**
 * Figures in prose ("USD 245 billion", "4,200-kilometre", "37 per cent", "1991–99"), read the same way in a brief and
 * in its source.
 */

/** One number a figure states. */
export interface Quantity {
  /** The number as written, separators removed ("4,200" → 4200). */
  mantissa: number;
  /** The readings of the scale word after it: [1] for none, [1e9] for "billion", [1, 1e6] for an ambiguous "m". */
  scales: number[];
  /** The size of the last significant digit ("200" → 100, "2.5" → 0.1), for figures written as approximate. */
  unit: number;
  /** Preceded by "about", "nearly", "more than" and the like: any source figure that rounds to it will do. */
  approximate: boolean;
  /** Followed by "%", "per cent", "percent" or "percentage points": the source must give it as a percentage too. */
  percent: boolean;
}

/** A figure found in a text. */
export interface Figure {
  /** Index of its first character and one past its last, in the text searched. */
  start: number;
  end: number;
  /** As written, e.g. "245 billion" or "1991–99". */
  text: string;
  /** The numbers it states: one, or two for a range. */
  quantities: Quantity[];
}

const DIGITS = String.raw`\d{1,3}(?:[,\u00A0\u202F\u2009]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
/** A number not glued to a digit or to the digits before a decimal point or thousands separator. */
const NUMBER = new RegExp(String.raw`(?<![\p{N}])(?<!\d[.,])(?:${DIGITS})`, "gu");
const DASHES = "-‐‑‒–—−";
/** An unspaced range ("1991–99", "10-15"); a spaced dash is punctuation ("in 2024 – 37 per cent"). */
const RANGE = new RegExp(String.raw`^%?[${DASHES}](${DIGITS})(?![\p{L}\p{N}])`, "u");
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?!\d)/;
/** Scale words in English, and in French, Spanish and Portuguese (briefs in those languages cite the same figures). */
const SCALE_WORD =
  /^\s?(trillion|billion|million|thousand|tn|trn|bn|bln|mn|mln|milliards?|mds?|millions|mil millones|millones|millón|bilhões|bilhão|milhões|milhão)(?![\p{L}\p{N}])/iu;
const SCALE_LETTER = /^(m|k)(?![\p{L}\p{N}])/u;
/** A percentage sign or word after a number. */
export const PERCENT = /^\s?(?:%|per\s?cent(?![\p{L}])|percent(?!\p{L})|percentage points?(?!\p{L})|pc(?!\p{L}))/iu;
const SCALES: Record<string, number> = {
  trillion: 1e12,
  tn: 1e12,
  trn: 1e12,
  billion: 1e9,
  bn: 1e9,
  bln: 1e9,
  million: 1e6,
  mn: 1e6,
  mln: 1e6,
  thousand: 1e3,
  milliard: 1e9,
  milliards: 1e9,
  md: 1e9,
  mds: 1e9,
  millions: 1e6,
  "mil millones": 1e9,
  millones: 1e6,
  millón: 1e6,
  bilhões: 1e9,
  bilhão: 1e9,
  milhões: 1e6,
  milhão: 1e6,
  m: 1e6,
  k: 1e3,
};
/**
 * Word prefixes that make a figure of a year or a number ("mid-2024", "post-1991"); other letters-hyphen prefixes make
 * a name ("S-400", "COVID-19").
 */
const PREFIXES = new Set([
  "mid",
  "pre",
  "post",
  "early",
  "late",
  "end",
  "over",
  "under",
  "non",
  "anti",
  "sub",
  "top",
  "ex",
  "circa",
]);
/** Words that mark a figure as approximate. */
const APPROXIMATE =
  /(?:^|[^\p{L}])(?:about|around|roughly|nearly|almost|approximately|some|over|under|more than|less than|fewer than|up to|close to|at least|at most|upwards of|circa|c\.|ca\.|~|≈)\s*(?:US\$|USD|EUR|GBP|RMB|CNY|RUB|[$€£¥₽])?\s*$/iu;

/** Finds the figures in `text`. Numbers that are part of a name (G20, S-400, 5G, COVID-19) are not figures. */
export function findFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    const start = m.index;
    let end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 24), start);
    const prefix = /(\p{L}+)[‐‑-]$/u.exec(before);
    if (/\p{L}$/u.test(before) || (prefix && !PREFIXES.has(prefix[1]!.toLowerCase()))) continue;
    const date = ISO_DATE.exec(text.slice(start));
    if (date) {
      const quantities = date.slice(1, 4).map((d) => quantity(d, [1], false, false));
      figures.push({ start, end: start + date[0].length, text: date[0], quantities });
      NUMBER.lastIndex = start + date[0].length;
      continue;
    }
    const approximate = APPROXIMATE.test(before);
    const numbers = [m[0]];
    const range = RANGE.exec(text.slice(end));
    if (range) {
      numbers.push(expandYear(m[0], range[1]!));
      end += range[0].length;
    }
    const after = text.slice(end);
    const word = SCALE_WORD.exec(after);
    const letter = SCALE_LETTER.exec(after);
    let scales = [1];
    if (word) {
      scales = [SCALES[word[1]!.toLowerCase()]!];
      end += word[0].length;
    } else if (letter) {
      scales = [1, SCALES[letter[1]!]!]; // "12m" is 12 million or 12 metres
      end += letter[0].length;
    } else if (/^\p{Lu}/u.test(after)) {
      NUMBER.lastIndex = end;
      continue; // 5G, 3D: a name
    }
    const percent = PERCENT.exec(text.slice(end));
    if (percent) end += percent[0].length;
    figures.push({
      start,
      end,
      text: text.slice(start, end),
      quantities: numbers.map((n) => quantity(n, scales, approximate, percent !== null)),
    });
    NUMBER.lastIndex = end;
  }
  return figures;
}

/** "1991" and "99" → "1999"; "1999" and "01" → "2001"; anything else unchanged. */
function expandYear(first: string, second: string): string {
  if (!/^\d{4}$/.test(first) || !/^\d{1,2}$/.test(second)) return second;
  const century = Math.floor(Number(first) / 100) * 100;
  let year = century + Number(second);
  if (year < Number(first)) year += 100;
  return String(year);
}

function quantity(written: string, scales: number[], approximate: boolean, percent: boolean): Quantity {
  const plain = written.replace(/[,\u00A0\u202F\u2009]/g, "");
  const decimals = /\.(\d+)$/.exec(plain)?.[1]?.length ?? 0;
  const zeros = decimals === 0 ? /0*$/.exec(plain)![0].length : 0;
  const unit = decimals > 0 ? 10 ** -decimals : 10 ** Math.min(zeros, plain.length - 1);
  return { mantissa: Number(plain), scales, unit, approximate, percent };
}

/** A stable key for a number (no float noise). */
export function numberKey(n: number): string {
  return String(Number(n.toPrecision(12)));
}
