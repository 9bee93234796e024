/** remark plugin: keeps the `audience` directive blocks meant for one audience, unwraps them, drops the rest. */
import type { Root, Parent, RootContent } from "mdast";
import type { ContainerDirective, LeafDirective, TextDirective } from "mdast-util-directive";

/** Options of {@link remarkBriefAudience}. */
export interface Options {
  /** The audience of the edition being built. */
  audience: string;
}

type Directive = ContainerDirective | LeafDirective | TextDirective;

/** Which audiences a directive is for: `for="us eu"` or `not="us"`. */
export function audienceSpec(node: Directive): { for?: string[]; not?: string[] } {
  const split = (v: string | null | undefined) => (v ?? "").split(/[\s,]+/).filter(Boolean);
  const spec: { for?: string[]; not?: string[] } = {};
  if (node.attributes?.for != null) spec.for = split(node.attributes.for);
  if (node.attributes?.not != null) spec.not = split(node.attributes.not);
  return spec;
}

/** True when a directive with `spec` shows in the edition for `audience`. */
export function shownTo(spec: { for?: string[]; not?: string[] }, audience: string): boolean {
  if (spec.for && !spec.for.includes(audience)) return false;
  if (spec.not && spec.not.includes(audience)) return false;
  return true;
}

/** True for an `audience` directive node. */
export function isAudienceDirective(node: { type: string; name?: string }): node is Directive {
  return (
    (node.type === "containerDirective" || node.type === "leafDirective" || node.type === "textDirective") &&
    node.name === "audience"
  );
}

/** Filters `tree` in place for `audience`. */
export function filterForAudience(tree: Root, audience: string): void {
  const walk = (parent: Parent) => {
    const out: RootContent[] = [];
    for (const child of parent.children) {
      if (isAudienceDirective(child)) {
        if (!shownTo(audienceSpec(child), audience)) continue;
        walk(child);
        if (child.type === "leafDirective") out.push({ type: "paragraph", children: child.children, position: child.position });
        else out.push(...(child.children as RootContent[]));
        continue;
      }
      if ("children" in child) walk(child);
      out.push(child);
    }
    parent.children = out as Parent["children"];
  };
  walk(tree);
}

/** The plugin: filter the tree for `options.audience`. */
export default function remarkBriefAudience(options: Options) {
  return (tree: Root) => filterForAudience(tree, options.audience);
}
