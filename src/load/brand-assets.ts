/**
 * Load stage for the brand's fonts and logo: read once per build, as data: URLs (PDF, --inline) and bytes for
 * out/assets/.
 */
import { basename, extname } from "node:path";
import type { Brand } from "../shared/model.js";
import { LIMITS } from "../shared/options.js";
import { servedUrlOf, type ServedFile } from "../shared/served.js";
import { readRegularFile } from "./files.js";

/** One asset: its bytes and the ways a page can refer to it. */
export interface Asset {
  /** Path under out/, e.g. "assets/fonts/x.woff2". */
  outPath: string;
  dataUrl: string;
  /** The URL a print page loads it from (shared/served.ts): named by its content, so the same bytes, the same URL. */
  servedUrl: string;
  /** Its content type. */
  type: string;
  bytes: Buffer;
}

/** Every asset of the brand. */
export interface BrandAssets {
  logo: Asset;
  fonts: Array<Asset & { family: string; weight: number; style: string }>;
}

const MIME: Record<string, string> = {
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
};

async function asset(file: string, dir: string): Promise<Asset> {
  // Checked when brand.yml was loaded; checked again here, on the handle that is read (no pipe, device or huge file).
  const bytes = await readRegularFile(file, LIMITS.asset, file, {
    notFile: "Point brand.yml at a font or image file.",
    tooLarge: "Use a smaller file.",
  });
  const ext = extname(file).toLowerCase();
  const mime = MIME[ext] ?? "application/octet-stream";
  return {
    outPath: `assets/${dir}${basename(file)}`,
    dataUrl: `data:${mime};base64,${bytes.toString("base64")}`,
    servedUrl: servedUrlOf(bytes, ext),
    type: mime,
    bytes,
  };
}

/** Reads the brand's logo and font files. */
export async function loadBrandAssets(brand: Brand): Promise<BrandAssets> {
  const [logo, ...fonts] = await Promise.all([
    asset(brand.logo.file, ""),
    ...brand.fonts.faces.map((f) => asset(f.file, "fonts/")),
  ]);
  return {
    logo: logo!,
    fonts: fonts.map((a, i) => ({
      ...a,
      family: brand.fonts.faces[i]!.family,
      weight: brand.fonts.faces[i]!.weight,
      style: brand.fonts.faces[i]!.style,
    })),
  };
}

/** The brand's fonts as a print page serves them, by their served URLs. */
export function servedFonts(assets: BrandAssets): Map<string, ServedFile> {
  return new Map(assets.fonts.map((f) => [f.servedUrl, { bytes: f.bytes, type: f.type }]));
}
