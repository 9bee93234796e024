// Issue 16, the web edition in dark mode: on screen with `prefers-color-scheme: dark` the memo sheet goes dark, every
// text keeps WCAG AA contrast (the brand's too-dark colours lightened), figures and charts stay light cards; print is
// unaffected. Checked in real Chromium: axe, then the computed colours of every piece of text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { makeProject, type TempProject } from "./helpers/project.js";
import { chartedBrief, MAP_SVG } from "./helpers/charted.js";
import { build } from "../src/build/build.js";
import { findBrowser } from "../src/print/find-browser.js";
import { CHROMIUM_ARGS } from "../src/print/browser.js";

const require = createRequire(import.meta.url);
let project: TempProject;
let browser: Browser;
let url: string;

beforeAll(async () => {
  project = makeProject({ charted: chartedBrief("charted") });
  project.write("briefs/charted/map.svg", MAP_SVG);
  // A brand whose accent is far too dark for a dark sheet (1.2:1 on #1e2329): the dark scheme must lighten it.
  const brand = project.read("templates/brand.yml").replace('navy: "#1f3a5f"', 'navy: "#0b1630"');
  expect(brand).toContain("#0b1630");
  project.write("templates/brand.yml", brand);
  const report = await build(project.options({ audiences: ["us"], formats: ["html"] }));
  expect(report.ok).toBe(true);
  url = pathToFileURL(join(project.root, "out", "us", "charted.html")).href;
  browser = await puppeteer.launch({
    executablePath: await findBrowser(),
    headless: true,
    args: CHROMIUM_ARGS,
    pipe: true,
  });
});
afterAll(async () => {
  await browser?.close();
  project.remove();
});

async function open(scheme: "light" | "dark", media: "screen" | "print" = "screen"): Promise<Page> {
  const page = await browser.newPage();
  // One call for both: Puppeteer's emulateMediaType and emulateMediaFeatures each reset what the other set.
  const cdp = await page.createCDPSession();
  await cdp.send("Emulation.setEmulatedMedia", { media, features: [{ name: "prefers-color-scheme", value: scheme }] });
  await page.goto(url, { waitUntil: "load" });
  return page;
}

/** Every element with its own visible text: its selector-ish name, text colour, the colour behind it, and the ratio. */
function textContrasts(page: Page) {
  return page.evaluate(() => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const behind = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg.length === 3 || (bg.length === 4 && bg[3]! > 0)) return bg.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const rows: Array<{ what: string; text: string; color: string; bg: string; ratio: number }> = [];
    for (const el of document.querySelectorAll(".sheet *, .web-nav, .web-nav *")) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim() !== "");
      const style = getComputedStyle(el);
      if (!own || style.visibility === "hidden" || (el as HTMLElement).offsetParent === null) continue;
      if (el.closest("svg, .visually-hidden")) continue; // chart text: on its own white card, drawn by the chart code
      const fg = parse(style.color).slice(0, 3);
      const bg = behind(el);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      rows.push({
        what: `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`,
        text: el.textContent!.trim().slice(0, 30),
        color: style.color,
        bg: `rgb(${bg.join(", ")})`,
        ratio: Math.round(((a! + 0.05) / (b! + 0.05)) * 100) / 100,
      });
    }
    return rows;
  });
}

describe("dark scheme of the web edition", () => {
  it("has zero axe-core violations in dark mode", async () => {
    const page = await open("dark");
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              d: Document,
              o: object,
            ) => Promise<{ violations: Array<{ id: string; nodes: Array<{ html: string; failureSummary: string }> }> }>;
          };
        }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      });
      return result.violations.flatMap((v) =>
        v.nodes.map((n) => `${v.id}: ${n.html.slice(0, 80)} ${n.failureSummary}`),
      );
    });
    expect(violations).toEqual([]);
    await page.close();
  });

  it("darkens the sheet and gives every text at least 4.5:1 on what is behind it; figures stay light cards", async () => {
    const page = await open("dark");
    const sheet = await page.$eval(".sheet", (e) => getComputedStyle(e).backgroundColor);
    expect(sheet).toBe("rgb(30, 35, 41)"); // #1e2329
    const figures = await page.$$eval(".memo-body figure", (fs) => fs.map((f) => getComputedStyle(f).backgroundColor));
    expect(figures).toEqual(["rgb(255, 255, 255)", "rgb(255, 255, 255)"]); // the two charts
    const images = await page.$$eval(".memo-body img", (is) => is.map((i) => getComputedStyle(i).backgroundColor));
    expect(images).toEqual(["rgb(255, 255, 255)"]); // the SVG figure, whatever its own background
    const rows = await textContrasts(page);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.ratio < 4.5)).toEqual([]);
    // The brand's too-dark accent is lightened on the sheet (headings) and kept as it is on the figures' cards.
    const h2 = await page.$eval(".memo-body h2", (e) => getComputedStyle(e).color);
    expect(h2).not.toBe("rgb(11, 22, 48)");
    const caption = await page.$eval(".memo-body figure figcaption", (e) => getComputedStyle(e).color);
    expect(caption).toBe("rgb(11, 22, 48)");
    await page.close();
  });

  it("leaves light mode and print as they were: dark preference changes nothing in print", async () => {
    const styles = async (scheme: "light" | "dark", media: "screen" | "print") => {
      const page = await open(scheme, media);
      const seen = await page.evaluate(() =>
        [...document.querySelectorAll("body, .sheet, .sheet *")].map((e) => {
          const s = getComputedStyle(e);
          return `${e.tagName} ${s.color} ${s.backgroundColor} ${s.borderTopColor} ${s.padding}`;
        }),
      );
      await page.close();
      return seen;
    };
    expect(await styles("dark", "print")).toEqual(await styles("light", "print"));
    const light = await open("light");
    expect(await light.$eval(".sheet", (e) => getComputedStyle(e).backgroundColor)).toBe("rgb(255, 255, 255)");
    expect(await light.$eval(".memo-body h2", (e) => getComputedStyle(e).color)).toBe("rgb(11, 22, 48)");
    await light.close();
  });
});
