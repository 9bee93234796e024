/**
 * rehype plugin: the typography of the brief's language on its text (quotation marks, apostrophes, spaces before
 * punctuation) and soft hyphens from TeX patterns; code, links' addresses and headings are never hyphenated, and text
 * marked with its own `lang` (a quotation's original) is left as written.
 */
import type { Root, Element, ElementContent } from "hast";
import type { Typography } from "../../shared/model.js";
import { hyphenate, typeset, type QuoteState } from "../typography.js";

/** Options of {@link rehypeBriefTypography}. */
export interface Options {
  typography: Typography;
}

const BLOCK = /^(p|li|h[1-6]|td|th|blockquote|figcaption|dt|dd|summary|caption)$/;
const VERBATIM = /^(code|pre|kbd|samp|script|style)$/;
const NO_HYPHENS = /^(h[1-6]|a|sup|th)$/;

/** The plugin: a no-op for a language without typography (English). */
export default function rehypeBriefTypography({ typography }: Options) {
  const active = Object.values(typography ?? {}).some((v) => v !== undefined);
  return (tree: Root) => {
    if (!active) return;
    const walk = (node: Root | Element, state: QuoteState, hyphens: boolean): void => {
      for (const child of node.children as ElementContent[]) {
        if (child.type === "text") {
          let value = typeset(child.value, typography, state);
          if (hyphens && typography.hyphenation) value = hyphenate(value, typography.hyphenation);
          child.value = value;
        } else if (child.type === "element" && !VERBATIM.test(child.tagName) && child.properties?.lang === undefined) {
          walk(child, BLOCK.test(child.tagName) ? { open: false } : state, hyphens && !NO_HYPHENS.test(child.tagName));
        }
      }
    };
    walk(tree, { open: false }, true);
  };
}
