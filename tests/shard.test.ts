// Sharding and merge: `--shard i/n` splits the briefs × audiences matrix exactly once and evenly,
// and `merge` joins the shards' folders into the same manifest (and index) as an unsharded build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, REPO, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";
import { build } from "../src/build/build.js";
import { declaredAudiences } from "../src/load/front-matter.js";
import { shardOf } from "../src/build/plan.js";
import { THREAD_THRESHOLD } from "../src/build/render-briefs.js";
import { mergeBuilds } from "../src/cli/commands/merge.js";
import { setPdfMetadata } from "../src/print/pdf-metadata.js";
import { pdfInfo, pdfStruct } from "./helpers/pdf.js";
import type { BuildReport } from "../src/build/report.js";
import type { Manifest } from "../src/publish/manifest.js";

/** A chart drawn by Vega (every other brief has one, so threads, shards and PDFs are compared with charts in them). */
const CHART =
  ':::chart{type="grouped-bar" title="Tonnes by port" source="A. Author"}\n| Season | Odesa | Izmail |\n' +
  "|---|---|---|\n| 2022–23 | 7 | 5 |\n| 2023–24 | 8 | 4 |\n:::\n\n";

/** The fixture brief, retitled, for `audiences` (global-south reads the EU blocks), with a chart when `chart`. */
function variant(title: string, audiences: string[], chart = false): string {
  return fixture("briefs/sample.md")
    .replace("Grain corridors after the harvest", title)
    .replace("| Port    |", `${chart ? CHART : ""}| Port    |`)
    .replace("audiences: [us, eu]", `audiences: [${audiences.join(", ")}]`)
    .replaceAll(':::audience{for="eu"}', ':::audience{for="eu global-south"}');
}

const AUDIENCE_SETS = [["us", "eu", "global-south"], ["us"], ["eu", "global-south"], ["us", "eu"], ["global-south"]];
const BRIEFS = Object.fromEntries(
  Array.from({ length: THREAD_THRESHOLD + 1 }, (_, i) => [
    `brief-${String.fromCharCode(97 + i)}`,
    variant(`Brief ${i}`, AUDIENCE_SETS[i % AUDIENCE_SETS.length]!, i % 2 === 0),
  ]),
);
const EPOCH = Date.UTC(2025, 6, 2) / 1000;

let project: TempProject;
let full: BuildReport;
let shards: BuildReport[];
const dir = (name: string) => join(project.root, name);
const manifestText = (name: string) => readFileSync(join(dir(name), "manifest.json"), "utf8");
const manifest = (name: string) => JSON.parse(manifestText(name)) as Manifest;
const editions = (r: BuildReport) => r.editions.map((e) => `${e.audience}/${e.brief}`);

beforeAll(async () => {
  project = makeProject(BRIEFS);
  const html = { formats: ["html" as const], sourceDateEpoch: EPOCH };
  full = await build(project.options({ ...html, outDir: dir("full") }));
  shards = [];
  for (let i = 1; i <= 3; i++)
    shards.push(await build(project.options({ ...html, outDir: dir(`shard-${i}`), shard: { index: i, count: 3 } })));
});
afterAll(() => project.remove());

describe("--shard i/n", () => {
  it("builds every edition of the matrix in exactly one shard", () => {
    expect(full.ok).toBe(true);
    expect(shards.every((s) => s.ok)).toBe(true);
    const all = shards.flatMap(editions);
    expect(new Set(all).size).toBe(all.length); // no overlap
    expect([...all].sort()).toEqual([...editions(full)].sort()); // no gap
    expect(all.length).toBeGreaterThan(30);
  });

  it("gives shards sizes that differ by at most one", () => {
    const sizes = shards.map((s) => s.editions.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (let n = 1; n <= 6; n++) {
      for (let size = 0; size <= 20; size++) {
        const parts = Array.from({ length: n }, (_, i) =>
          shardOf(
            Array.from({ length: size }, (_, k) => k),
            { index: i + 1, count: n },
          ),
        );
        expect(parts.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, k) => k));
        const lengths = parts.map((p) => p.length);
        expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
      }
    }
  });

  it("takes each brief's audiences from its front matter, in the audiences' order, before parsing the Markdown", () => {
    const ids = ["eu", "global-south", "us"];
    const fm = (yaml: string) => `---\ntitle: x\n${yaml}\n---\n\n## Body\n`;
    expect(declaredAudiences(fm("audiences: [us, eu]"), ids)).toEqual(["eu", "us"]);
    expect(declaredAudiences(fm("audiences:\n  - global-south\n  - us"), ids)).toEqual(["global-south", "us"]);
    expect(declaredAudiences(fm('audiences: ["us"] # US only'), ids)).toEqual(["us"]);
    expect(declaredAudiences(fm("audiences: [us, nato]"), ids)).toEqual(["us"]);
    expect(declaredAudiences(fm("title2: y"), ids)).toEqual(ids); // no list: every audience
    expect(declaredAudiences(fm("audiences: [us"), ids)).toEqual(ids); // unreadable: every audience (the brief's errors say why)
    expect(declaredAudiences("no front matter", ids)).toEqual(ids);
  });

  it("writes in each shard's folder only that shard's artefacts", () => {
    shards.forEach((s, i) => {
      expect(
        manifest(`shard-${i + 1}`)
          .artefacts.map((a) => `${a.audience}/${a.brief}`)
          .sort(),
      ).toEqual(editions(s).sort());
    });
  });
});

