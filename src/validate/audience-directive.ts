/** What `audience` directives mean: which audiences a block is for, and a brief's tree as one audience sees it. */
import type { Root, RootContent } from "mdast";
import type { ContainerDirective, LeafDirective, TextDirective } from "mdast-util-directive";

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

/** Per tree, the parents with an `audience` directive somewhere below them (found once per brief). */
const audienceParents = new WeakMap<Root, WeakSet<object>>();

function parentsOfDirectives(tree: Root): WeakSet<object> {
  let parents = audienceParents.get(tree);
  if (parents) return parents;
  const found = new WeakSet<object>();
  const mark = (node: { children?: readonly RootContent[] }): boolean => {
    let has = false;
    for (const child of node.children ?? [])
      if (("children" in child && mark(child)) || isAudienceDirective(child)) has = true;
    if (has) found.add(node);
    return has;
  };
  mark(tree);
  audienceParents.set(tree, (parents = found));
  return parents;
}

/**
 * The edition of `tree` for `audience`: a new tree in which every parent with an `audience` directive below it is a
 * fresh copy with its children filtered, while every other node (a paragraph, a table, a list without a directive) is
 * shared with `tree`, which is never changed. Much cheaper than cloning the whole tree for each edition; later stages
 * must not mutate the tree.
 */
export function filterForAudience(tree: Root, audience: string): Root {
  const parents = parentsOfDirectives(tree);
  const filter = (children: readonly RootContent[]): RootContent[] => {
    const out: RootContent[] = [];
    for (const child of children) {
      if (isAudienceDirective(child)) {
        if (!shownTo(audienceSpec(child), audience)) continue;
        const inner = filter(child.children as RootContent[]);
        if (child.type === "leafDirective")
          out.push({ type: "paragraph", children: inner, position: child.position } as RootContent);
        else out.push(...inner);
        continue;
      }
      out.push(
        "children" in child && parents.has(child)
          ? ({ ...child, children: filter(child.children as RootContent[]) } as RootContent)
          : child,
      );
    }
    return out;
  };
  return { ...tree, children: filter(tree.children) };
}
