// Issue 16, the web edition: each memo links to the index, its PDF, its compare page and its other editions (never in
// the HTML a PDF is printed from); out/index.html lists every brief newest first with date, subtitle, bottom line,
// marking and editions, filtered by audience without script; out/compare/<slug>.html per brief. HTML builds only.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";
import { loadTemplates } from "../src/load/templates.js";
import { loadBrandAssets } from "../src/load/brand-assets.js";
import { runBriefStages } from "../src/build/brief-stages.js";
import { coverageOf } from "../src/load/font-coverage.js";
import { pageRenderer, writeComparePageEarly, writeManifestAndIndex } from "../src/build/reconcile.js";

const projects: TempProject[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.remove();
});

const sample = fixture("briefs/sample.md");
/** Three briefs: two on the same date (then by title), one older; one for the us audience only. */
function project(): TempProject {
  const p = makeProject({
    sample, // 2025-07-01, "Grain corridors after the harvest", us and eu
    zebra: sample
      .replace("Grain corridors after the harvest", "Allied ports in the north")
      .replace("date: 2025-07-01", "date: 2025-07-01"),
    older: sample
      .replace("Grain corridors after the harvest", "Zinc and the older memo")
      .replace("date: 2025-07-01", "date: 2024-11-30")
      .replace("audiences: [us, eu]", "audiences: [us]"),
  });
  projects.push(p);
  return p;
}
const read = (p: TempProject, path: string) => readFileSync(join(p.root, "out", path), "utf8");

