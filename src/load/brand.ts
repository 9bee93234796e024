/** Load stage for the brand: `templates/brand.yml`, in the field names of the public brand.yml schema. */
import { dirname, join } from "node:path";
import { existsSync, readdirSync } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { z } from "zod";
import type { VFile } from "vfile";
import type { Brand, FallbackFont, FontFace } from "../shared/model.js";
import { LIMITS } from "../shared/options.js";
import { fail, didYouMean, suggest, warn, type Place } from "../shared/problems.js";
import { parseYaml, validateYaml } from "./yaml.js";
import { containedPath, isInside, readVFile } from "./files.js";
import { contrast, hasBold, hasItalic, MIN_CONTRAST, readableColour, TEXT_ROLES } from "./brand-checks.js";
import { messageOf } from "../shared/errors.js";
import { packFor, packHint } from "./language-packs.js";

const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
/** A palette name: a CSS identifier, used in `--color-<name>`. */
const CSS_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** A font family name: words, nothing that could end a CSS string or rule. */
const FAMILY = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,99}$/u;
const length = z.string().regex(/^\d+(\.\d+)?(mm|cm|in|pt|px)$/, "a CSS length such as 20mm or 0.75in");
const fontFile = z.strictObject({
  path: z.string().min(1),
  weight: z.union([z.int(), z.enum(["normal", "bold"])]).default(400),
  style: z.enum(["normal", "italic"]).default("normal"),
});

/** The schema of brand.yml (the subset this tool reads; unknown keys are errors). */
export const brandSchema = z.strictObject({
  meta: z.strictObject({
    name: z.union([z.string(), z.strictObject({ full: z.string(), short: z.string().optional() })]),
    link: z.url({ protocol: /^https?$/ }).optional(),
  }),
  logo: z.strictObject({
    images: z.record(
      z.string(),
      z.strictObject({ path: z.string(), alt: z.string().min(1, "describe the logo for screen readers") }),
    ),
    small: z.string().optional(),
    medium: z.string().optional(),
    large: z.string().optional(),
  }),
  color: z.strictObject({
    palette: z.record(z.string(), z.string().regex(HEX, "a hex colour such as #1f2a44")).default({}),
    foreground: z.string().optional(),
    background: z.string().optional(),
    primary: z.string().optional(),
    secondary: z.string().optional(),
    tertiary: z.string().optional(),
    light: z.string().optional(),
    dark: z.string().optional(),
  }),
  typography: z.strictObject({
    fonts: z
      .array(
        z.strictObject({
          family: z.string(),
          source: z
            .enum(["file"], {
              error:
                "only `file` is supported: fonts are embedded in the PDF, since a system font differs from machine " +
                "to machine and a memo never fetches one from the web. Write `source: file` and list the font's " +
                "files under `files:` — in templates/ or of an npm package, e.g. `npm install @fontsource/inter`, " +
                'then `{ path: "@fontsource/inter/files/inter-latin-400-normal.woff2", weight: 400 }`',
            })
            .default("file"),
          files: z.array(fontFile).min(1),
        }),
      )
      .min(1),
    base: z.strictObject({ family: z.string() }),
    headings: z.strictObject({ family: z.string() }).optional(),
    fallbacks: z
      .array(
        z.strictObject({
          family: z.string(),
          package: z
            .string()
            .regex(/^@fontsource\/[a-z0-9-]+$/, "expected an @fontsource package such as @fontsource/noto-serif-sc"),
          weights: z
            .array(z.union([z.literal(400), z.literal(500), z.literal(600), z.literal(700)]))
            .min(1)
            .default([400, 700]),
        }),
      )
      .default([]),
  }),
  defaults: z
    .strictObject({
      brief: z
        .strictObject({
          margins: z.strictObject({ top: length, right: length, bottom: length, left: length }).optional(),
          budgets: z
            .strictObject({ pages: z.int().positive().optional(), words: z.int().positive().optional() })
            .optional(),
        })
        .default({}),
      // The language of the index and compare pages (a language pack's tag); English when absent.
      index: z
        .strictObject({ lang: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "a language tag such as fr") })
        .optional(),
    })
    .default({ brief: {} }),
});

const COLOR_ROLES = ["foreground", "background", "primary", "secondary", "tertiary", "light", "dark"] as const;
const DEFAULT_COLORS: Record<string, string> = {
  foreground: "#1a1a1a",
  background: "#ffffff",
  primary: "#1f3a5f",
  secondary: "#5a6b7d",
  tertiary: "#8a6d3b",
  light: "#eef2f6",
  dark: "#0f1f33",
};

/**
 * Reads and validates brand.yml; problems are reported on the returned file. With `packIds` (the language packs),
 * `defaults.index.lang` must name one of them.
 */
