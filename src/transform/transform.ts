/** Transform stage: a parsed brief + one audience → a sanitized HTML fragment, its word count and outline. */
import { unified, type Processor } from "unified";
import remarkRehype from "remark-rehype";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import type { Root as HastRoot, Element, ElementContent } from "hast";
import type { Root as MdastRoot } from "mdast";
import type { Audience, Brief } from "../shared/model.js";
import remarkBriefAudience from "./plugins/remark-brief-audience.js";
import rehypeBriefSections from "./plugins/rehype-brief-sections.js";
import rehypeBriefFragmentLinks from "./plugins/rehype-brief-fragment-links.js";
import rehypeBriefUrls from "./plugins/rehype-brief-urls.js";
import rehypeBriefRaw from "./plugins/rehype-brief-raw.js";
import rehypeBriefFigures from "./plugins/rehype-brief-figures.js";
import rehypeBriefCharts, { CHART_REF, rehypeBriefChartMarks } from "./plugins/rehype-brief-charts.js";
import type { DrawnCharts } from "./charts/draw.js";
import type { ContainerDirective, TextDirective } from "mdast-util-directive";
import { toString as mdastText } from "mdast-util-to-string";
import type { State } from "mdast-util-to-hast";
import rehypeBriefTypography from "./plugins/rehype-brief-typography.js";
import { sanitizeSchema } from "./sanitize-schema.js";
import { fillMessage } from "../shared/fill-message.js";
import { eachElement } from "./each-element.js";

/** One section of an edition, as plain text (for budgets and `diff`). */
export interface OutlineSection {
  id: string;
  title: string;
  text: string;
}

/** The body of one edition. */
export interface EditionBody {
  /** Sanitized HTML fragment: the only value a template may print unescaped. */
  html: string;
  /** Words in the BLUF and the body, endnotes and figures (captions, charts, their data) excluded. */
  words: number;
  outline: OutlineSection[];
}

type BodyProcessor = Processor<MdastRoot, MdastRoot, HastRoot, HastRoot, string>;
const processors = new Map<string, BodyProcessor>();

function processorFor(audience: Audience, brief: Brief): BodyProcessor {
  const m = audience.messages;
  const key = [
    audience.id,
    audience.sections.join(","),
    m.endnotes,
    m.back_to_reference,
    m.back_to_reference_again,
    m.translated_quote,
    m.figure_caption,
    m.figure_ref,
    m.figure_source,
    m.figure_data,
    brief.pack,
    JSON.stringify(brief.typography),
  ].join("\0");
  let processor = processors.get(key);
  if (!processor) {
    processor = unified()
      .use(remarkBriefAudience, { audience: audience.id })
      .use(remarkRehype, {
        allowDangerousHtml: true,
        footnoteLabel: m.endnotes,
        footnoteLabelTagName: "h2",
        footnoteBackLabel: (i: number, again: number) =>
          fillMessage(again > 1 ? m.back_to_reference_again : m.back_to_reference, { n: i + 1, use: again }),
        clobberPrefix: "",
        handlers: { containerDirective, textDirective: textDirectiveWith(m.translated_quote) },
      })
      .use(rehypeBriefRaw)
      .use(rehypeDataAttributes)
      .use(rehypeBriefChartMarks)
      .use(rehypeBriefFigures)
      .use(rehypeBriefUrls)
      .use(rehypeSanitize, sanitizeSchema)
      .use(rehypeBriefSections, { order: audience.sections })
      .use(rehypeBriefTypography, { typography: brief.typography })
      .use(rehypeBriefFragmentLinks, { renamed: { "user-content-footnote-label": "endnotes-heading" } })
      .use(rehypeBriefCharts, {
        caption: m.figure_caption,
        ref: m.figure_ref,
        source: m.figure_source,
        data: m.figure_data,
        lang: brief.pack,
      })
      .use(rehypeStringify) as unknown as BodyProcessor;
    processors.set(key, processor);
  }
  return processor;
}

/** A `:::chart` block becomes a figure marked with its offset (filled in after sanitizing); any other, a `<div>`. */
function containerDirective(state: State, node: ContainerDirective): Element {
  const chart = node.name === "chart" && node.position?.start.offset !== undefined;
  const result: Element = {
    type: "element",
    tagName: chart ? "figure" : "div",
    properties: chart ? { dataBriefChart: String(node.position!.start.offset) } : {},
    children: state.all(node),
  };
  state.patch(node, result);
  return result;
}

/**
 * `:ref[id]` becomes a link to that chart, numbered after sanitizing ("Figure 2"); `:quote[translated]{original}` the
 * translation in quotation marks and, after it, the pack's `translated_quote` with the original (the language's
 * typography sets the marks); any other, its text.
 */
const textDirectiveWith = (translatedQuote: string) =>
  function textDirective(state: State, node: TextDirective): Element | ElementContent[] {
    if (node.name === "quote") {
      const original = node.attributes?.original?.trim() ?? "";
      // The original keeps its own language (`lang`, English by default): read and hyphenated as that language.
      const lang = node.attributes?.lang?.trim() || "en";
      const [before, after = ""] = fillMessage(translatedQuote, { original: "\u0000" }).split("\u0000");
      const originalSpan: Element = {
        type: "element",
        tagName: "span",
        properties: { lang },
        children: [{ type: "text", value: original }],
      };
      return [
        { type: "text", value: "“" },
        ...state.all(node),
        { type: "text", value: `” ${before}` },
        originalSpan,
        { type: "text", value: after },
      ];
    }
    return refLink(state, node);
  };

function refLink(state: State, node: TextDirective): Element | ElementContent[] {
  if (node.name !== "ref") return state.all(node);
  const result: Element = {
    type: "element",
    tagName: "a",
    properties: { href: `#${CHART_REF}${mdastText(node).trim()}` },
    children: [{ type: "text", value: "Figure" }],
  };
  state.patch(node, result);
  return result;
}

