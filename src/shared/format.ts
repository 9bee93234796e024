/**
 * Dates, lists, numbers and plural forms in a locale (Intl), each formatter made once per process: memos, the index
 * pages and `diff` write them the same way.
 */

/** "2025-07-01" → "July 1, 2025" (en-US) or "1 July 2025" (en-GB). */
export function formatDate(iso: string, locale: string): string {
  const key = `${locale}\0${iso}`;
  let formatted = formattedDates.get(key);
  if (formatted === undefined) formattedDates.set(key, (formatted = newFormatDate(iso, locale)));
  return formatted;
}

// Every memo prints two dates, mostly the same few: each is formatted once per process.
const formattedDates = new Map<string, string>();

function newFormatDate(iso: string, locale: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions =
    d !== undefined
      ? { dateStyle: "long", timeZone: "UTC" }
      : m !== undefined
        ? { year: "numeric", month: "long", timeZone: "UTC" }
        : { year: "numeric", timeZone: "UTC" };
  const key = `${locale}\0${d !== undefined ? "d" : m !== undefined ? "m" : "y"}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format.format(date);
}

// Intl formatters are slow to create (~0.4 ms each) and safe to reuse.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

/** ["A", "B", "C"] → "A, B and C" in the locale's way. */
export function formatList(items: readonly string[], locale: string): string {
  let format = listFormats.get(locale);
  if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { style: "long", type: "conjunction" })));
  return format.format(items);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** The locale's plain number format (its digits and grouping), made once per locale. */
export function numberFormat(locale: string): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The locale's plural category for `n` ("one", "other", …), its rules made once per locale. */
export function pluralOf(n: number, locale: string): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(n);
}
