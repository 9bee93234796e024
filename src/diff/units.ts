/** An edition's sections as units a reviewer compares: paragraphs, list items, sub-headings, table rows, endnotes. */
import type { Root, RootContent, Nodes } from "mdast";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import { filterForAudience } from "../validate/audience-directive.js";
import { sectionNodes } from "../validate/structure.js";

/** The id of the pseudo-section that holds an edition's endnotes. */
export const ENDNOTES = "endnotes";

const clean = (text: string) => text.replace(/\s+/g, " ").trim();

/** Units of `nodes`, in reading order (footnote references are left out, as their numbers depend on the edition). */
export function unitsOf(nodes: readonly RootContent[]): string[] {
  const out: string[] = [];
  const add = (text: string) => {
    const t = clean(text);
    if (t) out.push(t);
  };
  const walk = (node: Nodes) => {
    switch (node.type) {
      case "list":
        for (const item of node.children) {
          add(
            item.children
              .filter((c) => c.type !== "list")
              .map((c) => toString(c))
              .join(" "),
          );
          for (const c of item.children) if (c.type === "list") walk(c);
        }
        return;
      case "table":
        for (const row of node.children) add(row.children.map((cell) => toString(cell)).join(" | "));
        return;
      case "blockquote":
      case "containerDirective":
        for (const c of node.children) walk(c);
        return;
      case "footnoteDefinition":
      case "thematicBreak":
      case "definition":
      case "yaml":
        return;
      case "heading":
        add(`${"#".repeat(node.depth)} ${toString(node)}`);
        return;
      case "code":
      case "html":
        add(node.value);
        return;
      default:
        add(toString(node));
    }
  };
  for (const node of nodes) walk(node);
  return out;
}

/**
 * Section id → units of the edition of `tree` for `audience`, endnotes (those the edition cites) under {@link
 * ENDNOTES}.
 */
export function editionUnits(tree: Root, audience: string, sectionIds: readonly string[]): Map<string, string[]> {
  const copy = filterForAudience(tree, audience);
  const units = new Map<string, string[]>();
  for (const id of sectionIds) units.set(id, unitsOf(sectionNodes(copy, id)));
  const cited = new Set<string>();
  visit(copy, "footnoteReference", (node) => void cited.add(node.identifier));
  const notes: string[] = [];
  visit(copy, "footnoteDefinition", (node) => {
    if (cited.has(node.identifier)) notes.push(clean(`[^${node.label ?? node.identifier}] ${toString(node)}`));
  });
  units.set(ENDNOTES, notes);
  return units;
}
