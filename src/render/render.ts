/** Render stage: Handlebars layout + partials of an audience, strict, with only the sanitized body unescaped. */
import { relative } from "node:path";
import Handlebars from "handlebars";
import { editionMarking, type Audience, type Brand, type Brief } from "../shared/model.js";
import type { EditionBody } from "../transform/transform.js";
import { InputError, messageOf } from "../shared/errors.js";
import { fontFaceCss } from "./assets.js";
import { darkSchemeCss } from "./dark.js";
import type { BrandAssets } from "../load/brand-assets.js";
import type { EditionFonts } from "../load/font-coverage.js";
import { formatDate, formatList, numberFormat } from "../shared/format.js";
import type { Messages } from "../shared/model.js";
import { didYouMean } from "../shared/problems.js";
import { readTemplateFile } from "../load/files.js";
import { firstUnescaped } from "./unescaped.js";
import { typeset } from "../transform/typography.js";

/** Renders editions of one audience: templates are read and compiled once. */
export interface Renderer {
  /** `fonts`: the fallback faces the edition needs (embedded, with their unicode-range) and their families. */
  render(brief: Brief, body: EditionBody, mode: RenderMode, fonts?: EditionFonts): string;
}

/** Links of the web edition (the HTML artefact), shown above the memo; never in the HTML a PDF is printed from. */
export interface WebLinks {
  /** The index page, relative to the memo. */
  index: string;
  /** This edition's PDF, when the build makes one. */
  pdf?: string | undefined;
  /** The brief's compare page, when it has more than one edition. */
  compare?: string | undefined;
  /** Every edition of the brief (this one marked `current`). */
  editions: { href: string; name: string; current: boolean }[];
}

/** How to render: fonts and logo inlined or linked; with the web edition's links or (for print) without. */
export interface RenderMode {
  inline: boolean;
  /** For print: the brand's fonts by the URLs the print page serves (shared/served.ts), not as data: URLs. */
  served?: boolean | undefined;
  web?: WebLinks | undefined;
}

/** Quotes `text` as a CSS string (for `content:` in page margin boxes). */
export function cssString(text: string): string {
  return `"${text
    .replace(/[\\"]/g, "\\$&")
    .replace(/[\n\r\f]/g, " ")
    .replace(/[<>]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/** A compiled template, the partials it names (with their lines) and its path for messages. */
interface Compiled {
  name: string;
  template: Handlebars.TemplateDelegate;
  partials: Array<{ partial: string; line: number }>;
}

function compile(env: typeof Handlebars, root: string, file: string): Compiled {
  const source = readTemplateFile(root, file);
  const name = relative(root, file);
  let ast: hbs.AST.Program;
  try {
    ast = env.parse(source);
  } catch (error) {
    const m = /line (\d+)/.exec(messageOf(error));
    const line = m ? Number(m[1]) : undefined;
    const detail = messageOf(error).split("\n").slice(1).join("\n");
    throw new InputError(
      `${name}${line ? `:${line}` : ""}: Handlebars syntax error. Fix the template.\n${detail}`,
      name,
      line,
    );
  }
  const raw = firstUnescaped(ast);
  if (raw !== undefined)
    throw new InputError(
      `${name}:${raw}: triple braces \`{{{ }}}\` (unescaped output) are not allowed in templates: only the memo ` +
        `body is printed unescaped, as \`{{body}}\`. Use double braces.`,
      name,
      raw,
    );
  const partials: Compiled["partials"] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as {
      type?: string;
      name?: { original?: unknown; type?: string };
      loc?: { start: { line: number } };
    };
    if (
      (n.type === "PartialStatement" || n.type === "PartialBlockStatement") &&
      n.name?.type !== "SubExpression" &&
      typeof n.name?.original === "string"
    ) {
      partials.push({ partial: n.name.original, line: n.loc?.start.line ?? 0 });
    }
    for (const value of Object.values(node)) if (value && typeof value === "object" && value !== n.loc) walk(value);
  };
  walk(ast);
  const template = env.compile(source, { strict: true, preventIndent: true, knownHelpersOnly: false });
  // An error inside this template carries its path, so that a failing partial is named, not the layout.
  const tagged = ((context: unknown, options?: Handlebars.RuntimeOptions) => {
    try {
      return template(context, options);
    } catch (error) {
      if (error instanceof Error && !(error as { template?: string }).template)
        Object.assign(error, { template: name });
      throw error;
    }
  }) as Handlebars.TemplateDelegate;
  return { name, template: tagged, partials };
}

