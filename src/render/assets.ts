/** The brand's fonts as CSS: embedded as data: URLs (PDF, --inline), else linked under out/assets/. */
import type { BrandAssets } from "../load/brand-assets.js";
import type { FallbackFace } from "../load/font-coverage.js";

/** `@font-face` rules; `inline` embeds the files as data: URLs, else they are linked relative to an edition page. */
export function fontFaceCss(assets: BrandAssets, inline: boolean, fallbacks: readonly FallbackFace[] = []): string {
  const own = assets.fonts.map(
    (f) =>
      `@font-face{font-family:${cssFamily(f.family)};font-weight:${f.weight};font-style:${f.style};` +
      `font-display:block;src:url(${JSON.stringify(inline ? f.dataUrl : `../${f.outPath}`)})}`,
  );
  return [...own, ...(fallbacks.length > 0 ? [fallbackFaceCss(fallbacks)] : [])].join("\n");
}

/**
 * `@font-face` rules for fallback subsets, always embedded (a page needs a few of a package's many files): the memos'
 * and the index pages'.
 */
export function fallbackFaceCss(fallbacks: readonly FallbackFace[]): string {
  return fallbacks
    .map(
      (f) =>
        `@font-face{font-family:${cssFamily(f.family)};font-weight:${f.weight};font-style:normal;` +
        `font-display:block;unicode-range:${f.unicodeRange};src:url(${JSON.stringify(f.dataUrl)})}`,
    )
    .join("\n");
}

/** A font family as a CSS string: JSON quoting, with `<` and `>` as CSS escapes (the style sheet sits in the page). */
function cssFamily(family: string): string {
  return JSON.stringify(family).replace(/[<>]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
}
