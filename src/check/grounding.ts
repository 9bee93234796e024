/** Source grounding: every figure in a brief's prose is one its source gives, and every quotation is word for word. */
import type { Root } from "mdast";
import type { VFile } from "vfile";
import { fail } from "../shared/problems.js";
import { pointsOf } from "./align.js";
import { findFigures, numberKey, type Quantity } from "./figures.js";
import { findQuotations, matchQuotation } from "./quotations.js";
import { proseRuns } from "./prose-runs.js";
import type { FigureIndex, SourceText } from "./source-text.js";
import { chartCells } from "./chart-units.js";
import { visit } from "unist-util-visit";
import type { TextDirective } from "mdast-util-directive";

/** Addresses whose digits are not figures: URLs, DOIs, ISBNs. */
const REFERENCES =
  /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+|\bdoi:\s*\S+|\b10\.\d{4,9}\/\S+|\bISBN(?:-1[03])?:?\s*[\dX][\dX -]{8,}[\dX]/giu;

/** Reports, on `file`, each figure and quotation in `tree` that `source` does not give. */
export function checkGrounding(file: VFile, tree: Root, source: SourceText): void {
  const point = pointsOf(String(file.value));
  const cells = chartCells(tree);
  for (const run of proseRuns(tree)) {
    const place = (start: number, end: number) => ({
      start: point(run.offsets[start]!),
      end: point(run.offsets[end - 1]! + 1),
    });
    const text = run.text.replace(REFERENCES, (m) => " ".repeat(m.length));
    for (const figure of findFigures(text)) {
      // A bare number in a chart's table takes the chart's unit ("104" in USD billion, "9" in per cent).
      const at = run.offsets[figure.start]!;
      const cell = cells.find((c) => c.start <= at && at < c.end);
      const quantities = figure.quantities.map((q) =>
        cell && !q.percent && q.scales.length === 1 && q.scales[0] === 1
          ? { ...q, scales: cell.scales ?? q.scales, percent: cell.percent }
          : q,
      );
      const missing = quantities.filter((q) => !grounded(q, source.figures));
      if (missing.length === 0) continue;
      const range =
        figure.quantities.length > 1
          ? ` (it never gives ${missing.map((q) => numberKey(q.mantissa)).join(" or ")})`
          : "";
      const rounds = missing.some((q) => q.approximate) ? ", nor a figure that rounds to it" : "";
      fail(
        file,
        `Figure \`${figure.text}\` is not in the source text ${source.name}${range}${rounds}. ` +
          `Use the figure the source gives, or cut it.`,
        place(figure.start, figure.end),
        "ungrounded-number",
      );
    }
    for (const quotation of findQuotations(run.text)) {
      const match = matchQuotation(quotation.text, source.quotes);
      if (match.ok) continue;
      const where = match.matched
        ? `it follows the source as far as “${short(match.matched)}”, then differs`
        : `the source has no passage like “${short(match.fragment)}”`;
      fail(
        file,
        `Quotation “${short(quotation.text)}” is not word for word in the source text ${source.name}: ` +
          `${where}. Quote exactly (mark cuts with … and insertions with [ ]), or paraphrase ` +
          `without quotation marks.`,
        place(quotation.start, quotation.end),
        "misquote",
      );
    }
  }
  // A quotation given in translation is grounded by the original it carries.
  visit(tree, "textDirective", (node: TextDirective) => {
    const original = node.name === "quote" ? node.attributes?.original?.trim() : undefined;
    if (!original) return;
    const match = matchQuotation(original, source.quotes);
    if (match.ok) return;
    const where = match.matched
      ? `it follows the source as far as “${short(match.matched)}”, then differs`
      : `the source has no passage like “${short(match.fragment)}”`;
    fail(
      file,
      `The original of this translated quotation, “${short(original)}”, is not word for word in the source text ` +
        `${source.name}: ${where}. Give the source's words exactly in \`original\` (mark cuts with …).`,
      node.position,
      "misquote",
    );
  });
}

/**
 * True when the source gives `q`: the same number at the same scale ("245 billion" = "USD 245bn" = "245,000 million"),
 * or the same digits without a scale word (a table with the unit in its heading). An approximate figure
 * ("about 200") may be any source figure that rounds to it. A percentage must be one the source gives as a percentage.
 */
export function grounded(q: Quantity, index: FigureIndex): boolean {
  if (q.percent)
    return (
      index.percents.has(numberKey(q.mantissa)) ||
      (q.approximate && index.percentValues.some((v) => Math.abs(v - q.mantissa) <= q.unit / 2))
    );
  if (index.bare.has(numberKey(q.mantissa))) return true;
  if (q.scales.some((s) => index.totals.has(numberKey(q.mantissa * s)))) return true;
  if (!q.approximate) return false;
  return q.scales.some((s) => index.values.some((v) => Math.abs(v - q.mantissa * s) <= (q.unit * s) / 2));
}

function short(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}
