/** A brief's Markdown tree for the prose checks: every text node at its exact place, front matter prose included. */
import type { Root, Text } from "mdast";
import { visit, SKIP } from "unist-util-visit";
import { restoreTextDirectives } from "../validate/literal-colons.js";
import { align, pointsOf, textNodes } from "./align.js";
import { frontMatterFields, type FrontMatterFields } from "./front-matter-fields.js";

import { briefParser as parser } from "../validate/parse-brief.js";

/** A brief ready for the prose checks. */
export interface ProseTree {
  /** The body, with the front matter node replaced by paragraphs for the title, subtitle and BLUF. */
  tree: Root;
  /** The front matter, when it parses. */
  fields?: FrontMatterFields | undefined;
}

/**
 * Parses `doc` (a brief's text) on its own, so that the checks run even when validation failed.
 * Text nodes are split where the file spells them differently (entities, escapes, the indentation of
 * wrapped lines in lists and quotes), so that positions derived from their values land on the right column.
 */
export function proseTree(doc: string): ProseTree {
  const tree = parser.parse(doc) as Root;
  restoreTextDirectives(tree);
  const point = pointsOf(doc);
  visit(tree, "text", (node: Text, index, parent) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (!parent || index === undefined || start === undefined || end === undefined) return;
    const pieces = textNodes(align(node.value, doc, start, end), point, end);
    parent.children.splice(index, 1, ...pieces);
    return [SKIP, index + pieces.length];
  });
  const fields = frontMatterFields(doc);
  const yaml = tree.children.findIndex((n) => n.type === "yaml");
  if (yaml >= 0) tree.children.splice(yaml, 1, ...(fields?.paragraphs ?? []));
  return { tree, fields };
}
