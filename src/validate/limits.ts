/**
 * Before remark-parse: refuses Markdown shaped to make the parsers slow or overflow the stack (deep nesting, huge
 * tables, delimiter bombs).
 */
import type { VFile } from "vfile";
import { fail } from "../shared/problems.js";

/** Shape limits for a brief's body: far above any real memo, far below what slows the parsers down. */
export const SHAPE_LIMITS = {
  /** Block quotes, list items and indentation (two columns a level) on one line. */
  depth: 32,
  /** Raw HTML elements open at once. */
  htmlDepth: 64,
  /** `:::` blocks open at once. */
  directiveDepth: 8,
  /** Cells in one table row, and rows in one table. */
  tableColumns: 32,
  tableRows: 500,
  /** A run of `*`, `_` or `~` (emphasis delimiters) outside code. */
  delimiterRun: 100,
  /** Emphasis delimiter runs in one paragraph, and in the whole brief (the emphasis resolver is quadratic in them). */
  delimitersPerParagraph: 400,
  delimitersPerBrief: 20_000,
  /** `[` open at once in a paragraph (nested link text), and `[` in the whole brief. */
  bracketDepth: 32,
  bracketsPerBrief: 20_000,
  /** List items in the whole brief. */
  listItems: 2_000,
  /** Raw HTML tags in the whole brief. */
  htmlTags: 2_000,
} as const;

const DELIMITER_RUN = new RegExp(`[*_~]{${SHAPE_LIMITS.delimiterRun + 1}}`);

/** Elements without content, or whose end tag the HTML parser adds itself: they never deepen the tree. */
const SHALLOW = new Set(
  "area base br col embed hr img input link meta source track wbr p li dt dd tr td " +
    "th thead tbody tfoot option optgroup rb rt rtc rp colgroup caption html head body".split(" "),
);

/**
 * Scans the body of a brief (`text` from offset `from`) in one linear pass; reports the first line over each limit
 * on `file` as an error. Returns false when any limit is exceeded (the brief is then not parsed).
 */
