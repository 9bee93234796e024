/**
 * rehype plugin: wraps each `##` section in a `<section>`, orders sections for the audience, and puts the endnotes
 * last.
 */
import type { Root, Element, ElementContent, RootContent } from "hast";
import { toText } from "hast-util-to-text";
import { slugify } from "../../validate/slug.js";
import { REQUIRED_SECTIONS } from "../../shared/model.js";

/** Options of {@link rehypeBriefSections}. */
export interface Options {
  /**
   * Section ids (required or a brief's own) in the order this audience reads them. Required sections not listed
   * come after these; a brief's own section not listed stays after the section it follows in the brief.
   */
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
    // A brief's own section that the order does not list travels with the section before it (or leads).
    const required = new Set<string>(REQUIRED_SECTIONS);
    const groups: { head: Element; members: Element[] }[] = [];
    for (const section of sections) {
      const id = String(section.properties?.id);
      const follows = !required.has(id) && !options.order.includes(id) ? groups.at(-1) : undefined;
      if (follows) follows.members.push(section);
      else groups.push({ head: section, members: [section] });
    }
    const rank = (g: { head: Element }) => {
      const id = String(g.head.properties?.id);
      const i = options.order.indexOf(id);
      if (i !== -1) return i;
      return required.has(id) ? options.order.length : -1; // an unlisted own section with nothing before it leads
    };
    const ordered = groups
      .map((g, i) => ({ g, i }))
      .sort((a, b) => rank(a.g) - rank(b.g) || a.i - b.i)
      .flatMap((x) => x.g.members);
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
