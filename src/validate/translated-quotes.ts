/**
 * Parse step: a quotation given in translation, `:quote[the words translated]{original="the source's words"}`, must
 * carry both, so that the memo can show the original beside it and `check --source` can ground it word for word; an
 * original not in English names its language (`lang="ru"`).
 */
import type { Root } from "mdast";
import type { VFile } from "vfile";
import type { TextDirective } from "mdast-util-directive";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import { fail } from "../shared/problems.js";

/** Reports, on `file`, each `:quote` without its translation or its `original`. */
export function checkTranslatedQuotes(file: VFile, tree: Root): void {
  visit(tree, "textDirective", (node: TextDirective) => {
    if (node.name !== "quote") return;
    const original = node.attributes?.original?.trim();
    const lang = node.attributes?.lang;
    const unknown = Object.keys(node.attributes ?? {}).filter((k) => k !== "original" && k !== "lang");
    const badLang = lang !== undefined && lang !== null && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang);
    if (!toString(node).trim() || !original || unknown.length > 0 || badLang)
      fail(
        file,
        'A quotation in translation is written `:quote[the words, translated]{original="the source\'s words"}`: ' +
          (unknown.length > 0
            ? `\`${unknown[0]}\` is not one of its attributes (only \`original\` and \`lang\`).`
            : badLang
              ? `its \`lang\` "${lang}" is not a language tag: write the original's language as \`lang="ru"\` ` +
                "(English, the default, needs none)."
              : !original
                ? "its `original` is missing or empty. Give the words as the source has them, so that readers see " +
                  "them and `check --source` can ground them."
                : "its translation (between the brackets) is empty."),
        node.position,
        "translated-quote",
      );
  });
}
