/**
 * The brand's fonts as CSS: embedded as data: URLs (--inline), named by the URLs the print page serves (PDF), else
 * linked under out/assets/.
 */
import type { BrandAssets } from "../load/brand-assets.js";
import type { FallbackFace } from "../load/font-coverage.js";

/**
 * `@font-face` rules: `served` names the brand's files by the URLs a print page serves (shared/served.ts), `inline`
 * embeds them as data: URLs, else they are linked relative to an edition page. Fallback subsets are always embedded.
 */
export function fontFaceCss(
  assets: BrandAssets,
  mode: { inline: boolean; served?: boolean | undefined },
  fallbacks: readonly FallbackFace[] = [],
): string {
  const url = (f: BrandAssets["fonts"][number]) =>
    mode.served ? f.servedUrl : mode.inline ? f.dataUrl : `../${f.outPath}`;
  const own = assets.fonts.map(
    (f) =>
      `@font-face{font-family:${cssFamily(f.family)};font-weight:${f.weight};font-style:${f.style};` +
      `font-display:block;src:url(${JSON.stringify(url(f))})}`,
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
