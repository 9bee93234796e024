/** Quotations in prose (“…” or "…") and whether each appears word for word in a source, typography aside. */

/** A quotation found in a text. */
export interface Quotation {
  /** Index of the opening mark and one past the closing mark. */
  start: number;
  end: number;
  /** The words inside the marks. */
  text: string;
}

/** A source text prepared for quotation look-ups. */
export interface QuoteSource {
  /** The text normalised as written, and again with words broken across lines ("inconceiv-\nable") joined. */
  variants: string[];
}

/**
 * Finds double-quoted passages: “curly” pairs and "straight" pairs. Single quotes are apostrophes or scare quotes, not
 * quotations.
 */
export function findQuotations(text: string): Quotation[] {
  const found: Quotation[] = [];
  let curly: number | undefined;
  let straight: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "“") curly = i;
    else if (ch === "”" && curly !== undefined) {
      found.push({ start: curly, end: i + 1, text: text.slice(curly + 1, i) });
      curly = undefined;
    } else if (ch === '"') {
      if (straight === undefined) straight = i;
      else {
        found.push({ start: straight, end: i + 1, text: text.slice(straight + 1, i) });
        straight = undefined;
      }
    }
  }
  return found.filter((q) => /\p{L}/u.test(q.text)).sort((a, b) => a.start - b.start);
}

/**
 * Typography-neutral text: compatibility forms (ligatures, "…") folded, soft hyphens dropped, curly quotes and
 * apostrophes straightened, every dash a hyphen (spaces around it dropped), whitespace runs one space. Case is kept.
 */
export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u00AD\u200B-\u200D\uFEFF]/g, "")
    .replace(/[“”„‟«»″"]/g, '"')
    .replace(/[‘’‚‛′`]/g, "'")
    .replace(/\.\s\.\s\./g, "...")
    .replace(/\s*[-‐‑‒–—―−]\s*/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}

/** Prepares `text` (a source paper) for {@link matchQuotation}. */
export function quoteSource(text: string): QuoteSource {
  const joined = text.replace(/(\p{Ll})[-\u00AD]\s*\r?\n\s*(\p{Ll})/gu, "$1$2");
  return { variants: [...new Set([normalise(text), normalise(joined)])] };
}

/** The result of looking a quotation up: found, or the words that were found before it diverged. */
export type QuoteMatch = { ok: true } | { ok: false; fragment: string; matched: string };

/**
 * Looks `quotation` up in `source`. An ellipsis ("…", "...", "[…]") or an editorial insertion in brackets
 * splits it into fragments that must each appear, in order; the first letter of a fragment may change case,
 * and punctuation at the ends of a fragment is ignored.
 */
export function matchQuotation(quotation: string, source: QuoteSource): QuoteMatch {
  const fragments = normalise(quotation)
    .split(/\s*(?:\.\.\.|\[[^\]]*\])\s*/)
    .map((f) => f.replace(/^[\s.,;:!?'"-]+|[\s.,;:!?'"-]+$/g, ""))
    .filter((f) => /[\p{L}\p{N}]/u.test(f));
  let best: QuoteMatch = { ok: false, fragment: fragments[0] ?? "", matched: "" };
  for (const hay of source.variants) {
    let from = 0;
    let failed: string | undefined;
    for (const fragment of fragments) {
      const at = findWords(hay, fragment, from);
      if (at < 0) {
        failed = fragment;
        break;
      }
      from = at + fragment.length;
    }
    if (failed === undefined) return { ok: true };
    const matched = longestPrefix(hay, failed);
    if (!best.ok && matched.length >= best.matched.length) best = { ok: false, fragment: failed, matched };
  }
  return best;
}

/** Index of `needle` in `hay` from `from`, on word boundaries; the needle's first letter may be either case. */
function findWords(hay: string, needle: string, from: number): number {
  const first = needle[0]!;
  const swapped = first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase();
  for (const n of [needle, swapped + needle.slice(1)]) {
    for (let at = hay.indexOf(n, from); at >= 0; at = hay.indexOf(n, at + 1)) {
      const before = hay[at - 1] ?? " ";
      const after = hay[at + n.length] ?? " ";
      const wordy = (c: string) => /[\p{L}\p{N}]/u.test(c);
      if ((!wordy(n[0]!) || !wordy(before)) && (!wordy(n[n.length - 1]!) || !wordy(after))) return at;
    }
  }
  return -1;
}

/** The longest run of whole words from the start of `fragment` that `hay` contains. */
function longestPrefix(hay: string, fragment: string): string {
  const words = fragment.split(" ");
  let matched = "";
  for (let n = 1; n <= words.length; n++) {
    const prefix = words.slice(0, n).join(" ");
    if (findWords(hay, prefix, 0) < 0) break;
    matched = prefix;
  }
  return matched;
}
