/**
 * Which characters fonts cover (their character maps: font-cmap.ts, else fontkit), and the brand's fallback fonts an
 * edition needs: only the unicode-range subsets holding characters the brand's own fonts lack, read when first needed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Brand, FallbackFont } from "../shared/model.js";
import { LIMITS } from "../shared/options.js";
import { characterSetOf } from "./font-cmap.js";

/** fontkit, loaded only for a font file that font-cmap.ts does not read (80 ms here). */
function fontkit(): { create(buffer: Buffer): { characterSet: number[] } } {
  return createRequire(import.meta.url)("fontkit") as ReturnType<typeof fontkit>;
}

/** The code points a font file covers (its character map). */
export function coverageOf(bytes: Buffer): Set<number> {
  return new Set(characterSetOf(bytes) ?? fontkit().create(bytes).characterSet);
}

/** The code points the brand's own fonts cover, together (the fonts' bytes as loaded with the brand's assets). */
export function brandCoverage(fonts: ReadonlyArray<{ bytes: Buffer }>): Set<number> {
  return new Set(fonts.flatMap((f) => [...coverageOf(f.bytes)]));
}

/** Characters no font needs a glyph for: spaces, controls and format characters (soft hyphen, joiners, marks of direction). */
const INVISIBLE = /[\p{Z}\p{Cc}\p{Cf}]/u;

/** A fallback font's `@font-face`: one subset file at one weight, embedded. */
export interface FallbackFace {
  family: string;
  weight: number;
  unicodeRange: string;
  dataUrl: string;
}

/** The fallback faces an edition needs, the families they belong to, and the characters no font covers. */
export interface EditionFonts {
  faces: FallbackFace[];
  families: string[];
  missing: number[];
}

const bitmaps = new WeakMap<ReadonlySet<number>, Uint8Array>();

/** `covered` as a table indexed by code point (1: covered), made once per set. */
function bitmapOf(covered: ReadonlySet<number>): Uint8Array {
  let bitmap = bitmaps.get(covered);
  if (!bitmap) {
    bitmap = new Uint8Array(Math.max(0, ...covered) + 1);
    for (const cp of covered) bitmap[cp] = 1;
    bitmaps.set(covered, bitmap);
  }
  return bitmap;
}

const files = new Map<string, { dataUrl: string; coverage: Set<number> }>();

function fontFile(path: string): { dataUrl: string; coverage: Set<number> } {
  let f = files.get(path);
  if (!f) {
    const bytes = readFileSync(path);
    if (bytes.length > LIMITS.asset) throw new Error(`${path} is over ${LIMITS.asset} bytes.`);
    f = { dataUrl: `data:font/woff2;base64,${bytes.toString("base64")}`, coverage: coverageOf(bytes) };
    files.set(path, f);
  }
  return f;
}

/**
 * The fonts for `text`: every visible character the brand's own fonts (`covered`) lack is looked for in the brand's
 * fallbacks, in order, subset by subset; what none covers is `missing`.
 */
export function editionFonts(
  brand: Brand,
  covered: ReadonlySet<number>,
  text: string,
  { exact = false }: { exact?: boolean } = {},
): EditionFonts {
  let need = new Set<number>();
  const own = bitmapOf(covered);
  const seen = new Set<number>();
  // Code unit by code unit, the brand's own characters looked up in a table: this runs over every edition's text.
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (own[cp] === 1 || seen.has(cp)) continue;
    seen.add(cp);
    if (!INVISIBLE.test(String.fromCodePoint(cp))) need.add(cp);
  }
  const faces: FallbackFace[] = [];
  const families: string[] = [];
  for (const font of brand.fonts.fallbacks) {
    if (need.size === 0) break;
    const used = subsetsFor(font, need);
    if (used.length === 0) continue;
    families.push(font.family);
    for (const subset of used) {
      // `exact`: the face's unicode-range lists only the characters needed, for a page whose font stacks put the
      // fallbacks first (the index pages), so that no other character takes the fallback's glyph.
      const range = exact
        ? [...need]
            .filter((cp) => subset.ranges.some(([lo, hi]) => cp >= lo && cp <= hi))
            .sort((a, b) => a - b)
            .map((cp) => `U+${cp.toString(16)}`)
            .join(",")
        : subset.range;
      for (const weight of font.weights) {
        faces.push({
          family: font.family,
          weight,
          unicodeRange: range,
          dataUrl: fontFile(subset.files[weight]!).dataUrl,
        });
      }
    }
    need = new Set([...need].filter((cp) => !used.some((s) => fontFile(s.files[font.weights[0]!]!).coverage.has(cp))));
  }
  return { faces, families, missing: [...need].sort((a, b) => a - b) };
}

/** The subsets of `font` whose range holds one of `need` and whose file really covers it. */
function subsetsFor(font: FallbackFont, need: ReadonlySet<number>): FallbackFont["subsets"] {
  return font.subsets.filter((s) =>
    [...need].some(
      (cp) =>
        s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi) && fontFile(s.files[font.weights[0]!]!).coverage.has(cp),
    ),
  );
}
