// Hostile figures (h94, h95): an SVG beside the brief that tries to run script and fetch, and files over the limits.
// Built for real (HTML and PDF in Chromium), the HTML then opened with JavaScript on and the counting server reachable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { deflateSync } from "node:zlib";
import puppeteer from "puppeteer-core";
import { makeProject, REPO, type TempProject } from "../helpers/project.js";
import { build } from "../../src/build/build.js";
import type { BuildReport } from "../../src/build/report.js";
import { findBrowser } from "../../src/print/find-browser.js";
import { pdfText } from "../helpers/pdf.js";
import { assembleBrief, fillFixture, pdfActions, startCountingServer, type CountingServer } from "./harness.js";

const fixtureText = (id: string) => {
  const dir = join(REPO, "tests", "fixtures", "hostile");
  return readFileSync(
    join(
      dir,
      readdirSync(dir).find((f) => f.startsWith(`${id}.`))!,
    ),
    "utf8",
  );
};

/** A PNG header of `width` × `height` (the checks read the header only). */
function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write("IHDR", 4, "latin1");
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 0, 0, 0, 0], 16);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, ihdr, deflateSync(Buffer.alloc(16))]);
}

let server: CountingServer;
let project: TempProject;
let report: BuildReport;
let hitsAfterBuild: string[];
const dialogs: string[] = [];
const LIMITS_FRAGMENT = [
  "![Big](h95-figure-limits/big.png)",
  "",
  "![Wide](h95-figure-limits/wide.png)",
  "",
  "![Strip](h95-figure-limits/strip.png)",
  "",
  "![No size](h95-figure-limits/nosize.svg)",
].join("\n");
let limitsLines: [number, number];

beforeAll(async () => {
  server = await startCountingServer();
  project = makeProject();
  const svgCase = "h94-svg-figure";
  project.write(
    `briefs/${svgCase}.md`,
    assembleBrief("body", svgCase, `![A hostile SVG H94](${svgCase}/evil.svg)`).text,
  );
  project.write(`briefs/${svgCase}/evil.svg`, fillFixture(fixtureText(svgCase), server, svgCase));
  const limits = assembleBrief("body", "h95-figure-limits", LIMITS_FRAGMENT);
  limitsLines = limits.lines;
  project.write("briefs/h95-figure-limits.md", limits.text);
  const dir = join(project.root, "briefs", "h95-figure-limits");
  project.write("briefs/h95-figure-limits/nosize.svg", "<svg><rect/></svg>");
  writeFileSync(join(dir, "big.png"), Buffer.concat([png(100, 100), Buffer.alloc(3_000_000)]));
  writeFileSync(join(dir, "wide.png"), png(30_000, 100));
  writeFileSync(join(dir, "strip.png"), png(100, 2500));
  project.write("briefs/fine.md", assembleBrief("control", "fine", "").text);
  report = await build(project.options({ formats: ["html", "pdf"], concurrency: 2 }));
  hitsAfterBuild = [...server.hits];

  const browser = await puppeteer.launch({
    executablePath: await findBrowser(),
    headless: true,
    pipe: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const page = await browser.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss().catch(() => undefined);
    });
    await page.goto(pathToFileURL(join(project.root, "out", "us", `${svgCase}.html`)).href, { waitUntil: "load" });
    await page.waitForNetworkIdle({ idleTime: 50, timeout: 10_000 }).catch(() => undefined);
  } finally {
    await browser.close();
  }
}, 180_000);

afterAll(async () => {
  await server?.close();
  project?.remove();
});

describe("h94: a hostile SVG figure", () => {
  it("is built, embedded as a sanitized data: image that keeps its drawing and text and nothing of the attack", () => {
    const edition = report.editions.find((e) => e.brief === "h94-svg-figure")!;
    expect(edition.status).toBe("built");
    const html = project.read("out/us/h94-svg-figure.html");
    const src = /<img src="data:image\/svg\+xml;base64,([^"]+)" alt="A hostile SVG H94">/.exec(html)?.[1];
    expect(src, "the figure is embedded").toBeDefined();
    const svg = Buffer.from(src!, "base64").toString("utf8");
    expect(svg).toContain("Safe figure text H94");
    expect(svg).toContain('<circle cx="200" cy="150" r="20" fill="#1f3a5f"');
    for (const bad of [/script/i, /\son[a-z]+=/i, /127\.0\.0\.1/, /foreignObject/i, /<image/i, /javascript:/i])
      expect(svg).not.toMatch(bad);
    expect(svg).not.toMatch(/<animate|<set|@import|passwd|root:/);
  });

  it("made no request, printing or opened with JavaScript on, and ran no script", () => {
    expect(hitsAfterBuild).toEqual([]);
    expect(server.hits).toEqual([]);
    expect(dialogs).toEqual([]);
    const pdf = readFileSync(join(project.root, "out", "us", "h94-svg-figure.pdf"));
    expect(pdfActions(pdf)).toEqual([]);
    expect(pdfText(join(project.root, "out", "us", "h94-svg-figure.pdf"))).toContain("Control text h94-svg-figure.");
  });
});

describe("h95: figures over the limits", () => {
  it("are each a located error; that brief fails and the other is built", () => {
    expect(report.editions.find((e) => e.brief === "h95-figure-limits")!.status).toBe("failed");
    expect(report.editions.find((e) => e.brief === "fine")!.status).toBe("built");
    const file = report.files.find((f) => f.path === "briefs/h95-figure-limits.md")!;
    const errors = file.messages.filter((m) => m.fatal);
    const want = [
      /^Image `h95-figure-limits\/big.png` cannot be used: briefs\/h95-figure-limits\/big.png is \d+ bytes, over the limit of 2097152/,
      /^Image `h95-figure-limits\/wide.png` cannot be used: it is 30000 × 100 pixels; a side may be at most 10000/,
      /^Image `h95-figure-limits\/strip.png` cannot be used: it is 100 × 2500 pixels; one side may be at most 20 times/,
      /^Image `h95-figure-limits\/nosize.svg` cannot be used: it declares no size/,
    ];
    for (const w of want) {
      const m = errors.find((e) => w.test(e.reason));
      expect(m, `${w}: ${errors.map((e) => e.reason).join(" | ")}`).toBeDefined();
      expect(m!.line).toBeGreaterThanOrEqual(limitsLines[0]);
      expect(m!.line).toBeLessThanOrEqual(limitsLines[1]);
    }
  });
});