/** Compiles the layout and partials of `audience` (its chain resolved) into a renderer. */
export function createRenderer(root: string, audience: Audience, brand: Brand, assets: BrandAssets): Renderer {
  const env = Handlebars.create();
  env.registerHelper("helperMissing", function (...args: unknown[]) {
    const options = args[args.length - 1] as { name: string; loc?: { start: { line: number } } };
    throw new Error(`unknown helper or value \`${options.name}\``);
  });
  const compiled = Object.entries(audience.partials).map(([partial, file]) => {
    const c = compile(env, root, file);
    env.registerPartial(partial, c.template);
    return c;
  });
  const layoutName = relative(root, audience.layout);
  const layout = compile(env, root, audience.layout);
  const known = Object.keys(audience.partials).sort();
  for (const c of [layout, ...compiled]) {
    for (const { partial, line } of c.partials) {
      if (partial in audience.partials || partial === "@partial-block") continue;
      throw new InputError(
        `${c.name}:${line}: the partial \`${partial}\` does not exist.${didYouMean(partial, known)} ` +
          `Add templates/base/partials/${partial}.hbs (or in the audience's partials/), or ` +
          `fix the name. Partials: ${known.join(", ")}.`,
        c.name,
        line,
      );
    }
  }
  const styles = audience.styles.map((f) => readTemplateFile(root, f)).join("\n");

  return {
    render(brief, body, mode, fonts) {
      const { meta } = brief;
      const marking = editionMarking(meta.marking, audience.marking);
      const css = [
        fontFaceCss(assets, mode, fonts?.faces),
        brandCss(brand, fonts?.families ?? []),
        darkSchemeCss(brand),
        pageCss(audience, brand, typeset(meta.shortTitle, brief.typography), marking),
        styles,
      ].join("\n");
      const context = {
        lang: audience.lang,
        rtl: audience.direction === "rtl",
        t: audience.messages,
        brand: {
          name: brand.name,
          shortName: brand.shortName,
          url: brand.url,
          logo: { src: mode.inline ? assets.logo.dataUrl : `../${assets.logo.outPath}`, alt: brand.logo.alt },
        },
        audience: {
          id: audience.id,
          name: audience.name,
          edition: audience.edition,
          addressee: audience.addressee,
          disclaimer: audience.disclaimer,
          paper: audience.paper,
          marking: audience.markingPlacement,
        },
        brief: {
          slug: brief.slug,
          title: typeset(meta.title, brief.typography),
          subtitle: typeset(meta.subtitle, brief.typography),
          shortTitle: typeset(meta.shortTitle, brief.typography),
          date: formatDate(meta.date, audience.locale),
          dateIso: meta.date,
          authors: formatList(meta.authors, audience.locale),
          marking,
          bluf: typeset(meta.bluf, brief.typography),
          keywords: meta.keywords.join(", "),
          source: {
            ...meta.source,
            series: meta.source.series ?? "",
            url: meta.source.url ?? "",
            date: formatDate(meta.source.date, audience.locale),
          },
        },
        words: body.words,
        web: mode.web ?? false,
        styles: new Handlebars.SafeString(css),
        body: new Handlebars.SafeString(body.html),
      };
      try {
        return layout.template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      } catch (error) {
        const message = messageOf(error);
        const where = (error as { template?: string }).template ?? layoutName;
        const m = / - (\d+):(\d+)$/.exec(message);
        const reason = message.replace(/ - \d+:\d+$/, "").replace(/ in \[object Object\]/, "");
        throw new InputError(
          `${where}${m ? `:${m[1]}:${m[2]}` : ""}: ${reason}.` +
            ` Fix the template (values available: lang, t.* (the language pack's messages), brand.*, audience.*, ` +
            `brief.*, words, styles, body).`,
          where,
          m ? Number(m[1]) : undefined,
        );
      }
    },
  };
}

