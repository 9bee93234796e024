// The floor: Chromium's own printing time for a set of HTML files — one browser, N pages in flight,
// each memo `setContent` + `page.pdf()` with the options the project uses, nothing else. The files are
// the self-contained HTML (`--format html --inline`); their fonts are served to the page from memory, as
// the build serves them (src/shared/served.ts), so that Chromium is given what the build gives it. Run as a
// child process (`node scripts/bench/floor.js <concurrency> <folder of .html files>`); it prints
// JSON {launchMs, printMs, totalMs, memos, bytes} on stdout.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { CHROMIUM_ARGS, killGroup } = await import(pathToFileURL(join(root, "dist", "print", "browser.js")).href);
const { findBrowser } = await import(pathToFileURL(join(root, "dist", "print", "find-browser.js")).href);
const { servedUrlOf, SERVED_HEADERS } = await import(pathToFileURL(join(root, "dist", "shared", "served.js")).href);
const puppeteer = (await import("puppeteer-core")).default;

/**
 * The options src/print/print.ts passes to page.pdf(), but for `waitForFonts`: the build waits for the fonts in the
 * evaluate it makes before printing (loading every face and reading the page's height), so it turns page.pdf()'s own
 * wait off; the floor makes no call of its own and keeps that wait. Either way, one evaluate a memo.
 */
export const PDF_OPTIONS = {
  preferCSSPageSize: true,
  printBackground: true,
  tagged: true,
  outline: true,
  displayHeaderFooter: false,
  timeout: 0,
};

const [concurrency, folder] = process.argv.slice(2);
const n = Number(concurrency);
// Exactly the memos the build prints: the HTML artefacts its manifest lists (not the index or the compare pages, which
// are web pages only and are never printed).
const manifest = JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8"));
const files = manifest.artefacts
  .filter((a) => a.format === "html")
  .map((a) => a.path)
  .sort();
// Each font's data: URL becomes the URL the build names it by, and its bytes are served from here.
const served = new Map();
const pages = files.map((f) =>
  readFileSync(join(folder, f), "utf8").replace(
    /data:(font\/([a-z0-9]+));base64,([A-Za-z0-9+/=]+)/g,
    (_, type, ext, b64) => {
      const bytes = Buffer.from(b64, "base64");
      const url = servedUrlOf(bytes, `.${ext}`);
      served.set(url, { type, bytes });
      return url;
    },
  ),
);
// As the build launches it (src/print/browser.ts): its TMPDIR and profile in one temp folder, removed at the end.
const temp = mkdtempSync(join(tmpdir(), "brief-floor-"));
const t0 = performance.now();
const browser = await puppeteer.launch({
  executablePath: await findBrowser(),
  userDataDir: join(temp, "profile"),
  env: { ...process.env, TMPDIR: temp },
  headless: true,
  args: CHROMIUM_ARGS,
  pipe: true,
});
const t1 = performance.now();
let next = 0;
let bytes = 0;
try {
  await Promise.all(
    Array.from({ length: Math.min(n, pages.length) }, async () => {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        const file = served.get(request.url());
        if (!file) return void request.continue();
        void request.respond({
          status: 200,
          contentType: file.type,
          headers: SERVED_HEADERS,
          body: file.bytes,
        });
      });
      while (next < pages.length) {
        const html = pages[next++];
        await page.setContent(html, { waitUntil: "load", timeout: 0 });
        const pdf = await page.pdf(PDF_OPTIONS);
        bytes += pdf.byteLength;
      }
      await page.close();
    }),
  );
} finally {
  // Ended as the build ends its browser (src/print/browser.ts): the process group killed, no graceful shutdown.
  killGroup(browser.process());
  await browser.close().catch(() => undefined);
}
const t2 = performance.now();
rmSync(temp, { recursive: true, force: true, maxRetries: 3 }); // outside the clock: the floor is Chromium's time
process.stdout.write(
  `${JSON.stringify({ launchMs: t1 - t0, printMs: t2 - t1, totalMs: t2 - t0, memos: pages.length, bytes })}\n`,
);
