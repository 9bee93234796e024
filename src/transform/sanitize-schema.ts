/**
 * The allow-list of HTML a brief may produce: GitHub's schema, minus anything that loads, runs, submits or restyles.
 */
import { defaultSchema } from "rehype-sanitize";
import type { Options as Schema } from "rehype-sanitize";

/** Elements removed with everything inside them (their text is code, styles or fallback content, never memo text). */
const STRIPPED = [
  "script",
  "style",
  "template",
  "noscript",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "noembed",
  "noframes",
  "svg",
  "math",
  "textarea",
  "select",
  "title",
  "xmp",
  "plaintext",
  "audio",
  "video",
  "canvas",
];

/** Elements of GitHub's list dropped here: form controls, and sources that fetch (`srcset`). */
const DROPPED = new Set(["input", "picture", "source"]);

/** Attributes allowed on every element, minus styles and form submission. */
const DROPPED_ATTRIBUTES = new Set([
  "style",
  "action",
  "accept",
  "acceptCharset",
  "encType",
  "method",
  "useMap",
  "isMap",
]);

/** Elements, attributes and URL protocols that survive into a memo. */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  // Links a reader may follow; images only as data: URLs (rehype-brief-urls reports every other image before this
  // runs).
  protocols: {
    href: ["http", "https", "mailto"],
    src: ["data"],
    cite: ["http", "https"],
  },
  strip: STRIPPED,
  tagNames: [...(defaultSchema.tagNames ?? []).filter((t) => !DROPPED.has(t) && !STRIPPED.includes(t)), "figure"],
  attributes: {
    ...Object.fromEntries(Object.entries(defaultSchema.attributes ?? {}).filter(([tag]) => !DROPPED.has(tag))),
    img: ["ariaDescribedBy", "ariaLabel", "ariaLabelledBy", "src"],
    // A chart's place, kept only on figures made from a `:::chart` directive (rehype-brief-charts).
    figure: [["dataBriefChart", /^\d+$/]],
    "*": (defaultSchema.attributes?.["*"] ?? []).filter((a) => typeof a !== "string" || !DROPPED_ATTRIBUTES.has(a)),
  },
  required: {},
};
