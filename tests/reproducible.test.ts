// Reproducible builds: a PDF is a pure function of its edition's HTML, the options and SOURCE_DATE_EPOCH —
// the same bytes at any concurrency, sharded or not, on a fresh browser or after other prints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, REPO, type TempProject } from "./helpers/project.js";
import { pdfInfo, pdfStructChecked } from "./helpers/pdf.js";
import { build } from "../src/build/build.js";
import { mergeBuilds } from "../src/cli/commands/merge.js";
import type { Manifest } from "../src/publish/manifest.js";
import { BrowserSession } from "../src/print/browser.js";
import { printIsolated } from "../src/print/print.js";
import { setPdfMetadata } from "../src/print/pdf-metadata.js";
import type { EditionWarning } from "../src/shared/problems.js";

const EPOCH = Date.UTC(2025, 6, 2) / 1000;
/** The shipped audiences that read English briefs (those of this test): `lang` en-… in their audience.yml. */
const AUDIENCES = readdirSync(join(REPO, "templates", "audiences"))
  .filter((id) =>
    /^lang:\s*["']?en\b/m.test(readFileSync(join(REPO, "templates", "audiences", id, "audience.yml"), "utf8")),
  )
  .sort();

/** The fixture brief (tables, lists, endnotes) for every audience, retitled. */
const variant = (title: string) =>
  fixture("briefs/sample.md")
    .replace("Grain corridors after the harvest", title)
    .replace(/^audiences: .*\n/m, "")
    .replaceAll(':::audience{for="eu"}', `:::audience{not="us"}`);

let project: TempProject;
const dir = (name: string) => join(project.root, name);
const manifestText = (name: string) => readFileSync(join(dir(name), "manifest.json"), "utf8");
const manifest = (name: string) => JSON.parse(manifestText(name)) as Manifest;
const hashes = (name: string) => manifest(name).artefacts.map((e) => `${e.path} ${e.sha256}`);

beforeAll(async () => {
  project = makeProject({
    sample: variant("Grain corridors after the harvest"),
    second: variant("Second brief"),
    third: variant("A third brief with the same tables"),
    "unequal-not-vassal": readFileSync(join(REPO, "briefs", "unequal-not-vassal.md"), "utf8"),
  });
  for (const concurrency of [1, 2, 4]) {
    const report = await build(
      project.options({ outDir: dir(`c${concurrency}`), concurrency, sourceDateEpoch: EPOCH }),
    );
    expect(report.ok, JSON.stringify(report.editions.filter((e) => e.status === "failed"))).toBe(true);
  }
  for (const index of [1, 2]) {
    const report = await build(
      project.options({ outDir: dir(`shard-${index}`), shard: { index, count: 2 }, sourceDateEpoch: EPOCH }),
    );
    expect(report.ok).toBe(true);
  }
  await mergeBuilds(project.root, [dir("shard-1"), dir("shard-2")], dir("merged"));
  expect((await build(project.options({ outDir: dir("dated"), briefs: ["sample"], audiences: ["us"] }))).ok).toBe(true);
}, 300_000);
afterAll(() => project.remove());

describe("reproducible builds", () => {
  it("builds every brief for every audience", () => {
    expect(manifest("c1").artefacts.filter((a) => a.format === "pdf").length).toBe(4 * AUDIENCES.length);
  });

  it.each([2, 4])("concurrency 1 and %i give the same sha256 for every artefact, and the same manifest", (c) => {
    expect(hashes(`c${c}`)).toEqual(hashes("c1"));
    expect(manifestText(`c${c}`)).toBe(manifestText("c1"));
  });

  it("two shards merged give the same artefacts and manifest as one build", () => {
    expect(hashes("merged")).toEqual(hashes("c1"));
    expect(manifestText("merged")).toBe(manifestText("c1"));
  });

  it("takes every PDF timestamp from SOURCE_DATE_EPOCH when set", () => {
    const info = pdfInfo(join(dir("c1"), "us", "sample.pdf"));
    expect(info.CreationDate).toMatch(/Jul\s+2 00:00:00 2025/);
    expect(info.ModDate).toBe(info.CreationDate);
  });

  it("else from the brief's date", () => {
    const info = pdfInfo(join(dir("dated"), "us", "sample.pdf"));
    expect(info.CreationDate).toMatch(/Jul\s+1 00:00:00 2025/);
  });

  it("every PDF's structure is standard PDF 1.7: pdfinfo -struct reports no error", () => {
    for (const a of manifest("c1").artefacts.filter((e) => e.format === "pdf")) {
      const { stderr, stdout } = pdfStructChecked(join(dir("c1"), a.path));
      expect(stderr, a.path).not.toMatch(/error/i);
      expect(stdout, a.path).toMatch(/^Document/m);
    }
  });
});

describe("print isolation", () => {
  it("an edition printed alone and after ten others in the same browser gives the same bytes", async () => {
    const built = await build(project.options({ outDir: dir("inline"), formats: ["html"], inline: true }));
    expect(built.ok).toBe(true);
    const html = (audience: string, slug: string) =>
      readFileSync(join(dir("inline"), audience, `${slug}.html`), "utf8");
    const meta = {
      title: "T",
      author: "A",
      subject: "S",
      keywords: [],
      creator: "test",
      lang: "en-US",
      date: new Date(0),
      id: "0".repeat(32),
    };
    const print = async (session: BrowserSession, source: string) => {
      const warnings: EditionWarning[] = [];
      const pdf = await printIsolated(session, source, "us/sample", 60_000, warnings);
      expect(warnings).toEqual([]);
      return Buffer.from((await setPdfMetadata(pdf, meta)).bytes).toString("base64");
    };
    const target = html("us", "sample");
    const others = AUDIENCES.flatMap((a) => ["second", "third", "unequal-not-vassal"].map((s) => html(a, s))).slice(
      0,
      10,
    );
    expect(others.length).toBe(10);

    const fresh = new BrowserSession({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH });
    const busy = new BrowserSession({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH });
    try {
      const alone = await print(fresh, target);
      for (const other of others) await print(busy, other);
      expect(await print(busy, target)).toBe(alone);
      // And beside another print at the same time.
      const [beside] = await Promise.all([print(busy, target), print(busy, others[3]!)]);
      expect(beside).toBe(alone);
    } finally {
      await fresh.close();
      await busy.close();
    }
  }, 180_000);
});
