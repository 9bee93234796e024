/**
 * Plain-language warnings: retext-readability, retext-passive and retext-simplify, bridged from the Markdown by
 * remark-retext.
 */
import { unified, type Processor } from "unified";
import remarkRetext from "remark-retext";
import retextEnglish from "retext-english";
import retextReadability from "retext-readability";
import retextPassive from "retext-passive";
import retextSimplify from "retext-simplify";
import type { Root } from "mdast";
import type { Root as NlcstRoot } from "nlcst";
import { VFile } from "vfile";
import { proseRuns } from "./prose-runs.js";
import { findQuotations } from "./quotations.js";

/**
 * Readability for policy prose. Readers are graduates, so the target age is 22 (the plugin's default, 16,
 * flags most sentences of a policy memo); sentences under 8 words are skipped, as one proper noun skews
 * the formulas; 4 of the 7 formulas must agree (the plugin's default).
 */
export const READABILITY = { age: 22, minWords: 8, threshold: 4 / 7 } as const;

/**
 * retext-simplify entries that are the right word in policy prose (nouns such as "effect" or "attempt", terms such as
 * "aircraft").
 */
export const SIMPLIFY_IGNORE = [
  "aircraft",
  "attempt",
  "combined",
  "component",
  "effect",
  "forward",
  "function",
  "option",
  "reflect",
  "type",
  "vice",
];

/**
 * Markdown nodes the plain-language checks skip: endnotes are citations, not prose (tables and code are skipped
 * anyway).
 */
const IGNORE = ["footnoteDefinition"];

const retext = unified()
  .use(retextEnglish)
  .use(retextReadability, READABILITY)
  .use(retextPassive)
  // remark-retext types a bare parser processor
  .use(retextSimplify, { ignore: SIMPLIFY_IGNORE }) as unknown as Processor<NlcstRoot>;

const bridge = unified().use(remarkRetext, retext, { ignore: IGNORE });

/**
 * Adds the plugins' warnings (their own ruleId and source) to `file`, at their place in `tree`.
 * Words inside quotation marks are the source's, not the writer's: warnings that start there are dropped.
 */
export async function checkPlainLanguage(file: VFile, tree: Root): Promise<void> {
  const scratch = new VFile({ path: file.path, value: file.value });
  await bridge.run(tree, scratch);
  const quoted = proseRuns(tree).flatMap((run) =>
    findQuotations(run.text).map((q) => [run.offsets[q.start]!, run.offsets[q.end - 1]!] as const),
  );
  for (const message of scratch.messages) {
    const offset = message.place && "start" in message.place ? message.place.start.offset : message.place?.offset;
    if (offset !== undefined && quoted.some(([start, end]) => offset > start && offset < end)) continue;
    file.messages.push(message);
  }
}
