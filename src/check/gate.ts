/**
 * The build's gate on source grounding: a brief that names its source text (`source.text`) is checked against it
 * before it is built, as `check` does; a figure or quotation the source does not give is an error on the brief, so
 * its editions are not published (`--allow-ungrounded` makes those errors warnings).
 */
import type { BriefSource } from "../shared/model.js";
import type { BuildOptions } from "../shared/options.js";
import { frontMatterSource } from "./check.js";
import { checkGrounding } from "./grounding.js";
import { proseTree } from "./prose-tree.js";
import type { SourceText } from "./source-text.js";
import { mayNameSourceText } from "../load/front-matter.js";

/** The rules of the grounding check: errors under the gate, warnings with `--allow-ungrounded`. */
const GROUNDING_RULES = new Set(["ungrounded-number", "misquote", "source-text"]);

/** Checks each of `sources` that names a source text against it; the problems go on each brief's file. */
export async function groundBriefs(o: Readonly<BuildOptions>, sources: readonly BriefSource[]): Promise<void> {
  const cache = new Map<string, Promise<SourceText>>();
  for (const source of sources) {
    const doc = String(source.file.value);
    if (!mayNameSourceText(doc)) continue; // no `source.text`: nothing to check against (and no parse)
    const prose = proseTree(doc);
    const from = source.file.messages.length;
    const text = await frontMatterSource(o, source.file, prose.fields, cache);
    if (text) checkGrounding(source.file, prose.tree, text);
    if (o.allowUngrounded)
      for (const m of source.file.messages.slice(from)) if (GROUNDING_RULES.has(m.ruleId ?? "")) m.fatal = false;
  }
}