export async function loadBrand(
  root: string,
  templatesDir: string,
  packIds?: readonly string[],
): Promise<{ brand?: Brand; file: VFile }> {
  const path = join(templatesDir, "brand.yml");
  const file = await readVFile(root, path, LIMITS.yaml);
  const yaml = parseYaml(file, String(file.value));
  const data = yaml && validateYaml(file, yaml, brandSchema, "brand.yml");
  if (!yaml || !data) return { file };

  const colors: Record<string, string> = { ...DEFAULT_COLORS };
  for (const role of COLOR_ROLES) {
    const value = data.color[role];
    if (value === undefined) continue;
    if (HEX.test(value)) colors[role] = value;
    else if (data.color.palette[value]) colors[role] = data.color.palette[value]!;
    else
      fail(
        file,
        `Unknown colour \`${value}\` for \`color.${role}\`.${didYouMean(value, Object.keys(data.color.palette))} ` +
          `Use a name from \`color.palette\` (${Object.keys(data.color.palette).join(", ")}) ` +
          `or a hex value such as #1f3a5f.`,
        yaml.locate(["color", role]),
        "brand-color",
      );
  }
  for (const [name, hex] of Object.entries(data.color.palette)) {
    // Palette names become CSS custom properties (--color-<name>) and family names CSS strings: no markup, quotes
    // or escapes.
    if (!CSS_NAME.test(name))
      fail(
        file,
        `Colour name \`${name}\` in \`color.palette\` is not usable in CSS. Use letters, digits, \`-\` and \`_\`, ` +
          `starting with a letter (e.g. \`navy\`).`,
        yaml.locate(["color", "palette", name], "key"),
        "brand-color",
      );
    colors[name] ??= hex;
  }
  for (const [i, font] of data.typography.fonts.entries()) {
    if (!FAMILY.test(font.family))
      fail(
        file,
        `Font family \`${font.family}\` may only use letters, digits, spaces, \`.\`, \`_\` and \`-\` (it is ` +
          `written into the memo's CSS). Rename it, e.g. \`Source Serif 4\`.`,
        yaml.locate(["typography", "fonts", i, "family"]),
        "brand-font",
      );
  }

  const faces: FontFace[] = [];
  for (const [i, font] of data.typography.fonts.entries()) {
    for (const [j, f] of font.files.entries()) {
      try {
        const file_ = f.path.startsWith("@")
          ? await packageFile(root, f.path)
          : await containedPath(templatesDir, templatesDir, f.path, "Font file");
        await checkAsset(file_, `Font file \`${f.path}\``);
        faces.push({
          family: font.family,
          weight: f.weight === "bold" ? 700 : f.weight === "normal" ? 400 : f.weight,
          style: f.style,
          file: file_,
        });
      } catch (error) {
        fail(file, messageOf(error), yaml.locate(["typography", "fonts", i, "files", j, "path"]), "brand-font");
      }
    }
  }
  const fallbacks: FallbackFont[] = [];
  for (const [i, font] of data.typography.fallbacks.entries()) {
    if (!FAMILY.test(font.family))
      fail(
        file,
        `Font family \`${font.family}\` may only use letters, digits, spaces, \`.\`, \`_\` and \`-\`.`,
        yaml.locate(["typography", "fallbacks", i, "family"]),
        "brand-font",
      );
    try {
      const unicode = await packageFile(root, `${font.package}/unicode.json`);
      const ranges = JSON.parse(await readFile(unicode, "utf8")) as Record<string, string>;
      const base = font.package.split("/")[1]!;
      const subsets = Object.entries(ranges).map(([key, range]) => {
        const token = key.replace(/^\[|\]$/g, "");
        return {
          range,
          ranges: parseRanges(range),
          file: (w: number) => join(dirname(unicode), "files", `${base}-${token}-${w}-normal.woff2`),
        };
      });
      fallbacks.push({
        family: font.family,
        weights: font.weights,
        unicodeJson: unicode,
        subsets: subsets.map((s) => ({
          range: s.range,
          ranges: s.ranges,
          files: Object.fromEntries(font.weights.map((w) => [w, s.file(w)])),
        })),
      });
    } catch (error) {
      fail(file, messageOf(error), yaml.locate(["typography", "fallbacks", i, "package"]), "brand-font");
    }
  }
  const families = data.typography.fonts.map((f) => f.family);
  for (const role of ["base", "headings"] as const) {
    const family = data.typography[role]?.family;
    if (family && !families.includes(family))
      fail(
        file,
        `\`typography.${role}.family: ${family}\`` +
          ` is not one of the fonts listed in \`typography.fonts\`.${didYouMean(family, families)}`,
        yaml.locate(["typography", role, "family"]),
        "brand-font",
      );
  }

  const logoKey = data.logo.medium ?? data.logo.large ?? data.logo.small ?? Object.keys(data.logo.images)[0];
  const image = logoKey ? data.logo.images[logoKey] : undefined;
  let logoFile = "";
  if (!image)
    fail(
      file,
      `\`logo.medium\` names \`${logoKey}\`` +
        `, which is not in \`logo.images\`.${didYouMean(String(logoKey), Object.keys(data.logo.images))}`,
      yaml.locate(["logo", "medium"]),
      "brand-logo",
    );
  else {
    try {
      logoFile = await containedPath(templatesDir, templatesDir, image.path, "Logo");
      await checkAsset(logoFile, `Logo \`${image.path}\``);
      if (!/\.(svg|png)$/i.test(logoFile))
        fail(
          file,
          "The logo must be an SVG or PNG file.",
          yaml.locate(["logo", "images", logoKey!, "path"]),
          "brand-logo",
        );
    } catch (error) {
      fail(file, messageOf(error), yaml.locate(["logo", "images", logoKey!, "path"]), "brand-logo");
    }
  }
  checkContrast(file, yaml.locate, data.color, colors);
  for (const role of ["base", "headings"] as const) {
    const family = data.typography[role]?.family;
    const at = data.typography.fonts.findIndex((f) => f.family === family);
    if (family && at !== -1) checkFaces(file, yaml.locate(["typography", "fonts", at, "family"]), faces, family, role);
  }
  if (file.messages.some((m) => m.fatal)) return { file };
  const indexLang = data.defaults.index?.lang ?? "en";
  if (packIds && packFor(indexLang, packIds) === undefined)
    // The index pages then stay English: the brand is still returned, and the build fails at its end.
    fail(
      file,
      `No language pack for \`defaults.index.lang: ${indexLang}\` (the language of out/index.html and the compare ` +
        `pages).${packHint(indexLang, packIds)}`,
      yaml.locate(["defaults", "index", "lang"]),
      "index-lang",
    );

  const name = typeof data.meta.name === "string" ? { full: data.meta.name, short: data.meta.name } : data.meta.name;
  const brief = data.defaults.brief;
  const brand: Brand = {
    name: name.full,
    shortName: name.short ?? name.full,
    url: data.meta.link,
    logo: { file: logoFile, alt: image!.alt },
    colors,
    fonts: {
      body: data.typography.base.family,
      headings: data.typography.headings?.family ?? data.typography.base.family,
      faces,
      fallbacks,
    },
    indexLang,
    defaults: {
      margins: brief.margins ?? { top: "22mm", right: "20mm", bottom: "22mm", left: "20mm" },
      pages: brief.budgets?.pages,
      words: brief.budgets?.words,
    },
    files: [path, logoFile, ...faces.map((f) => f.file), ...fallbacks.map((f) => f.unicodeJson)],
  };
  return { brand, file };
}

