/** A brief with charts and a local figure: the sample brief with two charts and an SVG figure before its table. */
import { fixture } from "./project.js";

const CHARTS = [
  ':::chart{type="bar" title="Port throughput by season" source="A. Author, A paper about grain" unit="million tonnes"}',
  "| Season | Tonnes |",
  "|---|---:|",
  "| 2022–23 | 7 |",
  "| 2023–24 | 12 |",
  ":::",
  "",
  ':::chart{type="line" title="Insurance cost index" source="A. Author, A paper about grain"}',
  "| Quarter | Odesa | Izmail |",
  "|---|---|---|",
  "| Q1 | 100 | 90 |",
  "| Q2 | 80 | 72 |",
  "| Q3 | 67 | 61 |",
  ":::",
  "",
  "![A square figure standing in for a map of the ports](sample/map.svg)",
  "",
].join("\n");

/** The charted brief's Markdown (slug `sample`, or another: its figure path follows the slug). */
export function chartedBrief(slug = "sample"): string {
  return fixture("briefs/sample.md").replace(
    "| Port    |",
    `${CHARTS.replace("](sample/", `](${slug}/`)}\n| Port    |`,
  );
}

/** The SVG figure the charted brief shows (`briefs/<slug>/map.svg`). */
export const MAP_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120"><rect width="300" height="120" fill="#eef2f6"/>' +
  '<text x="20" y="60" font-size="20">MAP-FIGURE-TEXT</text></svg>';
