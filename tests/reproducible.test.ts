// Reproducible builds (issue 4): the same inputs give byte-identical PDFs and HTML, at any concurrency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { pdfInfo } from "./helpers/pdf.js";
import { build } from "../src/build/build.js";
import type { Manifest } from "../src/publish/manifest.js";

let project: TempProject;
const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(project.root, dir, "manifest.json"), "utf8")) as Manifest;

beforeAll(async () => {
  // Two briefs with tables, so that Chromium's per-page internal ids (table header cells) are exercised.
  project = makeProject({
    sample: fixture("briefs/sample.md"),
    second: fixture("briefs/sample.md").replace("Grain corridors after the harvest", "Second brief"),
  });
  const epoch = Date.UTC(2025, 6, 2) / 1000;
  for (const [dir, concurrency] of [
    ["a", 1],
    ["b", 2],
  ] as const) {
    const report = await build(
      project.options({ outDir: join(project.root, dir), concurrency, sourceDateEpoch: epoch }),
    );
    expect(report.ok).toBe(true);
  }
  expect(
    (await build(project.options({ outDir: join(project.root, "c"), briefs: ["sample"], audiences: ["us"] }))).ok,
  ).toBe(true);
}, 120_000);
afterAll(() => project.remove());

describe("reproducible builds", () => {
  it("two builds (concurrency 1 and 2) give the same sha256 for every artefact", () => {
    const a = manifest("a").artefacts;
    const b = manifest("b").artefacts;
    expect(a.length).toBe(8);
    expect(b.map((e) => [e.path, e.sha256])).toEqual(a.map((e) => [e.path, e.sha256]));
    expect(readFileSync(join(project.root, "a", "manifest.json"), "utf8")).toBe(
      readFileSync(join(project.root, "b", "manifest.json"), "utf8"),
    );
  });

  it("takes every PDF timestamp from SOURCE_DATE_EPOCH when set", () => {
    const info = pdfInfo(join(project.root, "a", "us", "sample.pdf"));
    expect(info.CreationDate).toMatch(/Jul\s+2 00:00:00 2025/);
    expect(info.ModDate).toBe(info.CreationDate);
  });

  it("else from the brief's date", () => {
    const info = pdfInfo(join(project.root, "c", "us", "sample.pdf"));
    expect(info.CreationDate).toMatch(/Jul\s+1 00:00:00 2025/);
  });
});
