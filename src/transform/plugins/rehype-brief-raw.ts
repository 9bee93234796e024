/**
 * rehype plugin: parses a brief's raw HTML one block at a time, so that broken HTML (an unclosed
 * `<object>`, a stray `<y`) cannot swallow the Markdown after it — which sanitizing would then drop
 * unseen. Inline HTML is parsed with the paragraph (or heading, cell, item) it sits in, so
 * `CO<sub>2</sub>` still works; a block of HTML is parsed alone, so `<details>` cannot span blocks.
 */
import type { Root, Element, ElementContent, RootContent, Parents } from "hast";
import { raw } from "hast-util-raw";
import type { VFile } from "vfile";

const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "details",
  "div",
  "dl",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "ul",
]);

type Node = Root | RootContent;

/** The plugin. */
export default function rehypeBriefRaw() {
  return (tree: Root, file: VFile) => {
    reparse(tree, file);
  };
}

function hasRaw(node: Node): boolean {
  return node.type === "raw" || ("children" in node && node.children.some((c) => hasRaw(c as Node)));
}

/** True when `parent` holds blocks (so each raw node in it is a block of its own). */
function isFlow(parent: Parents): boolean {
  return parent.type === "root" || parent.children.some((c) => c.type === "element" && BLOCKS.has(c.tagName));
}

function parse(nodes: RootContent[], file: VFile): RootContent[] {
  return (raw({ type: "root", children: nodes }, { file }) as Root).children;
}

function reparse(parent: Parents, file: VFile): void {
  const out: RootContent[] = [];
  const flow = isFlow(parent);
  for (const child of parent.children as RootContent[]) {
    if (child.type === "raw") {
      // A raw node among blocks is a block alone; among phrasing, its container is parsed whole (below).
      out.push(...(flow ? parse([child], file) : [child]));
    } else if ("children" in child && hasRaw(child)) {
      const element = child as Element;
      if (!isFlow(element) && element.children.some((c) => c.type === "raw")) out.push(...parse([element], file));
      else {
        reparse(element, file);
        out.push(element);
      }
    } else out.push(child);
  }
  (parent as { children: RootContent[] | ElementContent[] }).children = out as never;
}
