/**
 * rehype plugins for charts. `rehypeBriefChartMarks` (before sanitizing) keeps the chart mark only on the figures made
 * from a `:::chart` directive: raw HTML cannot forge one. `rehypeBriefCharts` (after sanitizing) numbers each chart
 * figure of the edition and fills it in: caption, the drawn SVG (role="img", a title and a description made from the
 * data), the source line, and the data as a table in a `<details>` for readers who cannot see the chart.
 */
import type { Root, Element, ElementContent } from "hast";
import type { VFile } from "vfile";
import { raw } from "hast-util-raw";
import { eachElement } from "../each-element.js";
import type { ChartData } from "../../shared/model.js";
import { describeChart, isCompact } from "../charts/spec.js";
import { fillMessage } from "../../shared/fill-message.js";

declare module "vfile" {
  interface DataMap {
    /** The charts of the brief being transformed, by offset, and their SVG when drawn. */
    briefCharts: { data: ReadonlyMap<number, ChartData>; drawn: ReadonlyMap<number, string> };
  }
}

/** Drops the chart mark from every figure that was not made from a chart directive at that very offset. */
export function rehypeBriefChartMarks() {
  return (tree: Root, file: VFile) => {
    const charts = file.data.briefCharts?.data;
    eachElement(tree, (node: Element) => {
      if (node.properties.dataBriefChart === undefined) return;
      const offset = node.position?.start.offset;
      const ours = node.tagName === "figure" && offset !== undefined && charts?.has(offset) === true;
      if (!ours || String(node.properties.dataBriefChart) !== String(offset)) delete node.properties.dataBriefChart;
    });
  };
}

/** Where a figure reference points before the charts are numbered: `#chart-ref-<id>`. */
export const CHART_REF = "chart-ref-";

/** Options of {@link rehypeBriefCharts}: the edition's words for a chart, from its language pack. */
export interface ChartWords {
  /** "Figure {n}." before a caption. */
  caption: string;
  /** "Figure {n}" for a cross-reference. */
  ref: string;
  /** "Source: {source}" under a chart. */
  source: string;
  /** "Data for figure {n}" on the disclosure of its table. */
  data: string;
  /**
   * The language of the brief when it is not English: the description made from the data is English, so it is
   * marked `lang="en"` for screen readers.
   */
  lang?: string;
}

const ENGLISH: ChartWords = {
  caption: "Figure {n}.",
  ref: "Figure {n}",
  source: "Source: {source}",
  data: "Data for figure {n}",
};

/**
 * Fills in every marked chart figure, numbered in reading order ("Figure 1"), then points each figure reference at
 * its figure ("Figure 1"); a reference to a chart this edition does not show becomes the chart's title. The words
 * come from the edition's language pack.
 */
export default function rehypeBriefCharts(words: ChartWords = ENGLISH) {
  return (tree: Root, file: VFile) => {
    const charts = file.data.briefCharts;
    const numbers = new Map<string, number>();
    let n = 0;
    eachElement(tree, (node: Element) => {
      if (node.tagName !== "figure" || node.properties.dataBriefChart === undefined) return;
      const chart = charts?.data.get(Number(node.properties.dataBriefChart));
      delete node.properties.dataBriefChart;
      if (!chart) return;
      n += 1;
      const id = `figure-${n}`;
      if (chart.id) numbers.set(chart.id, n);
      const table = node.children.find((c): c is Element => c.type === "element" && c.tagName === "table");
      const svg = chartSvg(drawnSvg(charts!.drawn, chart.offset), chart, id, words.lang);
      node.properties = {
        id,
        className: ["chart", `chart-${chart.type}`, ...(isCompact(chart) ? ["chart-compact"] : [])],
      };
      node.children = [
        h("figcaption", {}, [
          h("span", { className: ["figure-number"] }, [text(`${fillMessage(words.caption, { n })} `)]),
          text(chart.title),
        ]),
        ...(svg ? [svg] : []),
        h("p", { className: ["figure-source"] }, [text(fillMessage(words.source, { source: chart.source }))]),
        ...(table
          ? [
              h("details", { className: ["chart-data"] }, [
                h("summary", {}, [text(fillMessage(words.data, { n }))]),
                table,
              ]),
            ]
          : []),
      ];
    });
    eachElement(tree, (node: Element, index, parent) => {
      const href = node.properties.href;
      if (node.tagName !== "a" || typeof href !== "string" || !href.startsWith(`#${CHART_REF}`)) return;
      const id = href.slice(CHART_REF.length + 1);
      const number = numbers.get(id);
      if (number !== undefined) {
        node.properties.href = `#figure-${number}`;
        node.children = [text(fillMessage(words.ref, { n: number }))];
        return;
      }
      const title = [...(charts?.data.values() ?? [])].find((c) => c.id === id)?.title ?? "a figure";
      parent.children.splice(index, 1, h("em", {}, [text(title)]));
    });
  };
}

/**
 * The drawn SVG of the chart at `offset` as hast, parsed once per brief (its editions share it: nothing changes it
 * after this plugin, the last before stringifying); undefined when it was not drawn (check, diff).
 */
function drawnSvg(drawn: ReadonlyMap<number, string>, offset: number): Element | undefined {
  let parsed = parsedSvgs.get(drawn);
  if (!parsed) parsedSvgs.set(drawn, (parsed = new Map()));
  if (parsed.has(offset)) return parsed.get(offset);
  const svg = drawn.has(offset) ? parseSvg(drawn.get(offset)!) : undefined;
  parsed.set(offset, svg);
  return svg;
}
const parsedSvgs = new WeakMap<ReadonlyMap<number, string>, Map<number, Element | undefined>>();

function parseSvg(text: string): Element | undefined {
  if (!text) return undefined;
  const parsed = raw({ type: "root", children: [{ type: "raw", value: text }] } as unknown as Root) as Root;
  return parsed.children.find((c): c is Element => c.type === "element" && c.tagName === "svg");
}

/** The drawn `svg`, labelled for assistive technology: a new element around its shared children. */
function chartSvg(svg: Element | undefined, chart: ChartData, id: string, lang?: string): Element | undefined {
  if (!svg) return undefined;
  const { viewBox, width, height } = svg.properties;
  return {
    ...svg,
    properties: { viewBox, width, height, role: "img", ariaLabelledBy: [`${id}-title`, `${id}-desc`] },
    children: [
      h("title", { id: `${id}-title` }, [text(chart.title)]),
      h("desc", lang && lang !== "en" ? { id: `${id}-desc`, lang: "en" } : { id: `${id}-desc` }, [
        text(describeChart(chart)),
      ]),
      ...svg.children,
    ],
  };
}

function h(tagName: string, properties: Element["properties"], children: ElementContent[]): Element {
  return { type: "element", tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: "text", value };
}
