// The print stage's HTML preparation (no browser).
import { describe, expect, it } from "vitest";
import { EventEmitter } from "node:events";
import type { Page } from "puppeteer-core";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closePage, removeStaleBrowserTemps, whenDisconnected } from "../../src/print/browser.js";
import { withoutRefresh } from "../../src/print/print.js";

describe("withoutRefresh", () => {
  // Regression: a template's meta refresh navigated the print page after load; under load the print then
  // failed with "Execution context was destroyed" (seen in the hostile suite, 5 builds in 10 on a busy machine).
  it("drops every form of <meta http-equiv=refresh> and keeps other meta tags", () => {
    const html = [
      '<meta charset="utf-8">',
      '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/x">',
      "<META HTTP-EQUIV=Refresh CONTENT='5'>",
      '<meta content="1" http-equiv = "REFRESH" >',
      '<meta name="description" content="refresh the memo">',
    ].join("\n");
    const out = withoutRefresh(html);
    expect(out).not.toMatch(/http-equiv/i);
    expect(out).toContain('<meta charset="utf-8">');
    expect(out).toContain('<meta name="description" content="refresh the memo">');
  });

  // Issue 17: forms the regex missed, each of which Chromium obeys (the PDF came out blank).
  it.each([
    ["a character reference in the value", '<meta http-equiv="&#82;efresh" content="0;url=about:blank">'],
    ["a decimal reference without its semicolon", "<meta http-equiv=&#82efresh content=0>"],
    ["a `>` inside another attribute's quotes", '<meta content="0;url=about:blank>" http-equiv="refresh">'],
    [
      "inside <noscript> (markup when scripting is off, as on the print page)",
      "<noscript><meta http-equiv=refresh content=0></noscript>",
    ],
  ])("drops a refresh written with %s, keeping the rest byte for byte", (_, tag) => {
    const html = `<!doctype html><html><head><meta charset="utf-8">${tag}<title>t</title></head><body><p>kept</p></body></html>`;
    const out = withoutRefresh(html);
    expect(out).toBe(html.replace(tag.replace(/^<noscript>|<\/noscript>$/g, ""), ""));
  });
});

describe("a page whose browser dies", () => {
  /** A page whose close() never settles (as Puppeteer's does when the browser dies mid-close), and its browser. */
  function fakePage() {
    const browser = new EventEmitter() as EventEmitter & { connected: boolean };
    browser.connected = true;
    const page = { browser: () => browser, close: () => new Promise<void>(() => undefined) };
    return { browser, page: page as unknown as Page };
  }

  it("closePage returns once the browser disconnects, not waiting for a close that never comes", async () => {
    const { browser, page } = fakePage();
    const closing = closePage(page, 60_000);
    setTimeout(() => {
      browser.connected = false;
      browser.emit("disconnected");
    }, 10);
    await expect(closing).resolves.toBeUndefined();
    expect(browser.listenerCount("disconnected")).toBe(0);
  });

  it("closePage gives up after its deadline while the browser stays connected", async () => {
    const { browser, page } = fakePage();
    await expect(closePage(page, 20)).resolves.toBeUndefined();
    expect(browser.listenerCount("disconnected")).toBe(0);
  });

  it("whenDisconnected rejects with a crash message Print's retry recognises", async () => {
    const { browser } = fakePage();
    const gone = whenDisconnected(browser as never, "while us/memo was being printed");
    browser.connected = false;
    browser.emit("disconnected");
    await expect(gone.promise).rejects.toThrow(/^Target closed: the browser disconnected while us\/memo/);
  });
});

describe("removeStaleBrowserTemps", () => {
  // A build killed outright (SIGKILL, the out-of-memory killer) cannot remove its temp folder, Chromium's profile in
  // it (about 2 MB): a later build removes it once its process is gone and it has not changed for an hour.
  it("removes only the folders of builds that are gone and have been left for an hour", () => {
    const dir = mkdtempSync(join(tmpdir(), "brief-stale-test-"));
    const gone = 2 ** 30; // above any pid_max: no such process
    const now = Date.now();
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000);
    const folder = (name: string, age: number) => {
      mkdirSync(join(dir, name, "profile"), { recursive: true });
      writeFileSync(join(dir, name, "profile", "Local State"), "{}");
      utimesSync(join(dir, name), hoursAgo(age), hoursAgo(age));
    };
    try {
      folder(`brief-chromium-${gone}-aB3xYz`, 2); // gone, left two hours: removed
      folder(`brief-chromium-${gone}-fresh1`, 0.5); // gone, but changed half an hour ago: kept
      folder(`brief-chromium-${process.pid}-mine01`, 2); // this process's own
      folder(`brief-chromium-1-init01`, 2); // pid 1 is always running
      folder(`brief-chromium-Qw12er`, 2); // no pid in the name: not one this version made
      folder(`other-${gone}-aB3xYz`, 2);
      writeFileSync(join(dir, `brief-chromium-${gone}-file`), ""); // a file: removed like a folder
      utimesSync(join(dir, `brief-chromium-${gone}-file`), hoursAgo(2), hoursAgo(2));
      removeStaleBrowserTemps(dir, now);
      expect(readdirSync(dir).sort()).toEqual(
        [
          `brief-chromium-${gone}-fresh1`,
          `brief-chromium-${process.pid}-mine01`,
          "brief-chromium-1-init01",
          "brief-chromium-Qw12er",
          `other-${gone}-aB3xYz`,
        ].sort(),
      );
      expect(() => removeStaleBrowserTemps(join(dir, "missing"), now)).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
