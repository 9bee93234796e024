/** A language's typography on plain text: its quotation marks and apostrophe, the spaces before punctuation. */
import { createRequire } from "node:module";
import type { Typography } from "../shared/model.js";

/** Whether a quotation is open, carried from one text node to the next within a block. */
export interface QuoteState {
  open: boolean;
}

const QUOTE = /["“”«»]/u;
const SPACE = /[ \u00a0\u202f]/u;

/** `text` with `t`'s quotation marks, apostrophe and spaces before punctuation; English (no typography) unchanged. */
export function typeset(text: string, t: Typography, state: QuoteState = { open: false }): string {
  let out = text;
  if (t.apostrophe) out = out.replace(/(?<=\p{L})'(?=\p{L})/gu, t.apostrophe);
  if (t.quotes) out = quotes(out, t.quotes, state);
  if (t.spaceBefore) {
    for (const [marks, space] of Object.entries(t.spaceBefore)) {
      const chars = [...marks].map((c) => c.replace(/[\]\\^-]/g, "\\$&")).join("");
      // After a letter, a digit or a closing mark, before a space or the end: never inside "12:30" or a URL.
      const pattern = new RegExp(`(?<=[\\p{L}\\p{N})\\]»”%])[ \\u00a0\\u202f]?([${chars}])(?=\\s|$|[»”)])`, "gu");
      out = out.replace(pattern, `${space}$1`);
    }
  }
  return out;
}

/** Quotation marks typed straight ("), curly (“ ”) or as guillemets become the language's, paired in order. */
function quotes(text: string, [open, close]: [string, string], state: QuoteState): string {
  if (!QUOTE.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!QUOTE.test(c)) {
      out += c;
      continue;
    }
    const opening = c === "“" || c === "«" || (c === '"' && !state.open);
    if (opening) {
      state.open = true;
      out += open;
      while (SPACE.test(text[i + 1] ?? "")) i++; // the language's own space follows the mark
    } else {
      state.open = false;
      out = out.replace(/[ \u00a0\u202f]+$/u, "") + close;
    }
  }
  return out;
}

const require = createRequire(import.meta.url);
type Hyphenate = (text: string, options: { hyphenChar: string; minWordLength: number }) => string;
const hyphenators = new Map<string, Hyphenate>();

/** `text` with soft hyphens (U+00AD) where `lang`'s TeX patterns allow a break, in words of 6 letters or more. */
export function hyphenate(text: string, lang: string): string {
  let h = hyphenators.get(lang);
  if (!h) {
    h = (require(`hyphen/${lang}`) as { hyphenateSync: Hyphenate }).hyphenateSync;
    hyphenators.set(lang, h);
  }
  return h(text, { hyphenChar: "\u00ad", minWordLength: 6 });
}
