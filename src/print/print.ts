/** Print stage: a memo's HTML → PDF bytes, in a locked-down page of the shared browser. */
import type { Page } from "puppeteer-core";
import { BriefError, PageCapError, messageOf } from "../shared/errors.js";
import { closePage, whenDisconnected, type BrowserSession } from "./browser.js";
import type { EditionWarning } from "../shared/problems.js";
import { refreshRanges } from "./refresh.js";

/** Runs `step` with a time limit; the error names the step and the edition. */
export async function withTimeout<T>(step: string, edition: string, ms: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BriefError(
            `${edition}: ${step} took longer than ${ms / 1000} s and was stopped. Simplify ` +
              `the brief (very large tables or images?) or raise --timeout.`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `<meta http-equiv="refresh">` in a template would navigate the print page away after it loads (the
 * request is blocked, so Chromium would swap in an error page, or tear down the page mid-print): a
 * printed memo never navigates, so the tag is dropped before printing. Briefs cannot carry it at all.
 */
export function withoutRefresh(html: string): string {
  if (!/http-equiv/i.test(html)) return html; // attribute names are never written as character references
  let out = "";
  let from = 0;
  for (const [start, end] of refreshRanges(html)) {
    if (start < from) continue;
    out += html.slice(from, start);
    from = end;
  }
  return out + html.slice(from);
}

/** An A4 page's height in CSS pixels (297 mm at 96 px to the inch). */
const A4_HEIGHT_PX = 1123;

/** Prints `html` to PDF with the page size and margins its CSS `@page` rules give. */
export async function printPdf(
  page: Page,
  html: string,
  edition: string,
  timeoutMs: number,
  maxPages = Infinity,
): Promise<Uint8Array> {
  try {
    await withTimeout("loading the page", edition, timeoutMs, () =>
      page.setContent(withoutRefresh(html), { waitUntil: "load", timeout: 0 }),
    );
    // Load every declared face, not only those layout has asked for so far: `document.fonts.ready` alone can
    // resolve before the first layout starts a font, and the PDF would then be printed with a fallback. The page's
    // height is read in the same call, with its fonts loaded: one round trip to the page, not two.
    const height = await withTimeout("loading the fonts", edition, timeoutMs, () =>
      page.evaluate(async () => {
        await Promise.all(Array.from(document.fonts, (face) => face.load().catch(() => undefined)));
        await document.fonts.ready;
        return document.documentElement.scrollHeight;
      }),
    );
    // A page far taller than the cap allows is not printed at all (a tall image used many times can make thousands
    // of pages and gigabytes of renderer memory). Its height on screen, over a full A4 page's, is a fair count.
    const estimate = Math.ceil(height / A4_HEIGHT_PX);
    if (estimate > 2 * maxPages) throw new PageCapError(estimate, maxPages);
    return await withTimeout("printing the PDF", edition, timeoutMs, () =>
      page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        outline: true,
        displayHeaderFooter: false,
        // Every face is loaded above and `document.fonts.ready` awaited: Puppeteer's own wait for it would be a
        // second evaluate in the page for each memo.
        waitForFonts: false,
        timeout: 0,
      }),
    );
  } catch (error) {
    if (error instanceof BriefError) throw error;
    throw new BriefError(`printing failed: ${messageOf(error)}`, 1, { cause: error });
  }
}

/**
 * Rejects when `signal` aborts (a build interrupted by a signal), so that no step waits on a browser being closed.
 * `off` removes its listener: a build's signal outlives every print, and each print listens only while it runs.
 */
function whenAborted(signal: AbortSignal | undefined): { promise: Promise<never>; off: () => void } | undefined {
  if (!signal) return undefined;
  let stop = () => undefined as void;
  const promise = new Promise<never>((_, reject) => {
    stop = () => reject(new BriefError("printing stopped: the build was interrupted"));
  });
  promise.catch(() => undefined); // observed by the races below
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  return { promise, off: () => signal.removeEventListener("abort", stop) };
}

