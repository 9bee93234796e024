// A printer keeps its page from one edition to the next (opening one costs Chromium about as much as printing a
// memo), and nothing of one print reaches the next: its blocked requests are its own, and a failed page is replaced.
import { afterAll, describe, expect, it } from "vitest";
import { getEventListeners } from "node:events";
import { BrowserSession } from "../src/print/browser.js";
import { closeLane, printIsolated, type PrintLane } from "../src/print/print.js";
import { printEditions } from "../src/build/print-editions.js";
import { Queue } from "../src/build/queue.js";
import type { RenderedEdition } from "../src/build/render-briefs.js";
import type { BuildOptions } from "../src/shared/options.js";
import type { EditionWarning } from "../src/shared/problems.js";

const session = new BrowserSession();
afterAll(() => session.close());

const memo = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>` +
  `<style>@page{size:A4}</style></head><body>${body}</body></html>`;

describe("a printer's lane", () => {
  it("prints edition after edition on one page, each warned only of its own blocked requests", async () => {
    const opened: number[] = [];
    const open = session.page.bind(session);
    session.page = (onBlocked) => (opened.push(1), open(onBlocked));
    const lane: PrintLane = {};
    try {
      const first: EditionWarning[] = [];
      const second: EditionWarning[] = [];
      const a = await printIsolated(
        session,
        memo('<p>A</p><img src="http://example.invalid/a.png" alt="a">'),
        "us/a",
        30_000,
        first,
        undefined,
        Infinity,
        lane,
      );
      const b = await printIsolated(session, memo("<p>B</p>"), "us/b", 30_000, second, undefined, Infinity, lane);
      expect(Buffer.from(a.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
      expect(Buffer.from(b.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
      expect(first).toEqual([{ rule: "blocked-request", url: "http://example.invalid/a.png" }]);
      expect(second).toEqual([]);
      expect(opened).toHaveLength(1);
      expect(lane.page).toBeDefined();
    } finally {
      await closeLane(lane);
      session.page = open;
    }
    expect(lane.page).toBeUndefined();
  }, 60_000);

  it("listens to the build's signal only while it prints: no listener is left behind (Node warns at 11)", async () => {
    const controller = new AbortController();
    const lane: PrintLane = {};
    try {
      for (const n of [1, 2, 3]) {
        await printIsolated(session, memo(`<p>${n}</p>`), `us/${n}`, 30_000, [], controller.signal, Infinity, lane);
        expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      }
      await expect(
        printIsolated(session, memo("<p>tall</p>"), "us/tall", 30_000, [], controller.signal, 0, lane),
      ).rejects.toThrow();
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    } finally {
      await closeLane(lane);
    }
  }, 60_000);

  it("drops a page a print failed on: the next edition gets a new one", async () => {
    const lane: PrintLane = {};
    try {
      // A page cap of 0 fails the print after the page has loaded.
      await expect(
        printIsolated(session, memo("<p>tall</p>"), "us/tall", 30_000, [], undefined, 0, lane),
      ).rejects.toThrow();
      expect(lane.page).toBeUndefined();
      const pdf = await printIsolated(session, memo("<p>next</p>"), "us/next", 30_000, [], undefined, Infinity, lane);
      expect(pdf.byteLength).toBeGreaterThan(500);
      expect(lane.page).toBeDefined();
    } finally {
      await closeLane(lane);
    }
  }, 60_000);

  it("opens the printers' pages before the first edition is rendered, one per edition expected at most", async () => {
    const open = session.page.bind(session);
    for (const [concurrency, editions, pages] of [
      [2, 48, 2],
      [4, 1, 1],
    ] as const) {
      const opened: Promise<unknown>[] = [];
      session.page = (onBlocked) => {
        const page = open(onBlocked);
        opened.push(page);
        return page;
      };
      try {
        const queue = new Queue<RenderedEdition>();
        const ctx = { brand: { name: "Test" }, assets: { fonts: [] } } as unknown as Parameters<
          typeof printEditions
        >[3];
        const o = { concurrency, timeoutMs: 30_000 } as unknown as BuildOptions;
        const printing = printEditions(o, queue, session, ctx, async () => undefined, undefined, editions);
        // Nothing is rendered yet: the pages open anyway, and are open before anything is queued.
        expect(opened).toHaveLength(pages);
        await Promise.all(opened);
        queue.close();
        await printing;
      } finally {
        session.page = open;
      }
    }
  }, 60_000);
});

describe("the browser's first tab", () => {
  it("is the first page a session opens, locked down as every page is; the next pages are new", async () => {
    const own = new BrowserSession();
    try {
      const browser = await own.browser();
      const [tab] = await browser.pages();
      const blocked: string[] = [];
      const first = await own.page((url) => blocked.push(url));
      const second = await own.page(() => undefined);
      expect(first).toBe(tab);
      expect(second).not.toBe(tab);
      expect(await browser.pages()).toHaveLength(2);
      // JavaScript off and requests intercepted, as on a page opened for printing.
      await first.setContent(
        '<p id="x">as written</p><script>document.getElementById("x").textContent = "changed"</script>' +
          '<img src="http://example.invalid/logo.png" alt="">',
        { waitUntil: "load" },
      );
      expect(await first.$eval("#x", (e) => e.textContent)).toBe("as written");
      expect(blocked).toEqual(["http://example.invalid/logo.png"]);
    } finally {
      await own.close();
    }
  }, 60_000);
});
