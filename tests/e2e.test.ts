// End to end in real Chromium: a fixture brief for two audiences, checked from the PDFs themselves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { pdfFonts, pdfInfo, pdfPages, pdfPageSize } from "./helpers/pdf.js";
import { build } from "../src/build/build.js";
import type { BuildReport } from "../src/build/report.js";

let project: TempProject;
let report: BuildReport;

beforeAll(async () => {
  project = makeProject({ sample: fixture("briefs/sample.md") });
  report = await build(project.options({ audiences: ["us", "eu"] }));
});
afterAll(() => project.remove());

const out = (p: string) => join(project.root, "out", p);

describe("a brief built for two audiences", () => {
  it("builds both editions as HTML and PDF, with index and manifest", () => {
    expect(report.ok).toBe(true);
    for (const p of [
      "us/sample.html",
      "us/sample.pdf",
      "eu/sample.html",
      "eu/sample.pdf",
      "index.html",
      "manifest.json",
    ]) {
      expect(existsSync(out(p)), p).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(out("manifest.json"), "utf8"));
    expect(manifest.artefacts.map((a: { path: string }) => a.path)).toEqual([
      "eu/sample.html",
      "eu/sample.pdf",
      "us/sample.html",
      "us/sample.pdf",
    ]);
  });

  it("prints US Letter for us and A4 for eu", () => {
    expect(pdfPageSize(out("us/sample.pdf"))).toEqual({ width: 612, height: 792 });
    expect(pdfPageSize(out("eu/sample.pdf"))).toEqual({ width: 595, height: 842 });
  });

  it("gives each edition its own audience's text and not the other's", () => {
    const us = pdfPages(out("us/sample.pdf")).join("\n");
    const eu = pdfPages(out("eu/sample.pdf")).join("\n");
    expect(us).toContain("US-IMPLICATIONS-MARKER");
    expect(us).toContain("NOT-EU-MARKER");
    expect(us).not.toContain("EU-IMPLICATIONS-MARKER");
    expect(eu).toContain("EU-IMPLICATIONS-MARKER");
    expect(eu).toContain("an inline phrase for the EU");
    expect(eu).not.toContain("US-IMPLICATIONS-MARKER");
    expect(eu).not.toContain("NOT-EU-MARKER");
  });

  it("puts the marking and 'Page N of M' on every page", () => {
    for (const file of [out("us/sample.pdf"), out("eu/sample.pdf")]) {
      const pages = pdfPages(file);
      pages.forEach((text, i) => {
        expect(text.match(/TLP:CLEAR/g)?.length ?? 0, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
        expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
      });
    }
  });

  it("embeds every font, is tagged, and dates follow the audience's locale", () => {
    for (const file of [out("us/sample.pdf"), out("eu/sample.pdf")]) {
      const fonts = pdfFonts(file);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((f) => !f.embedded)).toEqual([]);
      expect(pdfInfo(file).Tagged).toBe("yes");
    }
    expect(pdfPages(out("us/sample.pdf"))[0]).toContain("July 1, 2025");
    expect(pdfPages(out("eu/sample.pdf"))[0]).toContain("1 July 2025");
  });
});
