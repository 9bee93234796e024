/**
 * Parse step: turns text directives other than `:audience[…]`, `:ref[…]` and `:quote[…]` back into the text they
 * came from
 * ("10:30", "Note:this").
 */
import type { Root, Text } from "mdast";
import type { TextDirective } from "mdast-util-directive";
import { toString } from "mdast-util-to-string";
import { visit, SKIP } from "unist-util-visit";

/** Restores unknown text directives in place. */
export function restoreTextDirectives(tree: Root): void {
  visit(tree, "textDirective", (node: TextDirective, index, parent) => {
    if (node.name === "audience" || node.name === "ref" || node.name === "quote" || !parent || index === undefined)
      return;
    const label = node.children.length > 0 ? `[${toString(node)}]` : "";
    const text: Text = { type: "text", value: `:${node.name}${label}`, position: node.position };
    parent.children.splice(index, 1, text);
    return [SKIP, index + 1];
  });
}