/**
 * `@page` rules for the audience: paper, margins, running header and footer with marking and page numbers. Margin
 * boxes are physical (left, right): right to left, the title and edition go right, the marking left.
 */
function pageCss(audience: Audience, brand: Brand, shortTitle: string, marking: string): string {
  const m = brand.defaults.margins;
  const rtl = audience.direction === "rtl";
  const [start, end] = rtl ? ["right", "left"] : ["left", "right"];
  const mark = cssString(marking);
  const top = audience.markingPlacement !== "footer" ? `@top-${end}{content:${mark}}` : "";
  const bottom = audience.markingPlacement !== "header" ? `@bottom-${end}{content:${mark}}` : "";
  // The base style sheet styles the left boxes as text and the right ones as the marking: mirrored, swap them.
  const mirrored = rtl
    ? `@top-right{font-weight:400;letter-spacing:normal;color:#4a5a6a}@bottom-right{font-weight:400;` +
      `letter-spacing:normal;color:#4a5a6a}@top-left{font-weight:700;color:#1a1a1a}` +
      `@bottom-left{font-weight:700;color:#1a1a1a}`
    : "";
  return [
    `@page{size:${audience.paper === "Letter" ? "letter" : "A4"};margin:${m.top} ${m.right} ${m.bottom} ${m.left};`,
    `${mirrored}@top-${start}{content:${cssString(shortTitle)}}${top}`,
    `@bottom-${start}{content:${cssString(`${brand.shortName} · ${audience.edition}`)}}`,
    `@bottom-center{content:${pageNumberCss(audience.messages, audience.locale)}}${bottom}}`,
    `@page:first{@top-${start}{content:none}}`,
  ].join("");
}

/** The `page` message as CSS `content`: "Page {page} of {pages}" → `"Page " counter(page) " of " counter(pages)`. */
function pageNumberCss(messages: Messages, locale: string): string {
  const key = `${locale}\n${messages.page}`;
  let css = pageNumberCssCache.get(key);
  if (css !== undefined) return css;
  // Page numbers in the locale's digits where CSS has them (ar-EG: ١ ٢ ٣; fa: ۱ ۲ ۳), as Intl writes its dates.
  const style = COUNTER_STYLES[numberFormat(locale).resolvedOptions().numberingSystem];
  const counter = (name: string) => (style ? `counter(${name},${style})` : `counter(${name})`);
  css = messages.page
    .split(/(\{pages?\})/)
    .filter((piece) => piece !== "")
    .map((piece) => (piece === "{page}" ? counter("page") : piece === "{pages}" ? counter("pages") : cssString(piece)))
    .join(" ");
  pageNumberCssCache.set(key, css);
  return css;
}

/** {@link pageNumberCss} by locale and message: the same few for every edition of a build (resolvedOptions is slow). */
const pageNumberCssCache = new Map<string, string>();

/** Intl numbering systems → CSS counter styles (Latin digits need none). */
const COUNTER_STYLES: Record<string, string> = {
  arab: "arabic-indic",
  arabext: "persian",
  deva: "devanagari",
  beng: "bengali",
  thai: "thai",
};

/** The brand's colours and fonts as custom properties (`--color-primary`, `--font-body`, …). */
function brandCss(brand: Brand, fallbacks: readonly string[]): string {
  const colors = Object.entries(brand.colors).map(([k, v]) => `--color-${k}:${v}`);
  const family = (name: string) => [name, ...fallbacks].map(cssString).join(",");
  const fonts = [`--font-body:${family(brand.fonts.body)}`, `--font-headings:${family(brand.fonts.headings)}`];
  return `:root{${[...colors, ...fonts].join(";")}}`;
}
