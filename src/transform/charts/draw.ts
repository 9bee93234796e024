/**
 * Draws charts to static SVG at build time with Vega-Lite and Vega's SVG renderer, in Node: no browser, no script in
 * the output. The SVG is made deterministic (ids numbered per chart, no classes) so that PDFs stay byte-identical.
 */
import type { Brand, ChartData } from "../../shared/model.js";
import { chartSpec, type ChartLanguage } from "./spec.js";

/** Drawn charts of one brief: the directive's offset → SVG text. */
export type DrawnCharts = ReadonlyMap<number, string>;

/** Draws every chart of a brief (Vega is loaded only when there is one). */
export async function drawCharts(
  charts: readonly ChartData[],
  brand: Brand,
  language?: ChartLanguage,
): Promise<DrawnCharts> {
  const drawn = new Map<number, string>();
  if (charts.length === 0) return drawn;
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  for (const chart of charts) {
    const spec = vegaLite.compile(chartSpec(chart, brand, language) as never).spec;
    const view = new vega.View(vega.parse(spec), { renderer: "none", logLevel: vega.Error });
    try {
      drawn.set(chart.offset, tidy(await view.toSVG(), `chart-${chart.offset}`));
    } finally {
      view.finalize();
    }
  }
  return drawn;
}

/** Drops Vega's classes, roles and pointer hints and prefixes every id (Vega numbers clip paths across the process). */
function tidy(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  let out = svg.replace(/\s(class|pointer-events|role|aria-[a-z]+)="[^"]*"/g, "");
  ids.forEach((id, i) => {
    out = out.replaceAll(`"${id}"`, `"${prefix}-${i}"`).replaceAll(`#${id})`, `#${prefix}-${i})`);
  });
  return out;
}
