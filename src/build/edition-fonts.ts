/**
 * Fonts for one edition: the characters it prints, the brand's fallback faces they need, and an error at the
 * brief's line and column for a character no font covers (before anything is printed: no empty boxes, no system font).
 */
import type { VFile } from "vfile";
import type { Audience, Brand, Brief } from "../shared/model.js";
import { fail } from "../shared/problems.js";
import { editionFonts, type EditionFonts } from "../load/font-coverage.js";
import { numberFormat } from "../shared/format.js";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/**
 * The text a rendered page prints: its body without tags, character references decoded; endnotes' back-links (↩)
 * are left out, as print hides them.
 */
export function printedText(html: string): string {
  return html
    .slice(Math.max(0, html.indexOf("<body")))
    .replace(/<a [^>]*data-footnote-backref[^>]*>[\s\S]*?<\/a>/g, "")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) =>
      ref[0] === "#"
        ? String.fromCodePoint(ref[1]!.toLowerCase() === "x" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)))
        : (ENTITIES[ref] ?? whole),
    );
}

/**
 * The fallback fonts `html` (an edition of `brief` for `audience`) needs; undefined when a character is in no font,
 * each such character then an error on the brief's file at its first place (at most five).
 */
export function fontsForEdition(
  html: string,
  brief: Brief,
  audience: Audience,
  brand: Brand,
  covered: ReadonlySet<number>,
): EditionFonts | undefined {
  // The running header and footer are in the style sheet, not the body; page numbers in the locale's digits.
  const digits = numberFormat(audience.locale).format(1234567890);
  const margins = [brief.meta.shortTitle, audience.edition, audience.messages.page, brand.shortName, digits].join(" ");
  const fonts = editionFonts(brand, covered, `${printedText(html)} ${margins}`);
  if (fonts.missing.length === 0) return fonts;
  const own = [...new Set(brand.fonts.faces.map((f) => f.family))].join(", ");
  const fallbacks = brand.fonts.fallbacks.map((f) => f.family).join(", ") || "none";
  for (const cp of fonts.missing.slice(0, 5)) {
    const char = String.fromCodePoint(cp);
    fail(
      brief.file,
      `Character “${char}” (U+${cp.toString(16).toUpperCase().padStart(4, "0")}) is in none of the brand's fonts ` +
        `(${own}; fallbacks: ${fallbacks}), so the ${audience.id} edition would print it as an empty box or in a ` +
        `system font.${placeOf(brief.file, char) ? "" : " It comes from the templates or the language pack."} Add ` +
        `a font that covers it under \`typography.fallbacks\` in templates/brand.yml (an @fontsource package), or ` +
        `replace the character.`,
      placeOf(brief.file, char),
      "missing-glyph",
    );
  }
  return undefined;
}

function placeOf(file: VFile, char: string): { line: number; column: number } | undefined {
  const text = String(file.value);
  const at = text.indexOf(char);
  if (at === -1) return undefined;
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
