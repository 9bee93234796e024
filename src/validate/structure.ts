/** Structure rules of a brief: required sections, audience blocks, endnotes, recommendations. */
import type { Nodes, Root, RootContent, Heading, List } from "mdast";
import type { VFile } from "vfile";
import { toString } from "mdast-util-to-string";
import { preorder } from "./preorder.js";
import { fail, warn, didYouMean } from "../shared/problems.js";
import { REQUIRED_SECTIONS } from "../shared/model.js";
import { sectionIdOf, sectionTitle } from "./sections.js";
import type { LanguagePack } from "../shared/model.js";
import { audienceSpec, filterForAudience, isAudienceDirective, shownTo } from "./audience-directive.js";

/** Most recommendations an edition may carry. */
export const MAX_RECOMMENDATIONS = 3;

/** Reports every structural problem of `tree` on `file`. */
export function checkStructure(
  file: VFile,
  tree: Root,
  audienceIds: readonly string[],
  targets: readonly string[],
  pack?: LanguagePack,
): void {
  checkSections(file, tree, pack);
  const nodes = preorder(tree);
  checkDirectives(file, nodes, audienceIds);
  checkFootnotes(file, nodes);
  for (const audience of targets) {
    const copy = filterForAudience(tree, audience);
    checkRecommendations(file, sectionNodes(copy, "recommendations"), audience);
  }
  for (const audience of targets) checkImplications(file, tree, audience, sectionTitle("implications", pack));
}

/** The top-level nodes under the `##` heading with `id`, up to the next `##`. */
export function sectionNodes(tree: Root, id: string): RootContent[] {
  const out: RootContent[] = [];
  let inside = false;
  for (const node of tree.children) {
    if (node.type === "heading" && node.depth <= 2) inside = node.depth === 2 && sectionIdOf(node) === id;
    else if (inside) out.push(node);
  }
  return out;
}

function checkSections(file: VFile, tree: Root, pack: LanguagePack | undefined): void {
  const seen = new Map<string, Heading>();
  for (const node of tree.children) {
    if (node.type !== "heading") continue;
    if (node.depth === 1)
      warn(
        file,
        "A `#` heading in the body: the title comes from the front matter; use `##` for sections.",
        node.position,
        "heading-level",
      );
    if (node.depth !== 2) continue;
    const id = sectionIdOf(node);
    if (seen.has(id))
      fail(
        file,
        `Section \`## ${toString(node)}\` appears twice. Merge the two sections.`,
        node.position,
        "duplicate-section",
      );
    seen.set(id, node);
  }
  for (const id of REQUIRED_SECTIONS) {
    if (!seen.has(id)) {
      const titles = REQUIRED_SECTIONS.map((s) => sectionTitle(s, pack)).join(", ");
      const other =
        pack && pack.id !== "en"
          ? ` (headings in ${pack.name}, as templates/i18n/${pack.id}.yml lists them: ` +
            `${pack.sections[id].join(", ")}; or any heading followed by \`{#${id}}\`)`
          : "";
      fail(
        file,
        `Missing section \`## ${sectionTitle(id, pack)}\`${other}. Every brief has: ${titles}.`,
        { line: 1, column: 1 },
        "missing-section",
      );
    }
  }
}

function checkDirectives(file: VFile, nodes: readonly Nodes[], audienceIds: readonly string[]): void {
  nodes.forEach((node) => {
    if (node.type === "html") {
      warn(
        file,
        "Raw HTML: only an allow-list of safe elements and attributes is kept (no scripts, " +
          "styles, frames or forms). Prefer Markdown.",
        node.position,
        "raw-html",
      );
      return;
    }
    if (node.type !== "containerDirective" && node.type !== "leafDirective" && node.type !== "textDirective") return;
    if (node.type === "containerDirective" && node.name === "chart") return; // validate/charts.ts
    if (node.name !== "audience") {
      if (node.type === "textDirective") return;
      fail(
        file,
        `Unknown directive \`${node.type === "containerDirective" ? ":::" : "::"}${node.name}\`.` +
          `${didYouMean(node.name, ["audience", "chart"])} ` +
          `The directives are \`:::audience{for="…"}\` (or \`not="…"\`) and ` +
          `\`:::chart{type="…" title="…" source="…"}\`.`,
        node.position,
        "unknown-directive",
      );
      return;
    }
    const attrs = Object.keys(node.attributes ?? {});
    const extra = attrs.filter((a) => a !== "for" && a !== "not");
    if (extra.length > 0)
      fail(
        file,
        `Unknown attribute \`${extra[0]}\` on an audience block.${didYouMean(extra[0]!, ["for", "not"])} ` +
          `Use for="us eu" or not="us".`,
        node.position,
        "audience-attribute",
      );
    const spec = audienceSpec(node);
    if (!spec.for && !spec.not) {
      fail(
        file,
        'An audience block names no audience. Write `:::audience{for="us"}` or `:::audience{not="us"}`.',
        node.position,
        "audience-attribute",
      );
      return;
    }
    for (const id of [...(spec.for ?? []), ...(spec.not ?? [])]) {
      if (!audienceIds.includes(id)) {
        fail(
          file,
          `Unknown audience \`${id}\` in an audience block.${didYouMean(id, audienceIds)} ` +
            `Known audiences: ${audienceIds.join(", ")}; a new one is a folder templates/audiences/${id}/ ` +
            `with an audience.yml.`,
          node.position,
          "unknown-audience",
        );
      }
    }
    if (spec.for && spec.for.length === 0)
      fail(
        file,
        'An audience block with an empty `for=""` shows to nobody. Name an audience.',
        node.position,
        "audience-attribute",
      );
  });
}

