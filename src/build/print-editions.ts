/** Step 3, print editions: `concurrency` pages of the one browser take rendered editions off a queue and print them. */
import type { BuildOptions } from "../shared/options.js";
import { GENERATOR } from "../shared/options.js";
import { SERVED_URL } from "../shared/served.js";
import { createHash } from "node:crypto";
import { problemOf } from "../shared/problems.js";
import { PageCapError } from "../shared/errors.js";
import { editionBudget, pageCap } from "../validate/budgets.js";
import type { BrowserSession } from "../print/browser.js";
import { closeLane, openLane, printIsolated, type PrintLane } from "../print/print.js";
import { setPdfMetadata } from "../print/pdf-metadata.js";
import type { Queue } from "./queue.js";
import type { RenderedEdition } from "./render-briefs.js";
import type { StageContext } from "./brief-stages.js";

/**
 * Prints every edition `queue` yields until it closes; each, printed or failed, goes on to `publish`. The printers
 * that will have an edition (of the `editions` expected) open their page at once, while the first editions are
 * rendered, instead of when the first arrives: opening a page takes Chromium a few hundred milliseconds.
 */
export async function printEditions(
  o: Readonly<BuildOptions>,
  queue: Queue<RenderedEdition>,
  session: BrowserSession,
  ctx: Pick<StageContext, "brand" | "assets">,
  publish: (edition: RenderedEdition) => Promise<void>,
  signal?: AbortSignal,
  editions = Infinity,
): Promise<void> {
  const inlined = new Map(ctx.assets.fonts.map((f) => [f.servedUrl, f.dataUrl]));
  await Promise.all(
    Array.from({ length: Math.max(1, o.concurrency) }, async (_, printer) => {
      const lane: PrintLane = {}; // this printer's page, reused from one edition to the next
      if (printer < editions) void openLane(session, lane);
      try {
        for (let item = await queue.take(); item; item = await queue.take()) {
          if (signal?.aborted) continue;
          const t0 = performance.now();
          try {
            item.pdf = await printEdition(o, item, session, ctx.brand.name, inlined, lane, signal);
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
  brandName: string,
  inlined: ReadonlyMap<string, string>,
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
    creator: `${GENERATOR} — ${brandName}`,
    lang: job.audience.lang,
    date,
    id: documentId(name, out.pdfHtml!, inlined),
  });
}

/**
 * The PDF's /ID: the SHA-256 of the edition's name and of the self-contained HTML it prints, that is with each served
 * font as the data: URL it stands for (`inlined`), as when the fonts travelled in the HTML. Hashed piece by piece, so
 * that the self-contained text is never built.
 */
export function documentId(name: string, html: string, inlined: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256").update(`${name}\0`);
  let from = 0;
  for (const match of html.matchAll(SERVED_URL)) {
    const data = inlined.get(match[0]);
    if (data === undefined) continue;
    hash.update(html.slice(from, match.index)).update(data);
    from = match.index + match[0].length;
  }
  return hash.update(html.slice(from)).digest("hex");
}
