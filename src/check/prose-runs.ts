/**
 * The prose of a brief as runs of text (one per paragraph, heading or table cell), each character tied to its file
 * offset.
 */
import type { Root, Nodes, PhrasingContent } from "mdast";
import { toString } from "mdast-util-to-string";

/** One block's text as the reader sees it, with the file offset of every character. */
export interface ProseRun {
  text: string;
  offsets: number[];
}

/** Blocks whose children are phrasing content. */
const BLOCKS = new Set(["paragraph", "heading", "tableCell"]);
const URL = /^(?:[a-z][a-z0-9+.-]*:|www\.)/i;

/** Every run of prose in `tree` (a tree from `proseTree`, whose text nodes sit at their exact place). */
export function proseRuns(tree: Root): ProseRun[] {
  const runs: ProseRun[] = [];
  const walk = (node: Nodes) => {
    if (BLOCKS.has(node.type) && "children" in node) {
      const run: ProseRun = { text: "", offsets: [] };
      for (const child of node.children as PhrasingContent[]) phrasing(child, run);
      if (run.text.trim()) runs.push(run);
      return;
    }
    if ("children" in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(tree);
  return runs;
}

function phrasing(node: PhrasingContent | Nodes, run: ProseRun): void {
  const append = (text: string, offset: number, step: number) => {
    for (let i = 0; i < text.length; i++) {
      run.text += text[i];
      run.offsets.push(offset + i * step);
    }
  };
  const last = () =>
    run.offsets.length > 0 ? run.offsets[run.offsets.length - 1]! + 1 : (node.position?.start.offset ?? 0);
  switch (node.type) {
    case "text":
      append(node.value, node.position?.start.offset ?? last(), 1);
      return;
    case "break":
      append(" ", node.position?.start.offset ?? last(), 0);
      return;
    case "inlineCode":
    case "html":
    case "image":
    case "imageReference":
    case "footnoteReference":
      append(" ", node.position?.start.offset ?? last(), 0); // not prose, but a word boundary
      return;
    case "link":
      if (URL.test(toString(node))) return append(" ", node.position?.start.offset ?? last(), 0); // a bare URL
      break;
  }
  if ("children" in node) for (const child of node.children) phrasing(child as PhrasingContent, run);
}
