/**
 * rehype plugin: after sanitizing (which prefixes ids with `user-content-`), points `#fragment` links and ARIA
 * references at the ids that exist.
 */
import type { Root, Element } from "hast";
import { eachElement } from "../each-element.js";

/** Options of {@link rehypeBriefFragmentLinks}. */
export interface Options {
  /** The prefix the sanitizer put before ids (default `user-content-`). */
  prefix?: string;
  /** Ids renamed after sanitizing: old → new (e.g. the endnotes label). */
  renamed?: Record<string, string>;
}

/** The plugin. */
export default function rehypeBriefFragmentLinks(options: Options = {}) {
  const prefix = options.prefix ?? "user-content-";
  const renamed = options.renamed ?? {};
  return (tree: Root) => {
    const ids = new Set<string>();
    eachElement(tree, (node: Element) => {
      if (typeof node.properties?.id === "string") ids.add(node.properties.id);
    });
    const resolve = (target: string): string | undefined =>
      ids.has(target)
        ? target
        : renamed[target] && ids.has(renamed[target])
          ? renamed[target]
          : ids.has(prefix + target)
            ? prefix + target
            : undefined;
    eachElement(tree, (node: Element) => {
      if (node.properties?.dataFootnoteBackref !== undefined) relabelBackref(node);
      const href = node.properties?.href;
      if (typeof href === "string" && href.startsWith("#") && href.length > 1) {
        const target = resolve(decodeFragment(href.slice(1)));
        if (target) node.properties.href = `#${target}`;
      }
      for (const key of ["ariaDescribedBy", "ariaLabelledBy"] as const) {
        const value = node.properties?.[key];
        if (!Array.isArray(value)) continue;
        const kept = value.map((v) => resolve(String(v))).filter((v): v is string => v !== undefined);
        if (kept.length > 0) node.properties[key] = kept;
        else delete node.properties[key];
      }
    });
  };
}

/**
 * An endnote's back-link: a visible "↩" (hidden from screen readers) and a spoken "Back to reference N" (no aria-label
 * that would differ from the visible text).
 */
function relabelBackref(node: Element): void {
  const label = typeof node.properties.ariaLabel === "string" ? node.properties.ariaLabel : "Back to reference";
  delete node.properties.ariaLabel;
  node.children = [
    { type: "element", tagName: "span", properties: { ariaHidden: "true" }, children: [{ type: "text", value: "↩" }] },
    {
      type: "element",
      tagName: "span",
      properties: { className: ["visually-hidden"] },
      children: [{ type: "text", value: label }],
    },
  ];
}

/** A fragment as the id it names (`%20` → space); a malformed escape is kept as written. */
function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
