/**
 * SVG figures, sanitized as strictly as a brief's HTML: an allow-list of drawing elements and presentation
 * attributes; no script, event attributes, `foreignObject`, images, links, animation, or reference outside the file
 * (`href` and `url()` may only point to `#id` in the same file). Serialized again as XML, for an `<img>`.
 */
import type { Root, Element, Properties } from "hast";
import { raw } from "hast-util-raw";
import { sanitize, type Schema } from "hast-util-sanitize";
import { toHtml } from "hast-util-to-html";
import { visit } from "unist-util-visit";

const ELEMENTS = [
  "svg",
  "g",
  "defs",
  "symbol",
  "use",
  "title",
  "desc",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "linearGradient",
  "radialGradient",
  "stop",
  "clipPath",
  "mask",
  "pattern",
  "marker",
  "style",
];

const PRESENTATION = [
  "id",
  "className",
  "transform",
  "fill",
  "fillOpacity",
  "fillRule",
  "stroke",
  "strokeWidth",
  "strokeOpacity",
  "strokeDasharray",
  "strokeDashoffset",
  "strokeLinecap",
  "strokeLinejoin",
  "strokeMiterlimit",
  "opacity",
  "color",
  "clipPath",
  "clipRule",
  "mask",
  "display",
  "visibility",
  "fontFamily",
  "fontSize",
  "fontWeight",
  "fontStyle",
  "textAnchor",
  "dominantBaseline",
  "alignmentBaseline",
  "letterSpacing",
  "vectorEffect",
  "shapeRendering",
  "stopColor",
  "stopOpacity",
  "markerStart",
  "markerMid",
  "markerEnd",
  "style",
];

const GEOMETRY = [
  "x",
  "y",
  "x1",
  "y1",
  "x2",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "fx",
  "fy",
  "d",
  "points",
  "width",
  "height",
  "dx",
  "dy",
  "rotate",
  "textLength",
  "lengthAdjust",
  "viewBox",
  "preserveAspectRatio",
  "offset",
  "gradientUnits",
  "gradientTransform",
  "spreadMethod",
  "patternUnits",
  "patternContentUnits",
  "patternTransform",
  "clipPathUnits",
  "maskUnits",
  "maskContentUnits",
  "markerWidth",
  "markerHeight",
  "markerUnits",
  "refX",
  "refY",
  "orient",
  "href",
  "xLinkHref",
  "version",
  "xmlSpace",
  "role",
  "ariaLabel",
  "ariaHidden",
];

const SCHEMA: Schema = {
  allowComments: false,
  allowDoctypes: false,
  clobber: [],
  ancestors: {},
  protocols: {},
  required: {},
  strip: ["script", "foreignObject", "iframe", "object", "embed", "image", "feImage", "animate", "set"],
  tagNames: ELEMENTS,
  attributes: { "*": [...PRESENTATION, ...GEOMETRY] },
};

/** A reference to anything but an element of this file, or CSS that could reach one (escapes, `@import`). */
const OUTSIDE = /url\s*\(\s*(?!['"]?#)|@import|\\|expression\s*\(|javascript:/i;

/** A sanitized SVG: its XML text and the size it declares (in CSS pixels). */
export interface CleanSvg {
  svg: string;
  width: number;
  height: number;
}

/** Sanitizes `text` (an SVG file); returns why it cannot be used when it has no `<svg>` or no size. */
export function sanitizeSvg(text: string): CleanSvg | { problem: string } {
  const parsed = raw({ type: "root", children: [{ type: "raw", value: text }] } as unknown as Root) as Root;
  let root: Element | undefined;
  visit(parsed, "element", (node: Element) => {
    if (!root && node.tagName === "svg") root = node;
  });
  if (!root) return { problem: "it has no <svg> element" };
  const clean = sanitize({ type: "root", children: [root] }, SCHEMA) as Root;
  const svg = clean.children.find((c): c is Element => c.type === "element" && c.tagName === "svg");
  if (!svg) return { problem: "it has no <svg> element" };
  visit(clean, "element", (node: Element) => {
    cleanProperties(node.properties);
    if (node.tagName === "style")
      node.children = node.children.filter((c) => c.type === "text" && !OUTSIDE.test(c.value));
  });
  const size = sizeOf(svg.properties);
  if (!size) return { problem: "it declares no size: give the <svg> a width and height, or a viewBox" };
  svg.properties = { ...svg.properties, xmlns: "http://www.w3.org/2000/svg" };
  return { svg: toHtml(clean, { space: "svg", closeEmptyElements: true }), ...size };
}

/** Drops `href`s to anything but `#id` and values that reach outside the file. */
function cleanProperties(properties: Properties): void {
  for (const [key, value] of Object.entries(properties)) {
    const text = Array.isArray(value) ? value.join(" ") : String(value);
    if (key === "href" || key === "xLinkHref") {
      delete properties[key];
      if (/^#[\w.:-]+$/.test(text.trim())) properties.href = text.trim();
    } else if (OUTSIDE.test(text)) delete properties[key];
  }
}

const UNITS: Record<string, number> = { "": 1, px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };

/** The size an `<svg>` declares: width and height in absolute units, else its viewBox. */
function sizeOf(p: Properties): { width: number; height: number } | undefined {
  const length = (v: unknown) => {
    const m = /^\s*([\d.]+(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$/i.exec(String(v ?? ""));
    return m ? Number(m[1]) * UNITS[(m[2] ?? "").toLowerCase()]! : undefined;
  };
  const box = String(Array.isArray(p.viewBox) ? p.viewBox.join(" ") : (p.viewBox ?? ""))
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const [bw, bh] = box.length === 4 && box.every(Number.isFinite) ? [box[2]!, box[3]!] : [undefined, undefined];
  const width = length(p.width) ?? bw;
  const height = length(p.height) ?? bh;
  return width !== undefined && height !== undefined ? { width, height } : undefined;
}
