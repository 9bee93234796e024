/**
 * Which section a `##` heading opens: an explicit id (`## Résumé {#executive-summary}`), else a heading the language
 * pack of the brief accepts for a required section, else the heading's slug.
 */
import type { Heading, Root } from "mdast";
import type { VFile } from "vfile";
import { toString } from "mdast-util-to-string";
import { REQUIRED_SECTIONS, type LanguagePack } from "../shared/model.js";
import { fail } from "../shared/problems.js";
import { slugify } from "./slug.js";

/** `{#id}` at the end of a heading. */
const EXPLICIT_ID = /[ \t]*\{#([a-z0-9][a-z0-9-]{0,63})\}[ \t]*$/;

/** The headings of the required sections when no language pack is given (English). */
const ENGLISH: Record<string, string[]> = {
  "executive-summary": ["Executive summary"],
  "key-judgements": ["Key judgements"],
  analysis: ["Analysis"],
  implications: ["Implications"],
  recommendations: ["Recommendations"],
};

/** The usual heading of section `id` in `pack` (English without one). */
export function sectionTitle(id: string, pack: LanguagePack | undefined): string {
  return (pack?.sections as Record<string, string[]> | undefined)?.[id]?.[0] ?? ENGLISH[id]?.[0] ?? id;
}

/** The section id of a `##` heading (set by {@link assignSectionIds}; else its slug). */
export function sectionIdOf(heading: Heading): string {
  return (heading.data as { sectionId?: string } | undefined)?.sectionId ?? slugify(toString(heading));
}

/** Heading text as compared with a pack's: case, accents, spaces and a closing colon do not matter. */
function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .replace(/[\s:：.]+$/u, "")
    .trim();
}

function matchIn(sections: Record<string, string[]>, text: string): string | undefined {
  const n = normalize(text);
  return REQUIRED_SECTIONS.find((id) => sections[id]?.some((h) => normalize(h) === n));
}

/**
 * Gives every `##` heading of `tree` its section id (in its data, and as the id the HTML heading carries), removing
 * a written `{#id}` from its text. A heading that another language's pack gives for a required section, in a brief
 * whose own pack does not, is an error: the brief's `lang` and its headings disagree.
 */
export function assignSectionIds(
  file: VFile,
  tree: Root,
  pack: LanguagePack | undefined,
  packs: Record<string, LanguagePack>,
): void {
  const own = (pack?.sections as Record<string, string[]> | undefined) ?? ENGLISH;
  for (const node of tree.children) {
    if (node.type !== "heading" || node.depth !== 2) continue;
    const last = node.children.at(-1);
    const explicit = last?.type === "text" ? EXPLICIT_ID.exec(last.value) : null;
    let id: string | undefined;
    if (explicit && last?.type === "text") {
      last.value = last.value.slice(0, explicit.index);
      id = explicit[1]!;
    } else {
      const text = toString(node);
      id = matchIn(own, text);
      if (id === undefined) {
        const other = Object.values(packs).find((p) => p.id !== pack?.id && matchIn(p.sections, text) !== undefined);
        if (other) {
          const meant = matchIn(other.sections, text)!;
          fail(
            file,
            `\`## ${text}\` is a heading in ${other.name} (${other.id}), but this brief is written in ` +
              `${pack?.name ?? "English"} (\`lang: ${pack?.id ?? "en"}\`). ` +
              `Write \`## ${sectionTitle(meant, pack)}\`, ` +
              `set \`lang: ${other.id}\` in the front matter if the brief is in ${other.name}, or keep the heading ` +
              `and name its section: \`## ${text} {#${meant}}\`.`,
            node.position,
            "heading-language",
          );
          id = meant;
        } else id = slugify(text) || undefined;
      }
    }
    if (id === undefined) continue;
    node.data = { ...node.data, sectionId: id, hProperties: { ...node.data?.hProperties, id } } as Heading["data"];
  }
}
