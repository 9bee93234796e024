/** One browser per build, launched lazily, relaunched once if it crashes, always closed. */
import type { Browser, HTTPRequest, Page } from "puppeteer-core";
import type { ChildProcess } from "node:child_process";
import { findBrowser } from "./find-browser.js";
import { BriefError, messageOf } from "../shared/errors.js";
import { SERVED_HEADERS, type ServedFile } from "../shared/served.js";
import { isAlive } from "../shared/process.js";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
  // Behind request interception, a second wall: no host name or address resolves, so nothing reaches a network.
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

/** Images a memo page may load: data: URLs of image types (the brand's logo, a brief's embedded charts). */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|avif|svg\+xml)[;,]/i;

/**
 * True when a memo page may make `request`: a data: image or font (inlined for printing), or its own blank document.
 */
export function allowedRequest(request: Pick<HTTPRequest, "url" | "resourceType" | "isNavigationRequest">): boolean {
  const url = request.url();
  if (url === "about:blank") return true;
  if (request.isNavigationRequest()) return false;
  const type = request.resourceType();
  return (type === "image" && DATA_IMAGE.test(url)) || (type === "font" && url.startsWith("data:"));
}

/**
 * A promise that rejects when `browser` disconnects (crashed or closed), for racing any step that talks to it: some
 * of Puppeteer's promises never settle when the connection drops (a page's close waits for a target-destroyed event
 * that a dead browser never sends). `off()` stops listening once the step is over.
 */
export function whenDisconnected(browser: Browser, during: string): { promise: Promise<never>; off(): void } {
  let onGone = () => undefined as void;
  const promise = new Promise<never>((_, reject) => {
    onGone = () => reject(new BriefError(`Target closed: the browser disconnected ${during}`));
    if (!browser.connected) onGone();
    else browser.once("disconnected", onGone);
  });
  promise.catch(() => undefined); // observed by the races that use it
  return { promise, off: () => void browser.off("disconnected", onGone) };
}

/**
 * Closes `page`, giving up after `ms` or when its browser disconnects: a dead browser never confirms the close, and
 * the page goes with it.
 */
export async function closePage(page: Page, ms = 5_000): Promise<void> {
  const gone = whenDisconnected(page.browser(), "while a page was being closed");
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([page.close(), gone.promise, deadline]);
  } catch {
    // closed or gone: either way the page is no more
  } finally {
    clearTimeout(timer);
    gone.off();
  }
}

/**
 * Kills a browser process and the processes it started (Chromium runs as the leader of its own process group). The
 * bench's floor ends its browser with it too, so that the floor stays what the build asks of Chromium.
 */
export function killGroup(child: ChildProcess | null): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL"); // not a group leader (or not ours to signal): the process itself
  }
}

/** A session's temp folder in the system's: `brief-chromium-<pid>-XXXXXX`, Chromium's TMPDIR and its profile. */
const TEMP_PREFIX = "brief-chromium-";
/** How long a dead build's temp folder is left alone (see {@link removeStaleBrowserTemps}). */
const STALE_MS = 60 * 60 * 1000;

/**
 * Removes the temp folders that builds killed outright (SIGKILL, the out-of-memory killer) left in `dir`: those
 * whose process is gone and that have not changed for an hour. A running build's Chromium changes its folder as it
 * prints; the hour also spares a build whose process this one cannot see (another container sharing the folder),
 * which a pid alone would not. Folders it cannot remove (another user's) are left.
 */
