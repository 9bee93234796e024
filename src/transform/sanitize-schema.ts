/** The allow-list of HTML a brief may produce: GitHub's schema, minus anything that loads or runs. */
import { defaultSchema } from "rehype-sanitize";
import type { Options as Schema } from "rehype-sanitize";

/** Elements, attributes and URL protocols that survive into a memo. */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  // Images may only come from the brief's Markdown as data: images or relative paths; remote ones are blocked at print.
  protocols: {
    ...defaultSchema.protocols,
    href: ["http", "https", "mailto"],
    src: ["https", "http"],
    cite: ["http", "https"],
  },
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => !["input"].includes(t)),
  attributes: {
    ...defaultSchema.attributes,
    "*": (defaultSchema.attributes?.["*"] ?? []).filter((a) => a !== "style"),
  },
};