/** Text colours need a contrast of {@link MIN_CONTRAST} on the background (and the foreground on the BLUF's `light`). */
function checkContrast(
  file: VFile,
  locate: (path: readonly PropertyKey[]) => Place,
  color: { background?: string | undefined; light?: string | undefined } & Record<string, unknown>,
  colors: Record<string, string>,
): void {
  const pairs: [role: string, on: "background" | "light", what: string][] = [
    ...Object.entries(TEXT_ROLES).map(([role, what]) => [role, "background", what] as [string, "background", string]),
    ["foreground", "light", "the bottom line up front, on the `light` panel"],
  ];
  for (const [role, on, what] of pairs) {
    const [fg, bg] = [colors[role]!, colors[on]!];
    const ratio = contrast(fg, bg);
    if (ratio >= MIN_CONTRAST) continue;
    const set = color[role] !== undefined ? role : color[on] !== undefined ? on : role;
    fail(
      file,
      `\`color.${role}\` (${fg}, ${what}) has a contrast of ${ratio.toFixed(2)}:1 on \`${on}\` (${bg}); text needs ` +
        `at least ${MIN_CONTRAST}:1 to be readable (WCAG AA). Use a darker colour such as ${readableColour(fg, bg)}` +
        `${on === "light" ? ", or a paler `light`" : ""}.`,
      locate(["color", set]),
      "brand-contrast",
    );
  }
}

