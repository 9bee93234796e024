/**
 * rehype plugin: wraps each `##` section in a `<section>`, orders sections for the audience, and puts the endnotes
 * last.
 */
import type { Root, Element, ElementContent, RootContent } from "hast";
import { toText } from "hast-util-to-text";
import { slugify } from "../../validate/slug.js";

/** Options of {@link rehypeBriefSections}. */
export interface Options {
  /** Section ids in the order this audience reads them; sections not listed keep their place after these. */
  order: readonly string[];
}

/** The plugin. */
export default function rehypeBriefSections(options: Options) {
  return (tree: Root) => {
    const sections: Element[] = [];
    const endnotes: RootContent[] = [];
    let current: Element | undefined;
    const lead: RootContent[] = [];
    for (const node of tree.children) {
      if (node.type === "element" && node.tagName === "section" && node.properties?.dataFootnotes !== undefined) {
        endnotes.push(relabelEndnotes(node));
        continue;
      }
      if (node.type === "element" && node.tagName === "h2") {
        // The id the parse stage gave the heading (explicit `{#id}`, a pack's heading), else its slug.
        const given = typeof node.properties?.id === "string" ? node.properties.id.replace(/^user-content-/, "") : "";
        const id = given || slugify(toText(node)) || `section-${sections.length + 1}`;
        node.properties = { ...node.properties, id: `${id}-heading` };
        const section: Element = {
          type: "element",
          tagName: "section",
          properties: { id, className: ["section", `section--${id}`], ariaLabelledBy: [`${id}-heading`] },
          children: [node],
        };
        sections.push(section);
        current = section;
        continue;
      }
      if (current) current.children.push(node as ElementContent);
      else lead.push(node);
    }
    const rank = (s: Element) => {
      const i = options.order.indexOf(String(s.properties?.id));
      return i === -1 ? options.order.length : i;
    };
    const ordered = sections
      .map((s, i) => ({ s, i }))
      .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
      .map((x) => x.s);
    // Every section ends with a line break and sections are one per line, whatever their new order.
    for (const section of ordered) {
      while (isBlank(section.children.at(-1))) section.children.pop();
      section.children.push({ type: "text", value: "\n" });
    }
    const blocks = [...ordered, ...endnotes];
    tree.children = [
      ...lead,
      ...blocks.flatMap((b, i) => (i === 0 ? [b] : [{ type: "text" as const, value: "\n" }, b])),
    ];
  };
}

function isBlank(node: RootContent | undefined): boolean {
  return node?.type === "text" && node.value.trim() === "";
}

function relabelEndnotes(node: Element): Element {
  node.properties = {
    ...node.properties,
    id: "endnotes",
    className: ["section", "section--endnotes", "footnotes"],
    ariaLabelledBy: ["endnotes-heading"],
  };
  for (const child of node.children) {
    if (child.type === "element" && child.tagName === "h2") {
      // Drop remark-rehype's `sr-only` class: the label is visible (and an empty class would print `class=""`).
      const { className: _, ...properties } = child.properties;
      child.properties = { ...properties, id: "endnotes-heading" };
    }
  }
  return node;
}
