/** The brand's fonts as CSS: embedded as data: URLs (PDF, --inline), else linked under out/assets/. */
import type { BrandAssets } from "../load/brand-assets.js";

/** `@font-face` rules; `inline` embeds the files as data: URLs, else they are linked relative to an edition page. */
export function fontFaceCss(assets: BrandAssets, inline: boolean): string {
  return assets.fonts
    .map(
      (f) =>
        `@font-face{font-family:${JSON.stringify(f.family)};font-weight:${f.weight};font-style:${f.style};` +
        `font-display:block;src:url(${JSON.stringify(inline ? f.dataUrl : `../${f.outPath}`)})}`,
    )
    .join("\n");
}