/** A font used for text needs a bold face (and the body an italic one), else Chromium fakes it without a word. */
function checkFaces(file: VFile, place: Place, faces: FontFace[], family: string, role: "base" | "headings"): void {
  const sample = faces.find((f) => f.family === family);
  const variant = /-\d00-(normal|italic)\.woff2$/;
  const like = (weight: number, style: string) => {
    if (!sample || !variant.test(sample.file)) return "";
    const path = sample.file.replace(/^.*node_modules\//, "").replace(variant, `-${weight}-${style}.woff2`);
    return ` (e.g. \`${path}\`)`;
  };
  if (!hasBold(faces, family))
    warn(
      file,
      `Font \`${family}\` (typography.${role}) has no bold face (weight 600 or more): Chromium fakes bold text ` +
        `(headings, **strong**) by smearing the regular one. Add its bold file under \`files:\` with ` +
        `\`weight: 700\`${like(700, "normal")}.`,
      place,
      "brand-font-weight",
    );
  if (role === "base" && !hasItalic(faces, family))
    warn(
      file,
      `Font \`${family}\` (typography.base) has no italic face: Chromium slants the upright one for *emphasis*, ` +
        `subtitles and quotations. Add its italic file under \`files:\` with \`style: italic\`${like(400, "italic")}.`,
      place,
      "brand-font-weight",
    );
}

/** "U+0600-06ff,U+0750" → [[0x600, 0x6ff], [0x750, 0x750]]. */
function parseRanges(text: string): Array<[number, number]> {
  return text.split(",").map((part) => {
    const [lo, hi] = part.trim().replace(/^U\+/i, "").split("-");
    return [parseInt(lo!, 16), parseInt(hi ?? lo!, 16)];
  });
}

/** Resolves a file of an installed npm package (`@fontsource/x/files/y.woff2`): the project's first, else the tool's. */
async function packageFile(root: string, specifier: string): Promise<string> {
  if (/(^|[/\\])\.\.?([/\\]|$)|\\|\0/.test(specifier))
    throw new Error(
      `Font file \`${specifier}\` must name a file inside its package, without \`..\` or \`.\` segments.`,
    );
  const bases = [join(root, "package.json"), import.meta.url];
  const parts = specifier.split("/");
  for (const base of bases) {
    let file: string;
    try {
      file = createRequire(base).resolve(specifier);
    } catch {
      continue; // try the next place
    }
    await insidePackage(base, specifier, parts.slice(0, specifier.startsWith("@") ? 2 : 1).join("/"), file);
    return file;
  }
  const pkg = parts.slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
  const inside = parts.slice(specifier.startsWith("@") ? 2 : 1);
  for (const base of bases) {
    let pkgDir: string;
    try {
      pkgDir = dirname(createRequire(base).resolve(`${pkg}/package.json`));
    } catch {
      continue;
    }
    // The package is installed but has no such file: a typo in the file name.
    const folder = [pkg, ...inside.slice(0, -1)].join("/");
    const names = existsSync(join(pkgDir, ...inside.slice(0, -1)))
      ? readdirSync(join(pkgDir, ...inside.slice(0, -1)))
      : [];
    const near = suggest(inside[inside.length - 1] ?? "", names);
    const hint = near ? ` Did you mean \`${folder}/${near}\`?` : "";
    throw new Error(
      `Font file \`${specifier}\` does not exist in the installed package ${pkg}.${hint} ` +
        `Fix the file name (the package's files are in node_modules/${folder}/).`,
    );
  }
  throw new Error(
    `Font file \`${specifier}\` is not installed: the package ${pkg} is missing. Run ` +
      `\`npm ci\` (or \`npm install ${pkg}\` to add it to the project).`,
  );
}

/**
 * Refuses a package file (`file`, as Node resolved it, links followed) that is not inside the package folder where
 * Node found `pkg` for `base` (a node_modules folder), links followed too: a linked package or file cannot lead out.
 */
async function insidePackage(base: string, specifier: string, pkg: string, file: string): Promise<void> {
  const modules = (createRequire(base).resolve.paths(specifier) ?? []).find((dir) => existsSync(join(dir, pkg)));
  const realFile = await realpath(file);
  const [realModules, realFolder] = modules ? await Promise.all([realpath(modules), realpath(join(modules, pkg))]) : [];
  if (!realModules || !realFolder || !isInside(realModules, realFolder) || !isInside(realFolder, realFile)) {
    throw new Error(
      `Font file \`${specifier}\` leads outside its package in node_modules (a link to ${realFile}). Reinstall ` +
        `the package (\`npm ci\`), or copy the font into templates/.`,
    );
  }
}

/** Refuses a logo or font that is not a regular file (a folder, device or pipe) or is over {@link LIMITS.asset}. */
async function checkAsset(path: string, what: string): Promise<void> {
  const info = await stat(path);
  if (!info.isFile())
    throw new Error(`${what} is not a regular file (a folder, device or pipe). Point it at a font or image file.`);
  if (info.size > LIMITS.asset)
    throw new Error(
      `${what} is ${info.size} bytes, over the limit of ${LIMITS.asset}. Use a smaller file (fonts subset to the ` +
        `scripts you print are well under 1 MB).`,
    );
}
