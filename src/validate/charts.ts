/**
 * Chart directives: `:::chart{type="bar" title="…" source="…"}` around one Markdown table. The first column holds the
 * categories (years, countries), each further column a series of numbers. Every problem is an error at its place.
 */
import type { Root, Table, TableCell } from "mdast";
import type { ContainerDirective, TextDirective } from "mdast-util-directive";
import type { VFile } from "vfile";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import { fail, didYouMean } from "../shared/problems.js";
import type { ChartData, ChartType } from "../shared/model.js";

/** The kinds of chart a brief may draw. */
export const CHART_TYPES = ["bar", "grouped-bar", "line", "stacked-100"] as const satisfies readonly ChartType[];

/** Options a chart directive takes (type, title and source are required). */
export const CHART_OPTIONS = ["type", "title", "source", "unit", "alt", "id"] as const;

/** Most rows (categories) and value columns (series) a chart may have. */
export const CHART_LIMITS = { rows: 40, series: 6 } as const;

/** True for a chart directive node. */
export function isChartDirective(node: { type: string; name?: string }): node is ContainerDirective {
  return node.type === "containerDirective" && node.name === "chart";
}

/** True for a figure reference, `:ref[id]`. */
export function isFigureReference(node: { type: string; name?: string }): node is TextDirective {
  return node.type === "textDirective" && node.name === "ref";
}

/**
 * Reads every chart directive of `tree`; an invalid one is reported and left out. Every `:ref[id]` must name a chart's
 * id, and no two charts may share one.
 */
export function readCharts(file: VFile, tree: Root): ChartData[] {
  const charts: ChartData[] = [];
  visit(tree, (node) => {
    if (!isChartDirective(node)) return;
    const chart = readChart(file, node);
    if (chart) charts.push(chart);
  });
  const ids = charts.flatMap((c) => (c.id ? [c.id] : []));
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i)
      fail(file, `Two charts have the id \`${id}\`. Give each its own.`, undefined, "figure-reference");
  });
  visit(tree, (node) => {
    if (!isFigureReference(node)) return;
    const id = toString(node).trim();
    if (!ids.includes(id))
      fail(
        file,
        `Figure reference \`:ref[${id}]\` names no chart.${didYouMean(id, ids)} ` +
          `Give the chart \`id="${id || "name"}"\` in its \`:::chart{…}\`` +
          (ids.length ? ` (chart ids: ${ids.join(", ")}).` : "."),
        node.position,
        "figure-reference",
      );
  });
  return charts;
}

function readChart(file: VFile, node: ContainerDirective): ChartData | undefined {
  const at = node.position;
  const attrs = node.attributes ?? {};
  let ok = true;
  const error = (reason: string, place = at, rule = "chart") => {
    fail(file, reason, place, rule);
    ok = false;
  };
  for (const key of Object.keys(attrs))
    if (!(CHART_OPTIONS as readonly string[]).includes(key))
      error(
        `Unknown chart option \`${key}\`.${didYouMean(key, CHART_OPTIONS)} A chart takes ${CHART_OPTIONS.join(", ")}.`,
      );
  const type = attrs.type ?? "";
  if (!(CHART_TYPES as readonly string[]).includes(type))
    error(
      type
        ? `Unknown chart type \`${type}\`.${didYouMean(type, CHART_TYPES)} Use one of: ${CHART_TYPES.join(", ")}.`
        : `A chart needs a type: \`:::chart{type="bar" title="…" source="…"}\` (${CHART_TYPES.join(", ")}).`,
    );
  for (const key of ["title", "source"] as const)
    if (!attrs[key]?.trim())
      error(
        `A chart needs a ${key}: add \`${key}="…"\` to \`:::chart{…}\`` +
          (key === "source" ? ' (printed as "Source: …" under the chart).' : " (its caption)."),
      );
  const tables = node.children.filter((c): c is Table => c.type === "table");
  const others = node.children.filter((c) => c.type !== "table");
  if (tables.length !== 1 || others.length > 0) {
    error(
      "A chart holds exactly one Markdown table and nothing else: the first column the categories, " +
        "each other column a series of numbers, with a header row.",
      others[0]?.position ?? tables[1]?.position ?? at,
    );
    return undefined;
  }
  const table = tables[0]!;
  const [header, ...body] = table.children;
  const headers = header!.children.map((c) => toString(c).trim());
  if (headers.length < 2)
    error("A chart table needs at least two columns: the categories, then one column of numbers.", table.position);
  if (headers.some((h) => h === ""))
    error("Every column of a chart table needs a heading (it names the series).", header!.position);
  const series = headers.slice(1);
  if (series.length > CHART_LIMITS.series)
    error(`A chart may have at most ${CHART_LIMITS.series} series (value columns).`, header!.position);
  if (body.length === 0 || body.length > CHART_LIMITS.rows)
    error(`A chart table needs 1 to ${CHART_LIMITS.rows} rows of data; it has ${body.length}.`, table.position);
  if (type === "bar" && series.length > 1)
    error(`A bar chart shows one series; this table has ${series.length}. Use type="grouped-bar".`, header!.position);
  if (type === "stacked-100" && series.length < 2)
    error("A stacked-100 chart shows the parts of a whole: give it two or more value columns.", header!.position);
  const rows: ChartData["rows"] = [];
  for (const row of body) {
    const cells = row.children;
    if (cells.length !== headers.length) {
      error(`This row has ${cells.length} cells; the chart's header has ${headers.length}.`, row.position);
      continue;
    }
    const label = toString(cells[0]!).trim();
    if (!label) error("A chart row needs a category in its first cell.", cells[0]!.position);
    const values: number[] = [];
    const text: string[] = [];
    for (const cell of cells.slice(1)) {
      const value = numberOf(cell);
      if (value === undefined) {
        error(
          `Chart cell \`${toString(cell).trim()}\` is not a number. Write digits only (e.g. 104, 15.5 or 37%); ` +
            "put units in the column heading or `unit`.",
          cell.position,
          "chart-cell",
        );
        continue;
      }
      if (type === "stacked-100" && value < 0)
        error("A stacked-100 chart shows shares: its values cannot be negative.", cell.position, "chart-cell");
      values.push(value);
      text.push(toString(cell).trim());
    }
    rows.push({ label, values, text });
  }
  if (attrs.id != null && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(attrs.id.trim()))
    error(`Chart id \`${attrs.id}\` may only use lowercase letters, digits and hyphens (e.g. id="trade").`);
  if (!ok || at?.start.offset === undefined) return undefined;
  return {
    offset: at.start.offset,
    type: type as ChartType,
    title: attrs.title!.trim(),
    source: attrs.source!.trim(),
    unit: attrs.unit?.trim() || undefined,
    alt: attrs.alt?.trim() || undefined,
    id: attrs.id?.trim() || undefined,
    category: headers[0]!,
    series,
    rows,
  };
}

/** The number in a cell: digits with `,` thousands, `.` decimals, a leading minus, an optional `%`; else undefined. */
function numberOf(cell: TableCell): number | undefined {
  const text = toString(cell)
    .trim()
    .replace(/\u2212/g, "-");
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s?%?$/.test(text)) return undefined;
  return Number(text.replace(/[,%\s]/g, ""));
}
