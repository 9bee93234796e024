/**
 * rehype plugin: keeps images only when embedded as data: URLs and links only to http(s) or mailto; reports each one
 * dropped at its place.
 */
import type { Root, Element, ElementContent } from "hast";
import type { VFile } from "vfile";
import { visit, SKIP } from "unist-util-visit";

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
    visit(tree, "element", (node: Element, index, parent) => {
      if (node.tagName === "img" && parent && index !== undefined) {
        const src = String(node.properties.src ?? "").trim();
        const problem = IMAGE_DATA_URL.test(src)
          ? imageProblem(src)
          : `Image \`${short(src) || "(no src)"}\` removed: a memo shows only images embedded ` +
            `in the brief as data:image/png, jpeg, gif or webp URLs; it never fetches files ` +
            `or the network. Embed the image, or link to it.`;
        if (!problem) return;
        report(file, node, problem);
        const alt = String(node.properties.alt ?? "").trim();
        const replacement: ElementContent[] = alt ? [{ type: "text", value: alt }] : [];
        parent.children.splice(index, 1, ...replacement);
        return [SKIP, index + replacement.length];
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

/** Most pixels an embedded image may have: decoding is what costs (a small PNG can declare 15 000 × 15 000). */
export const MAX_IMAGE_PIXELS = 25_000_000;

/** Why an embedded image is refused (unreadable, or too many pixels), or undefined when it may stay. */
function imageProblem(src: string): string | undefined {
  const bytes = Buffer.from(src.slice(src.indexOf(",") + 1), "base64");
  const size = imageSize(bytes);
  if (!size) return "Embedded image removed: its data is not a readable PNG, JPEG, GIF or WebP image. Export it again.";
  if (size.width * size.height <= MAX_IMAGE_PIXELS) return undefined;
  return (
    `Embedded image removed: it is ${size.width} × ${size.height} pixels; at most ${MAX_IMAGE_PIXELS / 1e6} ` +
    `megapixels (5000 × 5000) are allowed. Scale it down.`
  );
}

/** Width and height an image declares in its header (PNG, GIF, WebP, JPEG), or undefined when it is none of them. */
export function imageSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString("latin1", 12, 16) === "IHDR")
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString("latin1", 0, 3) === "GIF")
    return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 30 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") {
    const kind = b.toString("latin1", 12, 16);
    if (kind === "VP8 ") return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    if (kind === "VP8L")
      return {
        width: 1 + (((b[22]! & 0x3f) << 8) | b[21]!),
        height: 1 + (((b[24]! & 0x0f) << 10) | (b[23]! << 2) | ((b[22]! & 0xc0) >> 6)),
      };
    if (kind === "VP8X") return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
    return undefined;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // JPEG: walk the segments to the frame header (SOF0–SOF15, except DHT, JPG and DAC).
    for (let i = 2; i + 9 < b.length;) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      i += 2 + b.readUInt16BE(i + 2);
    }
  }
  return undefined;
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
