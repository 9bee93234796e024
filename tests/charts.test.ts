// Charts and figures end to end: a brief with a chart and a local figure, built to HTML and PDF in real Chromium. The
// PDF holds the chart's text (caption, labels, source) and nothing was fetched; the HTML carries no script.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, type TempProject } from "./helpers/project.js";
import { chartedBrief, MAP_SVG } from "./helpers/charted.js";
import { build } from "../src/build/build.js";
import type { BuildReport } from "../src/build/report.js";
import { pdfText, pdfStruct } from "./helpers/pdf.js";

let project: TempProject;
let report: BuildReport;
beforeAll(async () => {
  project = makeProject({ sample: chartedBrief() });
  project.write("briefs/sample/map.svg", MAP_SVG);
  report = await build(project.options({ formats: ["html", "pdf"], concurrency: 2 }));
}, 120_000);
afterAll(() => project?.remove());

describe("a brief with charts and a figure", () => {
  it("is built in every edition, without a blocked request", () => {
    for (const e of report.editions) {
      expect(e.status, `${e.audience}: ${JSON.stringify(e.failure)}`).toBe("built");
      expect(e.warnings.filter((w) => w.rule === "blocked-request")).toEqual([]);
    }
  });

  it("prints the charts' captions, labels, values and sources into the PDF as text", () => {
    for (const audience of ["us", "eu"]) {
      const text = pdfText(join(project.root, "out", audience, "sample.pdf")).replace(/\s+/g, " ");
      expect(text).toContain("Figure 1. Port throughput by season");
      expect(text).toContain("Figure 2. Insurance cost index");
      expect(text).toContain("Source: A. Author, A paper about grain");
      for (const label of ["million tonnes", "2022–23", "2023–24", "12", "Odesa", "Izmail", "Q3", "61"])
        expect(text, label).toContain(label);
      expect(text).not.toContain("Data for figure"); // the disclosed table is for the web edition
    }
  });

  it("tags each chart as a figure in the PDF structure tree, its alt text the title and the data", () => {
    const file = join(project.root, "out", "us", "sample.pdf");
    expect(pdfStruct(file)).toMatch(/Figure\s+Caption/);
    const alt = [
      ...readFileSync(file)
        .toString("latin1")
        .matchAll(/\/Alt\s*\(([^)]*)\)/g),
    ].map((m) => m[1]);
    expect(alt).toContainEqual(
      expect.stringContaining(
        "Insurance cost index Line chart of Odesa, Izmail by Quarter. Q1: Odesa 100, Izmail 90; Q2: Odesa 80",
      ),
    );
  });

  it("writes HTML with the SVG inline, the data table disclosed, the figure embedded, and no script", () => {
    const html = readFileSync(join(project.root, "out", "us", "sample.html"), "utf8");
    expect(html).toMatch(
      /<svg viewBox="[^"]+" width="\d+" height="\d+" role="img" aria-labelledby="figure-1-title figure-1-desc">/,
    );
    expect(html).toContain('<details class="chart-data"><summary>Data for figure 2</summary>');
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="A square figure standing in for a map/);
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
  });
});

describe("a figure file is an input of its brief's editions", () => {
  it("changing briefs/<slug>/map.svg rebuilds that brief's editions, and only those", async () => {
    const p = makeProject({ sample: chartedBrief(), other: chartedBrief("other") });
    try {
      p.write("briefs/sample/map.svg", MAP_SVG);
      p.write("briefs/other/map.svg", MAP_SVG);
      const options = p.options({ formats: ["html"] });
      expect((await build(options)).editions.every((e) => e.status === "built")).toBe(true);
      expect((await build(options)).upToDate).toBe(true);
      p.write("briefs/sample/map.svg", MAP_SVG.replace("MAP-FIGURE-TEXT", "MAP-FIGURE-CHANGED"));
      const again = await build(options);
      const built = again.editions.filter((e) => e.status === "built").map((e) => `${e.audience}/${e.brief}`);
      expect(built.sort()).toEqual(["eu/sample", "us/sample"]);
      const html = p.read("out/us/sample.html");
      const src = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html)![1]!;
      expect(Buffer.from(src, "base64").toString()).toContain("MAP-FIGURE-CHANGED");
    } finally {
      p.remove();
    }
  }, 60_000);
});