export function removeStaleBrowserTemps(dir = tmpdir(), now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(TEMP_PREFIX) ? Number(/^(\d+)-./.exec(name.slice(TEMP_PREFIX.length))?.[1]) : 0;
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    const folder = join(dir, name);
    try {
      if (now - statSync(folder).mtimeMs < STALE_MS) continue;
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

const CRASHED_AGAIN = "Chromium crashed again after being relaunched; the build stops here.";

/** A shared browser: `page()` opens a locked-down page; `close()` ends the process. */
export class BrowserSession {
  #browser?: Promise<Browser>;
  /** Browsers (the first launch, a relaunch) whose first tab a page has taken. */
  #firstTabTaken = new WeakSet<Browser>();
  #launches = 0;
  #closed = false;
  /** Chromium's temp folders (its TMPDIR and profile): removed on close, even when Chromium is killed and cannot. */
  #temps: string[] = [];
  /** Fonts the pages answer from memory, by URL (shared/served.ts). */
  #served: ReadonlyMap<string, ServedFile> = new Map();

  constructor(
    private readonly options: {
      executablePath?: string | undefined;
      from?: string | undefined;
      maxLaunches?: number;
    } = {},
  ) {}

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
        throw new BriefError(`${CRASHED_AGAIN} Check memory (free -h) and run again.`);
      }
    }
    this.#launches++;
    this.#browser = this.#launch();
    return this.#browser;
  }

  async #launch(): Promise<Browser> {
    const executablePath = await findBrowser(this.options.executablePath, this.options.from);
    const puppeteer = (await import("puppeteer-core")).default;
    removeStaleBrowserTemps(); // one listing of the temp folder (about 1 ms here, 265 entries)
    let temp: string;
    try {
      temp = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
    } catch (error) {
      throw new BriefError(
        `cannot make Chromium's temp folder in ${tmpdir()} (${messageOf(error)}). Set TMPDIR to a folder that ` +
          `exists, that you may write to and that has free space (e.g. TMPDIR=$HOME/tmp, after mkdir -p $HOME/tmp).`,
      );
    }
    this.#temps.push(temp);
    try {
      // Signals are the CLI's: Puppeteer's own handlers would exit at once on SIGINT, before temp files and the lock
      // are cleaned up.
      const browser = await puppeteer.launch({
        executablePath,
        // Chromium's profile is in the session's temp folder too, so that one folder holds everything it leaves.
        userDataDir: join(temp, "profile"),
        env: { ...process.env, TMPDIR: temp },
        headless: true,
        args: CHROMIUM_ARGS,
        pipe: true,
        timeout: 30_000,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
      if (this.#closed) {
        await browser.close().catch(() => browser.process()?.kill("SIGKILL"));
        throw new BriefError("the browser session is closed");
      }
      return browser;
    } catch (error) {
      if (error instanceof BriefError) throw error;
      // A relaunch that dies while starting is the second crash, not a browser that cannot run.
      if (this.#launches > 1)
        throw new BriefError(
          `${CRASHED_AGAIN} It stopped while starting (${messageOf(error)}). Check memory ` +
            `(free -h) and run again.`,
        );
      throw new BriefError(
        `Chromium at ${executablePath} failed to start: ${messageOf(error)}. Check that ` +
          `it runs: ${executablePath} --headless --no-sandbox --version`,
      );
    }
  }

  /**
   * The fonts every page of this session answers from memory: a page's request for one of these URLs, as a font, gets
   * its bytes (with CORS and caching headers, so that Chromium keeps it from one memo to the next).
   */
  serve(files: ReadonlyMap<string, ServedFile>): void {
    this.#served = files;
  }

  /** The pid of the browser process, if running (for tests). */
  async pid(): Promise<number | undefined> {
    if (!this.#browser) return undefined;
    return (await this.#browser.catch(() => undefined))?.process()?.pid;
  }

  /**
   * Opens a page with JavaScript off and every request blocked except data: images and fonts and the fonts the
   * session serves; blocked URLs go to `onBlocked` (the pipeline turns each into a warning naming the edition).
   */
  async page(onBlocked: (url: string) => void): Promise<Page> {
    const browser = await this.browser();
    // A browser that dies while a page is being opened would leave newPage() waiting for ever: fail instead.
    const gone = whenDisconnected(browser, "while a page was being opened");
    const opening = this.#blankOrNew(browser);
    let page: Page;
    try {
      page = await Promise.race([opening, gone.promise]);
      await Promise.race([page.setJavaScriptEnabled(false), gone.promise]);
      await Promise.race([page.setRequestInterception(true), gone.promise]);
    } catch (error) {
      void opening.then((p) => closePage(p)).catch(() => undefined);
      throw error;
    } finally {
      gone.off();
    }
    page.on("request", (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const file = request.resourceType() === "font" ? this.#served.get(request.url()) : undefined;
      if (file) {
        void request
          .respond({
            status: 200,
            contentType: file.type,
            headers: SERVED_HEADERS,
            body: file.bytes,
          })
          .catch(() => undefined);
      } else if (allowedRequest(request)) {
        void request.continue().catch(() => undefined);
      } else {
        onBlocked(request.url());
        void request.abort("blockedbyclient").catch(() => undefined);
      }
    });
    return page;
  }

  /**
   * The tab Chromium opens as it starts (Puppeteer launches it on about:blank and waits for it), for the first page
   * asked of each browser; a new page after it, or when that tab is not there or shows something else. Opening a
   * page costs Chromium a renderer's start-up, and that tab's renderer has already started.
   */
  async #blankOrNew(browser: Browser): Promise<Page> {
    if (!this.#firstTabTaken.has(browser)) {
      this.#firstTabTaken.add(browser);
      const [first, ...others] = await browser.pages();
      if (first && others.length === 0 && first.url() === "about:blank") return first;
    }
    return browser.newPage();
  }

  /**
   * Ends the browser; safe to call twice. Nothing in it is worth a graceful shutdown (its profile is a temp folder and
   * every PDF has been received), so its process group is killed at once instead of waiting the ~150 ms Chromium takes
   * to shut down; Puppeteer's close then finds the connection gone and waits for the exit, for at most `graceMs`, and
   * the temp folder (the profile in it) is removed.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.#closed = true;
    const pending = this.#browser;
    this.#browser = undefined;
    const browser = await pending?.catch(() => undefined);
    if (!browser) return this.#removeTemps();
    const child = browser.process();
    killGroup(child);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    try {
      await Promise.race([browser.close().catch(() => undefined), deadline]);
    } finally {
      clearTimeout(timer);
    }
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    this.#removeTemps();
  }

  #removeTemps(): void {
    for (const temp of this.#temps.splice(0)) rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  }
}
