/**
 * A walk over a hast tree's elements for the transform stage's hot path: every edition walks its tree a dozen times,
 * and `unist-util-visit` makes a closure and runs a test per node, which a profile of 3,000 memos put at an eighth of
 * the stage's time.
 */
import type { Root, Element } from "hast";

/**
 * Called on each element, before its children. It may change the element's properties and children (the walk then goes
 * into the new children); returning an index skips the element's children and goes on at that index of the parent's
 * children (as `[SKIP, index]` does in `unist-util-visit`), for a visitor that replaced the element there.
 */
export type ElementVisitor = (node: Element, index: number, parent: Root | Element) => number | void;

/** Every element of `tree` in document order (preorder), as `visit(tree, "element", fn)` but without its overhead. */
export function eachElement(tree: Root | Element, fn: ElementVisitor): void {
  for (let i = 0; i < tree.children.length; i++) {
    const node = tree.children[i]!;
    if (node.type !== "element") continue;
    const next = fn(node, i, tree);
    if (typeof next === "number") i = next - 1;
    else eachElement(node, fn);
  }
}