export function checkLimits(file: VFile, text: string, from = 0): boolean {
  const found = new Set<string>();
  const over = (kind: string, line: number, reason: string) => {
    if (found.has(kind)) return;
    found.add(kind);
    fail(file, `${reason} Simplify this part of the brief.`, { line, column: 1 }, "brief-too-complex");
  };
  const L = SHAPE_LIMITS;
  let line = text.slice(0, from).split("\n").length;
  let fence: string | undefined;
  let htmlDepth = 0;
  let directives = 0;
  let tableRows = 0;
  let paragraphDelimiters = 0;
  let briefDelimiters = 0;
  let brackets = 0;
  let bracketDepth = 0;
  let listItems = 0;
  let htmlTags = 0;
  for (const raw of text.slice(from).split("\n")) {
    const { depth, rest } = containers(raw);
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(rest)?.[1];
    if (fence !== undefined) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && rest.trim() === fenceMark)
        fence = undefined;
      line++;
      continue;
    }
    if (fenceMark) fence = fenceMark;
    if (depth > L.depth)
      over(
        "depth",
        line,
        `Line ${line} is nested ${depth} levels deep (block quotes, lists or indentation); ` +
          `at most ${L.depth} are allowed.`,
      );
    if (/^ {0,3}:{3,}\s*$/.test(rest)) directives = Math.max(0, directives - 1);
    else if (/^ {0,3}:{3,}[A-Za-z]/.test(rest) && ++directives > L.directiveDepth)
      over(
        "directives",
        line,
        `Line ${line} opens a \`:::\` block inside ${directives - 1} others; at most ${L.directiveDepth} ` +
          `may be open at once.`,
      );
    const pipes = rest.split("|").length - 1;
    tableRows = pipes > 0 ? tableRows + 1 : 0;
    if (pipes > L.tableColumns + 1)
      over(
        "columns",
        line,
        `The table row on line ${line} has about ${pipes - 1} columns; at most ${L.tableColumns} ` + `are allowed.`,
      );
    if (tableRows > L.tableRows)
      over("rows", line, `The table that reaches line ${line} has more than ${L.tableRows} rows.`);
    if (rest.trim() === "") paragraphDelimiters = bracketDepth = 0; // a blank line ends a paragraph
    if (depth > 0 && LIST_ITEM.test(raw) && ++listItems > L.listItems)
      over("list-items", line, `Line ${line} starts list item ${listItems}; a brief may have at most ${L.listItems}.`);
    const prose = rest.replace(/`[^`]*`/g, "");
    const delimiters = prose.match(DELIMITERS)?.length ?? 0;
    paragraphDelimiters += delimiters;
    briefDelimiters += delimiters;
    if (paragraphDelimiters > L.delimitersPerParagraph)
      over(
        "paragraph-delimiters",
        line,
        `The paragraph that reaches line ${line} has more than ${L.delimitersPerParagraph} runs of \`*\`, \`_\` or ` +
          `\`~\` (emphasis marks).`,
      );
    if (briefDelimiters > L.delimitersPerBrief)
      over(
        "brief-delimiters",
        line,
        `By line ${line} the brief has more than ${L.delimitersPerBrief} runs of emphasis marks (\`*\`, \`_\`, \`~\`).`,
      );
    for (const c of prose.match(BRACKETS) ?? []) {
      if (c === "]") {
        bracketDepth = Math.max(0, bracketDepth - 1);
        continue;
      }
      if (++bracketDepth > L.bracketDepth)
        over(
          "bracket-depth",
          line,
          `Line ${line} opens a \`[\` inside ${bracketDepth - 1} others; at most ${L.bracketDepth} ` +
            `may be open at once.`,
        );
      if (++brackets > L.bracketsPerBrief)
        over("brackets", line, `By line ${line} the brief has more than ${L.bracketsPerBrief} \`[\` characters.`);
    }
    if (DELIMITER_RUN.test(prose))
      over(
        "delimiters",
        line,
        `Line ${line} has a run of more than ${L.delimiterRun} \`*\`, \`_\` or \`~\` characters.`,
      );
    for (const tag of prose.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(?:\/?>|$)/g)) {
      if (++htmlTags > L.htmlTags)
        over("html-tags", line, `By line ${line} the brief has more than ${L.htmlTags} HTML tags.`);
      if (SHALLOW.has(tag[2]!.toLowerCase())) continue;
      htmlDepth = tag[1] ? Math.max(0, htmlDepth - 1) : htmlDepth + 1;
      if (htmlDepth > L.htmlDepth)
        over(
          "html",
          line,
          `Line ${line} opens an HTML element inside ${htmlDepth - 1} others; at most ${L.htmlDepth} ` +
            `may be open at once.`,
        );
    }
    line++;
  }
  return found.size === 0;
}

/**
 * How deep the containers that start `line` go (`>` and list markers, plus indentation at two columns a level), and the
 * rest of the line.
 */
function containers(line: string): { depth: number; rest: string } {
  let depth = 0;
  let columns = 0;
  let i = 0;
  // Stops one past the limit: the depth only needs to be known up to there.
  while (depth + Math.floor(columns / 2) <= SHAPE_LIMITS.depth) {
    while (line[i] === " " || line[i] === "\t") columns += line[i++] === "\t" ? 4 : 1;
    if (line[i] === ">") {
      depth++;
      i++;
      continue;
    }
    const marker = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(i, i + 11));
    if (!marker || THEMATIC_BREAK.test(line.slice(i))) break;
    depth++;
    i += marker[0].length;
  }
  return { depth: depth + Math.floor(columns / 2), rest: line.slice(i) };
}

/** Runs of emphasis delimiters, and brackets (escaped ones do not count). */
const DELIMITERS = /(?<!\\)[*_~]+/g;
const BRACKETS = /(?<!\\)[[\]]/g;

/** A line that starts a list item (after any block quote markers). */
const LIST_ITEM = /^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

/** `- - -` or `***`: a rule, not list items. */
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