function checkFootnotes(file: VFile, nodes: readonly Nodes[]): void {
  const definitions = new Map<string, RootContent>();
  const referenced = new Set<string>();
  const ofType = <T extends Nodes["type"]>(type: T) =>
    nodes.filter((n): n is Extract<Nodes, { type: T }> => n.type === type);
  ofType("footnoteDefinition").forEach((node) => {
    if (definitions.has(node.identifier))
      fail(
        file,
        `Endnote \`[^${node.label ?? node.identifier}]\` is defined twice. Remove one definition.`,
        node.position,
        "footnote-duplicate",
      );
    definitions.set(node.identifier, node);
  });
  ofType("footnoteReference").forEach((node) => {
    referenced.add(node.identifier);
    if (!definitions.has(node.identifier)) {
      fail(
        file,
        `Endnote reference \`[^${node.label ?? node.identifier}]\` has no definition. Add ` +
          `a line \`[^${node.label ?? node.identifier}]: …\` at the end of the brief.`,
        node.position,
        "footnote-undefined",
      );
    }
  });
  // Without a definition, GFM leaves `[^x]` as plain text: find it there.
  ofType("text").forEach((node) => {
    for (const m of node.value.matchAll(/\[\^([^\]\s]+)\]/g)) {
      const before = node.value.slice(0, m.index);
      const lines = before.split("\n");
      const start = node.position?.start;
      const place = start && {
        line: start.line + lines.length - 1,
        column: (lines.length === 1 ? start.column : 1) + lines[lines.length - 1]!.length,
      };
      const id = m[1]!.toLowerCase();
      if (definitions.has(id)) {
        // Defined, but where Markdown cannot see it from here (inside an audience block).
        referenced.add(id);
        const at = definitions.get(id)!.position?.start.line;
        fail(
          file,
          `Endnote reference \`[^${m[1]}]\` cannot see its definition${at ? ` on line ${at}` : ""}` +
            `, which is inside a block (e.g. an audience block).` +
            ` Move the line \`[^${m[1]}]: …\` out of the block, to the end of the brief.`,
          place,
          "footnote-undefined",
        );
        continue;
      }
      fail(
        file,
        `Endnote reference \`[^${m[1]}]\` has no definition. Add a line \`[^${m[1]}]: …\` ` +
          `at the end of the brief.`,
        place,
        "footnote-undefined",
      );
    }
  });
  for (const [id, node] of definitions) {
    if (!referenced.has(id)) {
      fail(
        file,
        `Endnote \`[^${id}]\` is defined but never referenced. Cite it in the text with ` +
          `\`[^${id}]\` or delete it.`,
        node.position,
        "footnote-unused",
      );
    }
  }
}

function checkRecommendations(file: VFile, nodes: RootContent[], audience: string): void {
  const lists = nodes.filter((n): n is List => n.type === "list");
  const count = lists.reduce((sum, list) => sum + list.children.length, 0);
  if (count > MAX_RECOMMENDATIONS) {
    const place = lists.flatMap((list) => list.children)[MAX_RECOMMENDATIONS]?.position;
    fail(
      file,
      `The ${audience} edition has ${count} recommendations; at most ${MAX_RECOMMENDATIONS} ` +
        `are allowed. Keep the ${MAX_RECOMMENDATIONS} that matter most.`,
      place,
      "too-many-recommendations",
    );
  }
}

function checkImplications(file: VFile, tree: Root, audience: string, title: string): void {
  const nodes = sectionNodes(tree, "implications");
  // An audience block shown to this audience counts: its own (`for`) or one for every other reader (`not`).
  const own = nodes.some(
    (n) => isAudienceDirective(n as { type: string; name?: string }) && shownTo(audienceSpec(n as never), audience),
  );
  if (nodes.length > 0 && !own) {
    const heading = tree.children.find(
      (n) => n.type === "heading" && n.depth === 2 && sectionIdOf(n) === "implications",
    );
    fail(
      file,
      `No implications written for the ${audience} edition. Add a block \`:::audience{for="${audience}"}\` ` +
        `… \`:::\` under \`## ${title}\` (or one for every other reader, \`:::audience{not="…"}\`).`,
      heading?.position,
      "missing-implications",
    );
  }
}
