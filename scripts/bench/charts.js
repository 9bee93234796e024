#!/usr/bin/env node
// Chart drawing time: the charts of the shipped briefs drawn with Vega in Node, as the build draws them (once per
// brief). Prints JSON: how many charts, the first draw (Vega and Vega-Lite loaded on the way), and ms per chart after.
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = (p) => import(join(root, "dist", p));
const runs = Number(process.argv[2] ?? 10);
const [{ resolveOptions }, { loadBriefs }, { loadBrand }, { parseBrief }, { drawCharts }] = await Promise.all([
  dist("shared/options.js"),
  dist("load/briefs.js"),
  dist("load/brand.js"),
  dist("validate/parse-brief.js"),
  dist("transform/charts/draw.js"),
]);
const o = resolveOptions(root);
const { brand } = await loadBrand(root, o.templatesDir);
const ids = ["eu", "global-south", "indo-pacific", "us"];
const charts = (await loadBriefs(o)).flatMap((s) => parseBrief(s, ids)?.charts ?? []);
const t0 = performance.now();
await drawCharts(charts.slice(0, 1), brand);
const first = performance.now() - t0;
const t1 = performance.now();
for (let i = 0; i < runs; i++) await drawCharts(charts, brand);
const each = (performance.now() - t1) / (runs * charts.length);
process.stdout.write(`${JSON.stringify({ charts: charts.length, firstMs: first, msPerChart: each })}\n`);
