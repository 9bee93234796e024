/** One browser per build, launched lazily, relaunched once if it crashes, always closed. */
import type { Browser, Page } from "puppeteer-core";
import { findBrowser } from "./find-browser.js";
import { BriefError, messageOf } from "../errors.js";

/** Flags that work headless as root on a machine without open internet. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  "--disable-features=Translate,MediaRouter,OptimizationHints",
  "--font-render-hinting=none",
];

/** A shared browser: `page()` opens a locked-down page; `close()` ends the process. */
export class BrowserSession {
  #browser?: Promise<Browser>;
  #launches = 0;
  #closed = false;

  constructor(private readonly options: { executablePath?: string | undefined; maxLaunches?: number } = {}) {}

  /** Starts the browser now (it launches while the Markdown stages run). */
  warm(): void {
    void this.browser().catch(() => undefined);
  }

  /** The browser, launched on first use; a crashed browser is relaunched once per build. */
  async browser(): Promise<Browser> {
    if (this.#closed) throw new BriefError("the browser session is closed");
    if (this.#browser) {
      const browser = await this.#browser;
      if (browser.connected) return browser;
      if (this.#launches >= (this.options.maxLaunches ?? 2)) {
        throw new BriefError("Chromium crashed again after being relaunched; the build stops here. Check memory (free -h) and run again.");
      }
    }
    this.#launches++;
    this.#browser = this.#launch();
    return this.#browser;
  }

  async #launch(): Promise<Browser> {
    const executablePath = await findBrowser(this.options.executablePath);
    const puppeteer = (await import("puppeteer-core")).default;
    try {
      return await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, pipe: true, timeout: 30_000 });
    } catch (error) {
      throw new BriefError(`Chromium at ${executablePath} failed to start: ${messageOf(error)}. Check that it runs: ${executablePath} --headless --no-sandbox --version`);
    }
  }

  /** The pid of the browser process, if running (for tests). */
  async pid(): Promise<number | undefined> {
    if (!this.#browser) return undefined;
    return (await this.#browser.catch(() => undefined))?.process()?.pid;
  }

  /** Opens a page with JavaScript off and every request blocked except data: URLs; blocked URLs go to `onBlocked`. */
  async page(onBlocked: (url: string) => void): Promise<Page> {
    const browser = await this.browser();
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const url = request.url();
      if (url.startsWith("data:") || url === "about:blank") {
        void request.continue().catch(() => undefined);
      } else {
        onBlocked(url);
        void request.abort("blockedbyclient").catch(() => undefined);
      }
    });
    return page;
  }

  /** Closes the browser; safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const pending = this.#browser;
    this.#browser = undefined;
    if (!pending) return;
    const browser = await pending.catch(() => undefined);
    if (!browser) return;
    await browser.close().catch(() => browser.process()?.kill("SIGKILL"));
  }
}
