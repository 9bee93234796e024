/** Transform stage: a parsed brief + one audience → a sanitized HTML fragment, its word count and outline. */
import { unified, type Processor } from "unified";
import remarkRehype from "remark-rehype";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import type { Root as HastRoot, Element } from "hast";
import type { Root as MdastRoot } from "mdast";
import { visit } from "unist-util-visit";
import type { Audience, Brief } from "../shared/model.js";
import remarkBriefAudience from "./plugins/remark-brief-audience.js";
import rehypeBriefSections from "./plugins/rehype-brief-sections.js";
import rehypeBriefFragmentLinks from "./plugins/rehype-brief-fragment-links.js";
import rehypeBriefUrls from "./plugins/rehype-brief-urls.js";
import rehypeBriefRaw from "./plugins/rehype-brief-raw.js";
import rehypeBriefTypography from "./plugins/rehype-brief-typography.js";
import { sanitizeSchema } from "./sanitize-schema.js";
import { fillMessage } from "../shared/fill-message.js";

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
  /** Words in the BLUF and the body, endnotes excluded. */
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
      })
      .use(rehypeBriefRaw)
      .use(rehypeDataAttributes)
      .use(rehypeBriefUrls)
      .use(rehypeSanitize, sanitizeSchema)
      .use(rehypeBriefSections, { order: audience.sections })
      .use(rehypeBriefTypography, { typography: brief.typography })
      .use(rehypeBriefFragmentLinks, { renamed: { "user-content-footnote-label": "endnotes-heading" } })
      .use(rehypeStringify) as unknown as BodyProcessor;
    processors.set(key, processor);
  }
  return processor;
}

/**
 * `data-*` flags written as `data-x=""`, as an HTML parser would: the same bytes whether or not a block held raw HTML.
 */
function rehypeDataAttributes() {
  return (tree: HastRoot) =>
    visit(tree, "element", (node: Element) => {
      for (const [k, v] of Object.entries(node.properties))
        if (v === true && /^data[A-Z]/.test(k)) node.properties[k] = "";
    });
}

/** Builds the body of `brief` for `audience`. Never mutates the brief's tree. */
export function transformBrief(brief: Brief, audience: Audience): EditionBody {
  const processor = processorFor(audience, brief);
  // remarkBriefAudience returns a filtered copy; the brief's own tree is shared, never changed.
  const hast = processor.runSync(brief.tree, brief.file);
  const outline = outlineOf(hast);
  const words = countWords(brief.meta.bluf) + outline.reduce((n, s) => n + countWords(s.text), 0);
  return { html: processor.stringify(hast), words, outline };
}

/** Chinese, Japanese and Korean characters: their text has no spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]+/gu;
const cjkWords = new Intl.Segmenter("zh", { granularity: "word" });

/**
 * Words in `text`: runs of letters (with their combining marks, as in Arabic) or digits; runs of CJK characters are
 * cut into words by `Intl.Segmenter`'s dictionary (本季|港口|处理|粮食), so budgets mean the same in every language.
 */
export function countWords(text: string): number {
  let words = 0;
  const rest = text.replace(CJK, (run) => {
    for (const s of cjkWords.segment(run)) if (s.isWordLike) words++;
    return " ";
  });
  return words + (rest.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,-]*/gu)?.length ?? 0);
}

function outlineOf(tree: HastRoot): OutlineSection[] {
  return tree.children
    .filter((n): n is Element => n.type === "element" && n.tagName === "section" && n.properties?.id !== "endnotes")
    .map((section) => {
      const [heading, ...rest] = section.children;
      return {
        id: String(section.properties?.id),
        title: heading ? textOf(heading).trim() : "",
        text: rest
          .map(textOf)
          .join("\n")
          .replace(/\n{2,}/g, "\n")
          .trim(),
      };
    });
}

/** The text of a node, a line break between blocks (a cheap innerText: enough for word counts and outlines). */
function textOf(node: HastRoot["children"][number] | Element): string {
  if (node.type === "text") return node.value.replace(/\u00ad/g, ""); // soft hyphens are not in the words
  if (node.type !== "element") return "";
  const inner = node.children.map((c) => textOf(c as Element)).join("");
  return BLOCK.test(node.tagName) ? `${inner}\n` : node.tagName === "br" ? "\n" : inner;
}
const BLOCK =
  /^(p|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|thead|tbody|tr|td|th|div|section|figure|figcaption|details|summary|hr)$/;
