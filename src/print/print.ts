/** Print stage: a memo's HTML → PDF bytes, in a locked-down page of the shared browser. */
import type { Page } from "puppeteer-core";
import { BriefError, messageOf } from "../errors.js";
import type { BrowserSession } from "./browser.js";
import { refreshRanges } from "./refresh.js";

/** Runs `step` with a time limit; the error names the step and the edition. */
export async function withTimeout<T>(step: string, edition: string, ms: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BriefError(`${edition}: ${step} took longer than ${ms / 1000} s and was stopped. Simplify the brief (very large tables or images?) or raise --timeout.`)), ms);
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

/** Prints `html` to PDF with the page size and margins its CSS `@page` rules give. */
export async function printPdf(page: Page, html: string, edition: string, timeoutMs: number): Promise<Uint8Array> {
  try {
    await withTimeout("loading the page", edition, timeoutMs, () => page.setContent(withoutRefresh(html), { waitUntil: "load", timeout: 0 }));
    // Load every declared face, not only those layout has asked for so far: `document.fonts.ready` alone can
    // resolve before the first layout starts a font, and the PDF would then be printed with a fallback.
    await withTimeout("loading the fonts", edition, timeoutMs, () =>
      page.evaluate(async () => {
        await Promise.all(Array.from(document.fonts, (face) => face.load().catch(() => undefined)));
        await document.fonts.ready;
      }),
    );
    return await withTimeout("printing the PDF", edition, timeoutMs, () =>
      page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, displayHeaderFooter: false, timeout: 0 }),
    );
  } catch (error) {
    if (error instanceof BriefError) throw error;
    throw new BriefError(`printing failed: ${messageOf(error)}`, 1, { cause: error });
  }
}

/**
 * Prints `html` on a page of its own: opened for this print and closed after it, so that nothing a print
 * leaves in a page (blocked-request warnings, state, ids) can reach the next edition. A page that fails
 * because the browser crashed or the page was torn down is retried once on a new page (relaunching the
 * browser when it crashed).
 */
export async function printIsolated(session: BrowserSession, html: string, name: string, timeoutMs: number, warnings: string[], signal?: AbortSignal): Promise<Uint8Array> {
  for (let attempt = 1; ; attempt++) {
    let page: Page | undefined;
    const mine: string[] = [];
    try {
      page = await session.page((url) => mine.push(`${name}: blocked a request to ${url.slice(0, 120)} (memos may only use their own assets and data: URLs).`));
      const pdf = await printPdf(page, html, name, timeoutMs);
      warnings.push(...mine);
      return pdf;
    } catch (error) {
      const crashed = !(await session.browser().then((b) => b.connected).catch(() => false));
      if (attempt >= 2 || signal?.aborted || (!crashed && !/Target closed|Protocol error|Session closed|detached/i.test(messageOf(error)))) {
        warnings.push(...mine);
        throw error;
      }
    } finally {
      await page?.close().catch(() => undefined);
    }
  }
}