describe("out/index.html", () => {
  it("lists every brief newest first (then by title), with date, subtitle, bottom line, marking and editions", async () => {
    const p = project();
    expect((await runCli(["--format", "html"], p.root)).code).toBe(0);
    const html = read(p, "index.html");
    const order = [...html.matchAll(/<h2 id="b-([a-z-]+)">/g)].map((m) => m[1]);
    expect(order).toEqual(["zebra", "sample", "older"]); // 1 July 2025: "Allied…" before "Grain…"; then 2024
    expect(html).toContain('<time datetime="2025-07-01">1 July 2025</time>');
    expect(html).toContain('<time datetime="2024-11-30">30 November 2024</time>');
    expect(html).toContain('<p class="subtitle">A test brief: short, with one block per audience</p>');
    expect(html).toContain('<p class="bluf"><b>Bottom line</b>Grain moves when ports stay open. Keep them open.</p>');
    expect(html).toContain('<span class="marking">TLP:CLEAR</span>');
    expect(html).toMatch(
      /<li class="edition ed-us"><span class="name">United States edition<\/span> <span class="links"><a href="us\/sample\.html">Read \(HTML\)<\/a><\/span>/,
    );
    expect(html).toContain('<a href="compare/sample.html">Compare the 2 editions side by side</a>');
    expect(html).not.toContain("compare/older.html"); // one edition: nothing to compare
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it("filters by audience without script: a link per audience, and :target rules that hide the rest", async () => {
    const p = project();
    expect((await runCli(["--format", "html"], p.root)).code).toBe(0);
    const html = read(p, "index.html");
    expect(html).toContain('<li><a href="#for-eu">European Union edition</a></li>');
    expect(html).toContain('<div id="for-eu" class="target"></div>');
    expect(html).toContain(
      "#for-eu:target~.briefs .brief:not(.for-eu),#for-eu:target~.briefs .edition:not(.ed-eu){display:none}",
    );
    // Each brief carries the classes of its audiences: the us-only brief disappears under #for-eu.
    expect(html).toContain('<li class="brief for-us"><article aria-labelledby="b-older">');
    expect(html).toContain('<li class="brief for-eu for-us"><article aria-labelledby="b-sample">');
  });

  it("shows each edition's marking when an audience raises it", async () => {
    const p = project();
    p.write(
      "templates/audiences/eu/audience.yml",
      `${p.read("templates/audiences/eu/audience.yml")}marking: TLP:AMBER\n`,
    );
    expect((await runCli(["--format", "html", "--brief", "sample"], p.root)).code).toBe(0);
    const html = read(p, "index.html");
    expect(html).toContain('<span class="marking">TLP:AMBER</span> <span class="marking">TLP:CLEAR</span>');
    expect(html).toMatch(/<li class="edition ed-eu">[^\n]*<span class="facts">\d+ words, TLP:AMBER<\/span>/);
    const manifest = JSON.parse(read(p, "manifest.json")) as { artefacts: { path: string; marking: string }[] };
    expect(manifest.artefacts.find((a) => a.path === "eu/sample.html")?.marking).toBe("TLP:AMBER");
  });
});

describe("out/compare/<slug>.html", () => {
  it("shows a brief's editions side by side, and goes when the brief does", async () => {
    const p = project();
    expect((await runCli(["--format", "html"], p.root)).code).toBe(0);
    const html = read(p, "compare/sample.html");
    expect(html).toContain(
      '<iframe src="../us/sample.html" title="Grain corridors after the harvest, United States edition"></iframe>',
    );
    expect(html).toContain('<iframe src="../eu/sample.html"');
    expect(html).toContain('<a href="../index.html">All memos</a>');
    expect(existsSync(join(p.root, "out", "compare", "older.html"))).toBe(false);
    rmSync(join(p.root, "briefs", "sample.md"));
    expect((await runCli(["--format", "html"], p.root)).code).toBe(0);
    expect(existsSync(join(p.root, "out", "compare", "sample.html"))).toBe(false);
    expect(existsSync(join(p.root, "out", "compare", "zebra.html"))).toBe(true);
  });

  it("a page written while the build runs is checked against the final manifest, and rewritten when it differs", async () => {
    const out = mkdtempSync(join(tmpdir(), "brief-compare-"));
    try {
      const entry = (audience: string, edition: string, title: string) => ({
        path: `${audience}/sample.html`,
        brief: "sample",
        title,
        audience,
        edition,
        format: "html" as const,
        bytes: 5,
        words: 1,
        sha256: "0".repeat(64),
      });
      const render = pageRenderer(undefined, undefined, undefined);
      // One HTML edition: no page, early or late.
      await writeComparePageEarly(out, [entry("us", "US edition", "Early")], render);
      expect(existsSync(join(out, "compare", "sample.html"))).toBe(false);
      // Two editions of a build that made only those (the build of one audience's editions, say) ...
      await writeComparePageEarly(
        out,
        [entry("us", "US edition", "Early"), entry("eu", "EU edition", "Early")],
        render,
      );
      expect(readFileSync(join(out, "compare", "sample.html"), "utf8")).toContain('title="Early, US edition"');
      // ... and the manifest's three: the reconcile step rewrites the page from it.
      const artefacts = [entry("eu", "EU edition", "Final"), entry("gs", "GS edition", "Final")];
      await writeManifestAndIndex(
        out,
        { generator: "g", artefacts: [...artefacts, entry("us", "US edition", "Final")] },
        undefined,
        undefined,
      );
      const html = readFileSync(join(out, "compare", "sample.html"), "utf8");
      expect(html).not.toContain("Early");
      expect([...html.matchAll(/<iframe src="\.\.\/([a-z]+)\/sample\.html"/g)].map((m) => m[1])).toEqual([
        "eu",
        "gs",
        "us",
      ]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("an audience may not be called compare or assets (out/ has folders of its own by those names)", async () => {
    const p = project();
    p.write("templates/audiences/compare/audience.yml", "name: Compare\n");
    const r = await runCli(["check"], p.root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "Audience folder name `compare` is taken by the output folder's own `compare/` (assets, compare are). Rename the folder, e.g. `compare-edition`.",
    );
  });
});

describe("a memo's web edition", () => {
  it("links to the index, its compare page and its other editions; prints without the bar", async () => {
    const p = project();
    expect((await runCli(["--format", "html"], p.root)).code).toBe(0);
    const html = read(p, "us/sample.html");
    expect(html).toContain('<nav class="web-nav" aria-label="Memo">');
    expect(html).toContain('<a class="web-nav__home" href="../index.html" target="_top">All memos</a>');
    expect(html).toContain('<a href="../compare/sample.html" target="_top">Compare editions</a>');
    expect(html).toContain(
      'Editions: <a href="../eu/sample.html" target="_top">European Union edition</a> · <strong aria-current="page">United States edition</strong>',
    );
    expect(html).not.toContain('class="web-nav__pdf"'); // an HTML-only build makes no PDF to link to
    expect(html).toMatch(/@media print \{\s*\.web-nav \{ display: none; \}/);
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it("links its PDF when the build makes one; the HTML the PDF is printed from has no bar", async () => {
    const p = project();
    const o = p.options();
    const templates = await loadTemplates(o);
    const assets = await loadBrandAssets(templates.brand!);
    const ctx = {
      root: o.root,
      audienceIds: templates.audiences.ids,
      audiences: templates.audiences.audiences,
      languages: templates.languages,
      brand: templates.brand!,
      assets,
      covered: [...new Set(assets.fonts.flatMap((f) => [...coverageOf(f.bytes)]))],
    };
    const { VFile } = await import("vfile");
    const source = { slug: "sample", file: new VFile({ path: "briefs/sample.md", value: sample }) };
    const outcome = await runBriefStages(
      source,
      { audiences: ["us"], html: true, pdf: true, inline: false },
      ctx,
      new Map(),
    );
    const [us] = outcome.editions;
    expect(us?.html).toContain('<a class="web-nav__pdf" href="sample.pdf" target="_top">Print or download (PDF)</a>');
    expect(us?.pdfHtml).toBeDefined();
    expect(us?.pdfHtml).not.toContain('<nav class="web-nav"');
    // The brand's fonts reach the print page by the URLs it serves, not inside the HTML (shared/served.ts).
    for (const font of assets.fonts) expect(us?.pdfHtml).toContain(`src:url("${font.servedUrl}")`);
    expect(us?.pdfHtml).not.toContain("data:font/");
    expect(us?.html).toContain(`src:url("../${assets.fonts[0]!.outPath}")`);
  });
});
