/** Step 3, print editions: `concurrency` pages of the one browser take rendered editions off a queue and print them. */
import type { BuildOptions } from "../shared/options.js";
import { GENERATOR } from "../shared/options.js";
import type { Brand } from "../shared/model.js";
import { problemOf } from "../shared/problems.js";
import { PageCapError } from "../shared/errors.js";
import { editionBudget, pageCap } from "../validate/budgets.js";
import type { BrowserSession } from "../print/browser.js";
import { closeLane, printIsolated, type PrintLane } from "../print/print.js";
import { setPdfMetadata } from "../print/pdf-metadata.js";
import { sha256 } from "../publish/manifest.js";
import type { Queue } from "./queue.js";
import type { RenderedEdition } from "./render-briefs.js";

/** Prints every edition `queue` yields until it closes; each, printed or failed, goes on to `publish`. */
export async function printEditions(
  o: Readonly<BuildOptions>,
  queue: Queue<RenderedEdition>,
  session: BrowserSession,
  brand: Brand,
  publish: (edition: RenderedEdition) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  await Promise.all(
    Array.from({ length: Math.max(1, o.concurrency) }, async () => {
      const lane: PrintLane = {}; // this printer's page, reused from one edition to the next
      try {
        for (let item = await queue.take(); item; item = await queue.take()) {
          if (signal?.aborted) continue;
          const t0 = performance.now();
          try {
            item.pdf = await printEdition(o, item, session, brand, lane, signal);
          } catch (error) {
            item.job.result.failure =
              error instanceof PageCapError
                ? { cause: "page-cap", pages: error.pages, cap: error.cap, estimated: true }
                : { cause: "print", problem: problemOf("print", error) };
          }
          item.ms += performance.now() - t0;
          await publish(item);
        }
      } finally {
        const closing = closeLane(lane);
        if (!signal?.aborted) await closing; // after an abort the browser is being closed anyway
      }
    }),
  );
}

/** Prints one edition on the printer's page and stamps the PDF's metadata (dates from the brief, for identical bytes). */
async function printEdition(
  o: Readonly<BuildOptions>,
  item: RenderedEdition,
  session: BrowserSession,
  brand: Brand,
  lane: PrintLane,
  signal?: AbortSignal,
): Promise<{ bytes: Uint8Array; pages: number }> {
  const { job, meta, out } = item;
  const name = `${job.audience.id}/${item.slug}`;
  const cap = pageCap(editionBudget(meta, job.audience));
  const pdf = await printIsolated(session, out.pdfHtml!, name, o.timeoutMs, job.result.warnings, signal, cap, lane);
  const date =
    o.sourceDateEpoch !== undefined ? new Date(o.sourceDateEpoch * 1000) : new Date(`${meta.date}T00:00:00Z`);
  return setPdfMetadata(pdf, {
    title: meta.title,
    author: meta.authors.join("; "),
    subject: meta.bluf,
    keywords: meta.keywords,
    creator: `${GENERATOR} — ${brand.name}`,
    lang: job.audience.lang,
    date,
    id: sha256(`${name}\0${out.pdfHtml}`),
  });
}
