/**
 * `<meta http-equiv="refresh">` found the way Chromium finds it: the page's HTML parsed by parse5 (the HTML standard's
 * parser, which hast-util-raw also uses), so that character references (`&#82;efresh`), case, odd separators and a `>`
 * inside another attribute's quotes hide nothing.
 */
import { parse, type DefaultTreeAdapterMap } from "parse5";

type Node = DefaultTreeAdapterMap["node"];

/** Source ranges ([start, end) offsets in `html`) of every meta refresh element, parsed with scripting on and off. */
export function refreshRanges(html: string): Array<[number, number]> {
  const ranges = new Map<number, number>();
  // With scripting off (the print page runs no JavaScript) <noscript> holds markup; with it on, raw text: read both
  // ways.
  for (const scriptingEnabled of [false, true]) {
    const walk = (node: Node): void => {
      if (
        "tagName" in node &&
        node.tagName === "meta" &&
        node.attrs.some((a) => a.name === "http-equiv" && a.value.trim().toLowerCase() === "refresh")
      ) {
        const loc = node.sourceCodeLocation;
        if (loc) ranges.set(loc.startOffset, Math.max(loc.endOffset, ranges.get(loc.startOffset) ?? 0));
      }
      if ("childNodes" in node) for (const child of node.childNodes) walk(child);
      if ("content" in node) walk(node.content as Node);
    };
    walk(parse(html, { sourceCodeLocationInfo: true, scriptingEnabled }));
  }
  return [...ranges].sort((a, b) => a[0] - b[0]);
}
