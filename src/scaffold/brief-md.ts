/** The text of a new brief (`new brief <slug>`): every front-matter field explained, each section with a stub. */

/** What the scaffold needs: the slug, a title, today's date, the audiences (id and name) it is written for. */
export interface BriefScaffold {
  slug: string;
  title: string;
  /** ISO date, e.g. 2026-01-15. */
  date: string;
  audiences: readonly { id: string; name: string }[];
}

/** A brief that builds as it stands (every audience has its implications and recommendations), to be rewritten. */
export function briefMd(s: BriefScaffold): string {
  const ids = s.audiences.map((a) => a.id);
  const perAudience = (make: (name: string) => string[]) =>
    s.audiences.flatMap((a) => [`:::audience{for="${a.id}"}`, ...make(a.name), ":::", ""]);
  const everyOther = (lines: string[]) => [`:::audience{not="${ids.join(" ")}"}`, ...lines, ":::", ""];
  return [
    "---",
    `title: ${JSON.stringify(s.title)}`,
    'subtitle: "One line that says what the memo argues"',
    `short_title: ${JSON.stringify(s.title.slice(0, 60))}   # the PDF's running header, at most 60 characters`,
    `date: ${s.date}                    # ISO date; printed in each audience's locale`,
    "authors:",
    "  - Policy Analysis Team",
    "source:                             # the paper this brief derives from",
    '  author: "Author of the paper"',
    '  title: "Title of the paper"',
    '  publisher: "Its publisher"',
    `  date: ${s.date.slice(0, 7)}                      # YYYY, YYYY-MM or YYYY-MM-DD`,
    "  # url: https://example.org/paper  # optional, http(s) only",
    "  # text: ../sources/paper.txt      # a plain-text copy: `check` then grounds every figure and quotation",
    `audiences: [${ids.join(", ")}]        # the editions; remove this line for every audience`,
    "marking: TLP:CLEAR                  # TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED, PUBLIC, …",
    "bluf: >-",
    "  The bottom line up front, in two or three sentences: what is happening and what to do about it.",
    "keywords: [keyword]",
    "# budgets: { pages: 2, words: 900 }  # optional; default: the audience's, then brand.yml's",
    "---",
    "",
    "## Executive summary",
    "",
    "- The first point a reader must take away.",
    "- The second point.",
    "",
    "## Key judgements",
    "",
    "1. **A judgement in bold.** The reasoning behind it, in a sentence or two.",
    "",
    "## Analysis",
    "",
    "### The first question",
    "",
    "The evidence and the argument. Cite the paper with an endnote.[^source]",
    "",
    "## Implications",
    "",
    ...perAudience((name) => [`What this means for readers of the ${name} edition.`]),
    ...everyOther(["What this means for any other reader (an audience added later sees this block)."]),
    "## Recommendations",
    "",
    ...perAudience((name) => [`1. **Who should act** should do what, for the ${name} edition (at most three).`]),
    ...everyOther(["1. **Who should act** should do what (at most three)."]),
    '[^source]: Author of the paper, *Title of the paper*, section "…".',
    "",
  ].join("\n");
}