describe("merge", () => {
  it("joins the shards into the manifest and index of an unsharded build, byte for byte", async () => {
    const run = await runCli(["merge", "shard-1", "shard-2", "shard-3", "--out", "merged"], project.root);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Merged \d+ artefacts from 3 folders into merged/);
    expect(manifestText("merged")).toBe(manifestText("full"));
    expect(readFileSync(join(dir("merged"), "index.html"), "utf8")).toBe(
      readFileSync(join(dir("full"), "index.html"), "utf8"),
    );
    for (const a of manifest("merged").artefacts)
      expect(readFileSync(join(dir("merged"), a.path), "utf8")).toBe(readFileSync(join(dir("full"), a.path), "utf8"));
  });

  it("merges the shards' caches, so that a build into the merged folder has nothing to rebuild", async () => {
    const again = await build(project.options({ formats: ["html"], sourceDateEpoch: EPOCH, outDir: dir("merged") }));
    expect(again.ok).toBe(true);
    expect(again.editions.filter((e) => e.status !== "cached")).toEqual([]);
  });

  it("refuses shards whose copies of an artefact differ, and a folder without a manifest", async () => {
    const m = manifest("shard-1");
    const clash = { ...m, artefacts: [{ ...manifest("shard-2").artefacts[0]!, sha256: "0".repeat(64) }] };
    writeFileSync(join(dir("shard-1"), "manifest.json"), JSON.stringify(clash));
    await expect(mergeBuilds(project.root, [dir("shard-1"), dir("shard-2")], dir("clash"))).rejects.toThrow(
      /differs between shard-1 and shard-2/,
    );
    writeFileSync(join(dir("shard-1"), "manifest.json"), JSON.stringify(m));
    const none = await runCli(["merge", "briefs", "--out", "x"], project.root);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/briefs holds no valid manifest\.json/);
  });

  it("refuses an artefact that does not match its manifest's sha256", async () => {
    const a = manifest("shard-3").artefacts[0]!;
    const path = join(dir("shard-3"), a.path);
    const good = readFileSync(path);
    writeFileSync(path, good.subarray(0, good.length - 10));
    await expect(mergeBuilds(project.root, [dir("shard-3")], dir("cut"))).rejects.toThrow(/does not match the sha256/);
    writeFileSync(path, good);
  });
});

describe("worker threads", () => {
  it("the CLI (compiled, Markdown stages on worker threads for this many briefs) builds the same bytes as this thread", () => {
    rmSync(dir("cli"), { recursive: true, force: true });
    const out = execFileSync(
      process.execPath,
      [join(REPO, "bin", "brief.js"), "--format", "html", "--out", "cli", "--json"],
      {
        cwd: project.root,
        env: { PATH: process.env.PATH, SOURCE_DATE_EPOCH: String(EPOCH), NO_COLOR: "1" },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(JSON.parse(out.slice(out.indexOf("{"))).ok).toBe(true);
    const sums = (name: string) => manifest(name).artefacts.map((a) => [a.path, a.sha256]);
    expect(sums("cli")).toEqual(sums("full"));
  });
});

describe("PDFs built in shards", () => {
  it("are byte-identical to an unsharded build's, so the merged manifest matches", async () => {
    const pdf = {
      formats: ["pdf" as const],
      sourceDateEpoch: EPOCH,
      briefs: ["brief-a", "brief-d"],
      audiences: ["us", "eu"],
      concurrency: 2,
    };
    const whole = await build(project.options({ ...pdf, outDir: dir("pdf-full") }));
    const parts = [
      await build(project.options({ ...pdf, outDir: dir("pdf-1"), shard: { index: 1, count: 2 } })),
      await build(project.options({ ...pdf, outDir: dir("pdf-2"), shard: { index: 2, count: 2 } })),
    ];
    expect([whole, ...parts].every((r) => r.ok)).toBe(true);
    expect(parts.map((p) => p.editions.length)).toEqual([2, 2]);
    await mergeBuilds(project.root, [dir("pdf-1"), dir("pdf-2")], dir("pdf-merged"));
    expect(manifestText("pdf-merged")).toBe(manifestText("pdf-full"));
    expect(manifest("pdf-full").artefacts.filter((a) => a.format === "pdf")).toHaveLength(4);
  }, 120_000);

  it("keep their tagged structure, with table header ids numbered from 1 whatever the page printed before", async () => {
    const file = join(dir("pdf-full"), "eu", "brief-d.pdf");
    const struct = pdfStruct(file);
    expect(struct).toMatch(/Table/);
    expect(struct).toMatch(/TH.*node00000001/);
    const ids = [...struct.matchAll(/node(\d+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...ids)).toBe(new Set(ids).size); // numbered 1…n, not by Chromium's counter
    expect(pdfInfo(file)).toMatchObject({
      Tagged: "yes",
      Title: "Brief 3",
      Author: "Test Analyst; Second Author",
      Keywords: "grain ports",
    });
    // Any other PDF goes through pdf-lib: the same fields, the same structure.
    const again = await setPdfMetadata(readFileSync(file), {
      title: "Retitled",
      author: "A",
      subject: "S",
      keywords: ["k"],
      creator: "c",
      lang: "en-GB",
      date: new Date(Date.UTC(2025, 0, 2)),
      id: "ab".repeat(32),
    });
    const copy = join(dir("pdf-full"), "again.pdf");
    writeFileSync(copy, again.bytes);
    expect(pdfInfo(copy)).toMatchObject({ Tagged: "yes", Title: "Retitled", Author: "A", Keywords: "k" });
    expect(pdfInfo(copy).CreationDate).toMatch(/Jan\s+2 00:00:00 2025/);
    expect(pdfStruct(copy)).toBe(struct);
    expect(again.pages).toBe(Number(pdfInfo(file).Pages));
  });
});
