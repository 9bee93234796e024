/** rehype plugin: wraps each `##` section in a `<section>`, orders sections for the audience, and puts the endnotes last. */
import type { Root, Element, ElementContent, RootContent } from "hast";
import { toText } from "hast-util-to-text";
import { slugify } from "../../slug.js";

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
        const id = slugify(toText(node)) || `section-${sections.length + 1}`;
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
    const ordered = sections.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
    tree.children = [...lead, ...ordered, ...endnotes];
  };
}

function relabelEndnotes(node: Element): Element {
  node.properties = { ...node.properties, id: "endnotes", className: ["section", "section--endnotes", "footnotes"], ariaLabelledBy: ["endnotes-heading"] };
  for (const child of node.children) {
    if (child.type === "element" && child.tagName === "h2") child.properties = { ...child.properties, id: "endnotes-heading", className: [] };
  }
  return node;
}
