// Print-grade, accessible memos: checked from the artefacts — Nu HTML Checker, axe-core in Chromium, the PDF's tags and metadata.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { chartedBrief, MAP_SVG } from "./helpers/charted.js";
import { pdfFonts, pdfInfo, pdfStruct } from "./helpers/pdf.js";
import { build } from "../src/build/build.js";
import { findBrowser } from "../src/print/find-browser.js";
import { CHROMIUM_ARGS } from "../src/print/browser.js";

const require = createRequire(import.meta.url);
let project: TempProject;
const editions = ["us/sample", "eu/sample", "us/charted"];
const out = (p: string) => join(project.root, "out", p);

beforeAll(async () => {
  // "charted": the sample with two charts (inline SVG, a data table in a <details>) and an SVG figure.
  project = makeProject({ sample: fixture("briefs/sample.md"), charted: chartedBrief("charted") });
  project.write("briefs/charted/map.svg", MAP_SVG);
  const report = await build(project.options({ audiences: ["us", "eu"] }));
  expect(report.ok).toBe(true);
  const inline = await build(
    project.options({ audiences: ["us"], formats: ["html"], inline: true, outDir: join(project.root, "inline") }),
  );
  expect(inline.ok).toBe(true);
});
afterAll(() => project.remove());

describe("HTML", () => {
  it("has zero errors from the W3C Nu HTML Checker (HTML and CSS)", () => {
    const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
    const files = [
      ...editions.map((e) => out(`${e}.html`)),
      out("index.html"),
      out("compare/sample.html"),
      join(project.root, "inline", "us", "sample.html"),
    ];
    let report: string;
    try {
      report = execFileSync("java", ["-jar", jar, "--format", "json", "--also-check-css", ...files], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      report = String((error as { stderr?: string }).stderr ?? error);
    }
    const messages = (
      JSON.parse(report || '{"messages":[]}') as {
        messages: Array<{ type: string; message: string; url: string; lastLine?: number }>;
      }
    ).messages;
    expect(messages.filter((m) => m.type === "error").map((m) => `${m.url}:${m.lastLine}: ${m.message}`)).toEqual([]);
  }, 120_000);

  it("has zero axe-core violations in real Chromium, and sets lang from the audience", async () => {
    const browser = await puppeteer.launch({
      executablePath: await findBrowser(),
      headless: true,
      args: CHROMIUM_ARGS,
      pipe: true,
    });
    try {
      // The memos, and the web edition's own pages (issue 16): the index and a compare page.
      for (const [edition, lang] of [
        ["us/sample", "en-US"],
        ["eu/sample", "en-GB"],
        ["us/charted", "en-US"],
        ["index", "en"],
        ["compare/sample", "en"],
      ] as const) {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(out(`${edition}.html`)).href, { waitUntil: "load" });
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: {
                run: (ctx: Document, o: object) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }>;
              };
            }
          ).axe;
          const result = await axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
          });
          return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
        });
        expect(violations, edition).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it("has semantic landmarks, a print stylesheet, and endnotes with back-links", () => {
    const html = readFileSync(out("us/sample.html"), "utf8");
    expect(html).toMatch(/<header class="letterhead">/);
    expect(html).toMatch(/<main id="main">/);
    expect(html).toMatch(/<footer class="end-matter">/);
    expect(html).toContain("@media print");
    expect(html).toMatch(/<img class="letterhead__logo" src="[^"]+" alt="Northbridge Policy Institute"/);
    expect(html).toMatch(/href="#user-content-fnref-ports"[^>]*data-footnote-backref/);
    expect(html).toMatch(/href="#user-content-fn-ports"/);
  });

  it("--inline writes one self-contained file: CSS, fonts and logo inlined, nothing linked", () => {
    const html = readFileSync(join(project.root, "inline", "us", "sample.html"), "utf8");
    expect(html).toMatch(/src="data:image\/svg\+xml;base64,/);
    expect(html).toMatch(/@font-face\{[^}]*src:url\("data:font\/woff2;base64,/);
    expect(html).not.toMatch(/src="\.\.\//); // nothing loaded from outside; the web bar's links lead out
    expect(html).not.toMatch(/<link\b/);
    expect(html).not.toMatch(/url\("?\.\.\//);
    const linked = readFileSync(out("us/sample.html"), "utf8");
    expect(linked).toMatch(/src="\.\.\/assets\/logo\.svg"/);
  });
});

describe("PDF", () => {
  it.each(editions)(
    "%s is tagged with a real structure: headings, paragraphs, lists, a figure with alt text",
    (edition) => {
      const file = out(`${edition}.pdf`);
      expect(pdfInfo(file).Tagged).toBe("yes");
      const struct = pdfStruct(file);
      for (const tag of ["Document", "H1", "H2", "H3", "P", "L", "LI", "Figure"])
        expect(struct, tag).toMatch(new RegExp(`^\\s*${tag}\\b`, "m"));
      expect(readFileSync(file).toString("latin1")).toMatch(
        /\/Alt\s*\((?:\\376\\377|þÿ)?[^)]*N[^)]*\)|\/Alt\s*<[0-9A-Fa-f]+>/,
      );
    },
  );

  it.each(editions)("%s has language, title in the title bar, bookmarks and front-matter metadata", async (edition) => {
    const file = out(`${edition}.pdf`);
    const info = pdfInfo(file);
    expect(info.Title).toBe("Grain corridors after the harvest");
    expect(info.Author).toBe("Test Analyst; Second Author");
    expect(info.Subject).toBe("Grain moves when ports stay open. Keep them open.");
    expect(info.Keywords).toContain("grain");
    expect(info.Creator).toMatch(/^brief /);
    const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    const lang = doc.catalog.lookup(PDFName.of("Lang"));
    expect((lang as PDFString | PDFHexString).decodeText()).toBe(edition.startsWith("us") ? "en-US" : "en-GB");
    const prefs = doc.catalog.lookup(PDFName.of("ViewerPreferences"), PDFDict);
    expect(String(prefs.lookup(PDFName.of("DisplayDocTitle")))).toBe("true");
    const titles: string[] = [];
    const walk = (item: PDFDict | undefined) => {
      for (let node = item; node; node = node.lookupMaybe(PDFName.of("Next"), PDFDict)) {
        titles.push((node.lookup(PDFName.of("Title")) as PDFString | PDFHexString).decodeText());
        walk(node.lookupMaybe(PDFName.of("First"), PDFDict));
      }
    };
    walk(doc.catalog.lookup(PDFName.of("Outlines"), PDFDict).lookupMaybe(PDFName.of("First"), PDFDict));
    expect(titles).toEqual(
      expect.arrayContaining([
        "Grain corridors after the harvest",
        "Executive summary",
        "Key judgements",
        "Analysis",
        "Ports",
        "Implications",
        "Recommendations",
        "Endnotes",
      ]),
    );
  });

  it.each(editions)("%s embeds every font", (edition) => {
    const fonts = pdfFonts(out(`${edition}.pdf`));
    expect(fonts.map((f) => f.name).join(" ")).toMatch(/SourceSerif4/);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
  });
});
