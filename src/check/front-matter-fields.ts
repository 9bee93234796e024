/**
 * The prose of a brief's front matter (title, subtitle, BLUF) with exact file positions, and the places of its keys.
 */
import { parseDocument, isScalar, type Document } from "yaml";
import type { Paragraph } from "mdast";
import type { Point } from "unist";
import { align, pointsOf, textNodes } from "./align.js";
import { FRONT_MATTER } from "../load/front-matter.js";

/** Front matter keys whose values are prose the reader sees. */
export const PROSE_KEYS = ["title", "subtitle", "bluf"] as const;

/** What the checks need from the front matter. */
export interface FrontMatterFields {
  /** title, subtitle and BLUF as mdast paragraphs whose text nodes sit at their place in the file. */
  paragraphs: Paragraph[];
  /** The place of a key's value in the file (undefined when the key is absent). */
  place(path: readonly string[]): Point | undefined;
  /** `source.text`, when it is a string. */
  sourceText?: string | undefined;
}

/**
 * Reads the front matter of `doc` quietly: undefined when there is none or it does not parse (the parse stage reports
 * that).
 */
export function frontMatterFields(doc: string): FrontMatterFields | undefined {
  const match = FRONT_MATTER.exec(doc); // the parse stage's rule
  if (!match || match[1] === undefined) return undefined;
  const base = match[0].indexOf(match[1]!);
  const yaml: Document = parseDocument(match[1]!, { schema: "core", uniqueKeys: true });
  if (yaml.errors.length > 0) return undefined;
  const point = pointsOf(doc);
  const paragraphs: Paragraph[] = [];
  for (const key of PROSE_KEYS) {
    const node = yaml.get(key, true);
    if (!isScalar(node) || typeof node.value !== "string" || !node.range) continue;
    const [start, end] = [base + node.range[0], base + node.range[1]];
    const children = textNodes(align(node.value, doc, start, end, 200), point, end);
    if (children.length > 0)
      paragraphs.push({ type: "paragraph", children, position: { start: point(start), end: point(end) } });
  }
  const sourceText = yaml.getIn(["source", "text"]);
  return {
    paragraphs,
    place(path) {
      const node = yaml.getIn(path, true) as { range?: [number, number, number] } | undefined;
      return node?.range ? point(base + node.range[0]) : undefined;
    },
    sourceText: typeof sourceText === "string" ? sourceText : undefined,
  };
}
