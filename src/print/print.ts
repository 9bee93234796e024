/** Print stage: a memo's HTML → PDF bytes, in a locked-down page of the shared browser. */
import type { Page } from "puppeteer-core";
import { BriefError, messageOf } from "../errors.js";

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

/** Prints `html` to PDF with the page size and margins its CSS `@page` rules give. */
export async function printPdf(page: Page, html: string, edition: string, timeoutMs: number): Promise<Uint8Array> {
  try {
    await withTimeout("loading the page", edition, timeoutMs, () => page.setContent(html, { waitUntil: "load", timeout: 0 }));
    await withTimeout("loading the fonts", edition, timeoutMs, () => page.evaluate(() => document.fonts.ready.then(() => undefined)));
    return await withTimeout("printing the PDF", edition, timeoutMs, () =>
      page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, displayHeaderFooter: false, timeout: 0 }),
    );
  } catch (error) {
    if (error instanceof BriefError) throw error;
    throw new BriefError(`${edition}: printing failed: ${messageOf(error)}`, 1, { cause: error });
  }
}