/**
 * `data-*` flags written as `data-x=""`, as an HTML parser would: the same bytes whether or not a block held raw HTML.
 */
function rehypeDataAttributes() {
  return (tree: HastRoot) =>
    eachElement(tree, (node) => {
      for (const k in node.properties) if (node.properties[k] === true && /^data[A-Z]/.test(k)) node.properties[k] = "";
    });
}

/**
 * Builds the body of `brief` for `audience`, with the charts `drawn` (without them, a chart shows its caption and
 * data). Never mutates the brief's tree.
 */
export function transformBrief(brief: Brief, audience: Audience, drawn: DrawnCharts = new Map()): EditionBody {
  const processor = processorFor(audience, brief);
  // remarkBriefAudience returns a filtered copy; the brief's own tree is shared, never changed.
  brief.file.data.briefImages = brief.images;
  brief.file.data.briefCharts = { data: new Map(brief.charts.map((c) => [c.offset, c])), drawn };
  const hast = processor.runSync(brief.tree, brief.file);
  const outline = outlineOf(hast);
  // Section by section, each text counted once per brief: editions share most sections, and no word runs across the
  // line between two sections, so the sum is the count of the sections' text joined.
  const counted = wordCounts.get(brief) ?? new Map<string, number>();
  wordCounts.set(brief, counted);
  const count = (text: string) => {
    let n = counted.get(text);
    if (n === undefined) counted.set(text, (n = countWords(text)));
    return n;
  };
  const words = count(brief.meta.bluf) + outlineOf(hast, true).reduce((sum, s) => sum + count(s.text), 0);
  return { html: processor.stringify(hast), words, outline };
}

/** Word counts of texts of a brief's editions (bottom line, sections), kept while the brief is. */
const wordCounts = new WeakMap<Brief, Map<string, number>>();

/** Chinese, Japanese and Korean characters: their text has no spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]+/gu;
const cjkWords = new Intl.Segmenter("zh", { granularity: "word" });

/**
 * Words in `text`: runs of letters (with their combining marks, as in Arabic) or digits; runs of CJK characters are
 * cut into words by `Intl.Segmenter`'s dictionary (本季|港口|处理|粮食), so budgets mean the same in every language.
 * A word is a letter or digit and the letters, marks, digits and ' ’ . , - that follow it: what the expression
 * `[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,-]*` matches, counted in one pass over the characters (about four times faster
 * than running the expression).
 */
export function countWords(text: string): number {
  let words = 0;
  const rest = HAS_CJK.test(text)
    ? text.replace(CJK, (run) => {
        for (const s of cjkWords.segment(run)) if (s.isWordLike) words++;
        return " ";
      })
    : text;
  let inWord = false;
  for (let i = 0; i < rest.length; i++) {
    const cp = rest.codePointAt(i)!; // a surrogate pair's code point (then skip its second half), or a lone surrogate
    if (cp > 0xffff) i++;
    const kind = kindOf(cp);
    if (inWord) inWord = kind !== OUTSIDE;
    else if (kind === STARTS) {
      words++;
      inWord = true;
    }
  }
  return words;
}
const HAS_CJK = new RegExp(CJK.source, "u");

/** What a character is to a word: starts one (a letter or digit), continues one (a mark, ' ’ . , -), or ends it. */
const STARTS = 1;
const CONTINUES = 2;
const OUTSIDE = 0;
const STARTS_WORD = /[\p{L}\p{N}]/u;
const IN_WORD = /[\p{L}\p{M}\p{N}'’.,-]/u;
/** Each character's kind, found once (-1: not yet); characters past U+FFFF in a map. */
const bmpKinds = new Int8Array(0x10000).fill(-1);
const astralKinds = new Map<number, number>();

function kindOf(cp: number): number {
  let kind = cp < 0x10000 ? bmpKinds[cp]! : (astralKinds.get(cp) ?? -1);
  if (kind === -1) {
    const char = String.fromCodePoint(cp);
    kind = STARTS_WORD.test(char) ? STARTS : IN_WORD.test(char) ? CONTINUES : OUTSIDE;
    if (cp < 0x10000) bmpKinds[cp] = kind;
    else astralKinds.set(cp, kind);
  }
  return kind;
}

/** The sections of the body as text (without figures when `wordsOnly`: they do not count towards the word budget). */
function outlineOf(tree: HastRoot, wordsOnly = false): OutlineSection[] {
  return tree.children
    .filter((n): n is Element => n.type === "element" && n.tagName === "section" && n.properties?.id !== "endnotes")
    .map((section) => {
      const [heading, ...rest] = section.children;
      return {
        id: String(section.properties?.id),
        title: heading ? textOf(heading).trim() : "",
        text: rest
          .map((n) => textOf(n, wordsOnly))
          .join("\n")
          .replace(/\n{2,}/g, "\n")
          .trim(),
      };
    });
}

/** The text of a node, a line break between blocks (a cheap innerText: enough for word counts and outlines). */
function textOf(node: HastRoot["children"][number] | Element, skipFigures = false): string {
  if (node.type === "text") return node.value.replace(/\u00ad/g, ""); // soft hyphens are not in the words
  if (node.type !== "element" || (skipFigures && node.tagName === "figure")) return "";
  const inner = node.children.map((c) => textOf(c as Element, skipFigures)).join("");
  return BLOCK.test(node.tagName) ? `${inner}\n` : node.tagName === "br" ? "\n" : inner;
}
const BLOCK =
  /^(p|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|thead|tbody|tr|td|th|div|section|figure|figcaption|details|summary|hr)$/;
