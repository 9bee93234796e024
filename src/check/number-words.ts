/** Numbers a source spells out ("twenty years", "two hundred and forty-five billion", "twenty-first century"). */
import { PERCENT } from "./figures.js";

const UNITS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ORDINAL_UNITS = [
  "zeroth",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
];
const ORDINAL_TENS = [
  "",
  "",
  "twentieth",
  "thirtieth",
  "fortieth",
  "fiftieth",
  "sixtieth",
  "seventieth",
  "eightieth",
  "ninetieth",
];
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

const VALUES = new Map<string, number>([
  ...UNITS.map((w, i) => [w, i] as const),
  ...TENS.map((w, i) => [w, i * 10] as const),
  ...ORDINAL_UNITS.map((w, i) => [w, i] as const),
  ...ORDINAL_TENS.map((w, i) => [w, i * 10] as const),
  ["dozen", 12],
]);
VALUES.delete("");

const WORD = `(?:${[...VALUES.keys(), ...Object.keys(SCALES)].sort((a, b) => b.length - a.length).join("|")})`;
const RUN = new RegExp(`\\b${WORD}(?:(?:[\\s-]+(?:and\\s+)?)${WORD})*\\b`, "giu");

/** A spelled-out number: its value and the scale word it ends with (1 when none). */
export interface SpelledNumber {
  value: number;
  mantissa: number;
  scale: number;
  /** Followed by "per cent" or the like. */
  percent: boolean;
}

/** Every spelled-out number in `text`. */
export function findNumberWords(text: string): SpelledNumber[] {
  const found: SpelledNumber[] = [];
  for (const m of text.matchAll(RUN)) {
    const words = m[0]
      .toLowerCase()
      .split(/[\s-]+/)
      .filter((w) => w !== "and");
    let total = 0;
    let current = 0;
    let scale = 1;
    for (const w of words) {
      const s = SCALES[w];
      if (s === 100) current = (current || 1) * 100;
      else if (s !== undefined) {
        total += (current || 1) * s;
        current = 0;
      } else current += VALUES.get(w) ?? 0;
      scale = s !== undefined && s > 100 ? s : 1;
    }
    const value = total + current;
    const percent = PERCENT.test(text.slice(m.index + m[0].length));
    found.push({ value, mantissa: scale > 1 ? value / scale : value, scale, percent });
  }
  return found;
}
