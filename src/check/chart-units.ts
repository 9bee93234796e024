/**
 * The unit of each number in a chart's table: a cell reads "104" but means "USD 104 billion" when the chart's `unit`
 * (or its column heading) says so, and "9" means "9 per cent". Source grounding compares the figure with its unit.
 */
import type { Root } from "mdast";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import { isChartDirective } from "../validate/charts.js";

/** A data cell of a chart, by its offsets in the file, and what its unit makes of a bare number. */
export interface ChartCell {
  start: number;
  end: number;
  scales?: number[] | undefined;
  percent: boolean;
}

const SCALE = /(?<![\p{L}])(trillion|tn|billion|bn|million|mn|thousand)(?![\p{L}])/iu;
const SCALES: Record<string, number> = {
  trillion: 1e12,
  tn: 1e12,
  billion: 1e9,
  bn: 1e9,
  million: 1e6,
  mn: 1e6,
  thousand: 1e3,
};

/** The data cells of every chart in `tree` whose unit gives a scale or a percentage. */
export function chartCells(tree: Root): ChartCell[] {
  const cells: ChartCell[] = [];
  visit(tree, (node) => {
    if (!isChartDirective(node)) return;
    const table = node.children.find((c) => c.type === "table");
    if (!table || table.type !== "table") return;
    const [header, ...rows] = table.children;
    const headings = header?.children.map((c) => toString(c)) ?? [];
    for (const row of rows)
      row.children.forEach((cell, i) => {
        const unit = node.attributes?.unit ?? headings[i] ?? "";
        const scale = SCALE.exec(unit)?.[1]?.toLowerCase();
        const percent = /%|(?<![\p{L}])per\s?cent(?![\p{L}])|(?<![\p{L}])percent/iu.test(unit);
        const [start, end] = [cell.position?.start.offset, cell.position?.end.offset];
        if (i === 0 || start === undefined || end === undefined || (!scale && !percent)) return;
        cells.push({ start, end, scales: scale ? [SCALES[scale]!] : undefined, percent });
      });
  });
  return cells;
}
