/** remark plugin: keeps the `audience` directive blocks meant for one audience, unwraps them, drops the rest. */
import type { Root } from "mdast";
import { filterForAudience } from "../../validate/audience-directive.js";

/** Options of {@link remarkBriefAudience}. */
export interface Options {
  /** The audience of the edition being built. */
  audience: string;
}

/** The plugin: the tree it returns is the edition for `options.audience`. */
export default function remarkBriefAudience(options: Options) {
  return (tree: Root) => filterForAudience(tree, options.audience);
}