/**
 * A printer's page, kept open from one print to the next: opening a page costs Chromium about as much as printing a
 * memo (0.3 s here), and `setContent` replaces the whole document, so a page that printed cleanly is reused. Its
 * blocked requests go to the print in progress only; a page any step failed on is closed and never reused.
 */
export interface PrintLane {
  page?: Promise<Page>;
  onBlocked?: (url: string) => void;
}

/**
 * Opens a lane's page now rather than on its first print. A failure to open it (no browser) is not reported here: the
 * first print meets it, as when the page is opened then.
 */
export function openLane(session: BrowserSession, lane: PrintLane): Promise<Page> {
  lane.page ??= session.page((url) => lane.onBlocked?.(url));
  lane.page.catch(() => undefined);
  return lane.page;
}

/** Closes a lane's page (at the end of a build's printing, or after a failure). */
export async function closeLane(lane: PrintLane): Promise<void> {
  const opening = lane.page;
  lane.page = undefined;
  lane.onBlocked = undefined;
  await opening?.then((page) => closePage(page)).catch(() => undefined);
}

/**
 * Prints `html` on the page of `lane` (opened on first use), so that what one print leaves in a page cannot reach the
 * next: the document is replaced, the page's blocked requests are counted for this print only, and Chromium's own
 * ids are renumbered when the PDF is made canonical. Without a lane, a page is opened for this print and closed after
 * it. A page that fails because the browser crashed or the page was torn down is retried once on a new page
 * (relaunching the browser when it crashed). An abort ends it at once, whatever step it is in.
 */
export async function printIsolated(
  session: BrowserSession,
  html: string,
  name: string,
  timeoutMs: number,
  warnings: EditionWarning[],
  signal?: AbortSignal,
  maxPages = Infinity,
  shared?: PrintLane,
): Promise<Uint8Array> {
  const aborted = whenAborted(signal);
  try {
    return await printWithRetry(session, html, name, timeoutMs, warnings, signal, maxPages, shared, aborted?.promise);
  } finally {
    aborted?.off();
  }
}

/** {@link printIsolated}'s attempts: a page torn down by a crash is retried once on a new one. */
async function printWithRetry(
  session: BrowserSession,
  html: string,
  name: string,
  timeoutMs: number,
  warnings: EditionWarning[],
  signal: AbortSignal | undefined,
  maxPages: number,
  shared: PrintLane | undefined,
  aborted: Promise<never> | undefined,
): Promise<Uint8Array> {
  const lane = shared ?? {}; // a lane of the caller's: its page outlives this print
  for (let attempt = 1; ; attempt++) {
    let gone: ReturnType<typeof whenDisconnected> | undefined;
    let ok = false;
    const mine: EditionWarning[] = [];
    lane.onBlocked = (url) => mine.push({ rule: "blocked-request", url });
    // Every step is raced against an abort and, once the page is open, against its browser dying: a step that talks
    // to a dead browser may otherwise wait for ever (or until its time limit, reported as a timeout, not a crash).
    const step = <T>(p: Promise<T>): Promise<T> =>
      Promise.race([p, ...(aborted ? [aborted] : []), ...(gone ? [gone.promise] : [])]);
    try {
      const page = await step(openLane(session, lane));
      gone = whenDisconnected(page.browser(), `while ${name} was being printed`);
      const pdf = await step(printPdf(page, html, name, timeoutMs, maxPages));
      warnings.push(...mine);
      ok = true;
      return pdf;
    } catch (error) {
      if (signal?.aborted) throw error;
      const crashed = !(await session
        .browser()
        .then((b) => b.connected)
        .catch(() => false));
      if (
        attempt >= 2 ||
        (!crashed && !/Target closed|Protocol error|Session closed|detached/i.test(messageOf(error)))
      ) {
        warnings.push(...mine);
        throw error;
      }
    } finally {
      gone?.off();
      lane.onBlocked = undefined;
      if (!ok || !shared) {
        // Closed in the background after an abort (the browser is being closed anyway).
        const closing = closeLane(lane);
        if (!signal?.aborted) await closing;
      }
    }
  }
}
