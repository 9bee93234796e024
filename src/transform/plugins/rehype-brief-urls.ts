/**
 * rehype plugin: keeps images only when embedded as data: URLs and links only to http(s) or mailto; reports each one
 * dropped at its place.
 */
import type { Root, Element, ElementContent } from "hast";
import type { VFile } from "vfile";
import { eachElement } from "../each-element.js";
import { imageSize, sizeProblem } from "../../validate/image-size.js";

/** Images a memo may show: embedded raster images (a memo never fetches a file or the network). */
export const IMAGE_DATA_URL = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;

/** Protocols a link may use; a link without one (relative, or `#fragment`) is kept. */
const LINK_PROTOCOLS = ["http", "https", "mailto"];

/**
 * The plugin: drops remote, file and script images (leaving their alt text) and reports unsafe links before the
 * sanitizer removes them.
 */
export default function rehypeBriefUrls() {
  return (tree: Root, file: VFile) => {
    eachElement(tree, (node: Element, index, parent) => {
      if (node.tagName === "img") {
        const src = String(node.properties.src ?? "").trim();
        // A figure beside the brief, embedded (and an SVG sanitized) when the brief was validated.
        if (node.data?.briefFigure === true) return undefined;
        const problem = IMAGE_DATA_URL.test(src)
          ? imageProblem(src)
          : `Image \`${short(src) || "(no src)"}\` removed: a memo shows only images embedded ` +
            `in the brief as data:image/png, jpeg, gif or webp URLs, or image files in the brief's own folder ` +
            `written in Markdown (\`![what it shows](<slug>/figure.png)\`); it never fetches the network.`;
        if (!problem) return;
        report(file, node, problem);
        const alt = String(node.properties.alt ?? "").trim();
        const replacement: ElementContent[] = alt ? [{ type: "text", value: alt }] : [];
        parent.children.splice(index, 1, ...replacement);
        return index + replacement.length;
      }
      if (node.tagName === "a" && node.properties.href !== undefined) {
        const href = String(node.properties.href);
        const protocol = protocolOf(href);
        if (protocol !== undefined && !LINK_PROTOCOLS.includes(protocol)) {
          report(file, node, `Link to \`${short(href)}\` removed: links may use http, https or mailto.`);
          delete node.properties.href;
        }
      }
      return undefined;
    });
  };
}

/** Why an embedded image is refused (unreadable, or outside the size limits), or undefined when it may stay. */
function imageProblem(src: string): string | undefined {
  const bytes = Buffer.from(src.slice(src.indexOf(",") + 1), "base64");
  const size = imageSize(bytes);
  if (!size) return "Embedded image removed: its data is not a readable PNG, JPEG, GIF or WebP image. Export it again.";
  const problem = sizeProblem(size.width, size.height);
  return problem && `Embedded image removed: ${problem}. Scale or crop it.`;
}

/**
 * The protocol of `url` lowercased (as a browser would read it: tabs and newlines ignored), or undefined for a relative
 * URL.
 */
function protocolOf(url: string): string | undefined {
  const clean = url.replace(/[\t\n\r]/g, "").trim();
  const colon = clean.indexOf(":");
  const end = clean.search(/[/?#]/);
  if (colon === -1 || (end !== -1 && end < colon)) return undefined;
  return clean.slice(0, colon).toLowerCase();
}

function short(url: string): string {
  const oneLine = url.replace(/\s+/g, " ");
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine;
}

/** A warning at `node`, once per place (the plugin runs once per edition of the brief). */
function report(file: VFile, node: Element, reason: string): void {
  const start = node.position?.start;
  const seen = file.messages.some(
    (m) => m.reason === reason && m.line === (start?.line ?? undefined) && m.column === (start?.column ?? undefined),
  );
  if (!seen) file.message(reason, { place: node.position, ruleId: "unsafe-url", source: "brief" });
}
