/**
 * rehype plugin: puts each local figure (checked and embedded when the brief was validated) into its `<img>`, found
 * by the image's offset in the brief; raw HTML never matches one, so only Markdown images become figures.
 */
import type { Root, Element } from "hast";
import type { VFile } from "vfile";
import { eachElement } from "../each-element.js";

declare module "hast" {
  interface ElementData {
    /** An `<img>` holding a local figure, embedded (and an SVG sanitized) when the brief was validated. */
    briefFigure?: boolean;
  }
}
declare module "vfile" {
  interface DataMap {
    /** The embedded figures of the brief being transformed: offset of the Markdown image → data: URL. */
    briefImages: ReadonlyMap<number, string>;
  }
}

/** The plugin. */
export default function rehypeBriefFigures() {
  return (tree: Root, file: VFile) => {
    const images = file.data.briefImages;
    if (!images || images.size === 0) return;
    eachElement(tree, (node: Element) => {
      const offset = node.position?.start.offset;
      if (node.tagName !== "img" || offset === undefined) return;
      const src = images.get(offset);
      if (src === undefined) return;
      node.properties.src = src;
      node.data = { ...node.data, briefFigure: true };
    });
  };
}
