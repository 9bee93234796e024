/**
 * Step 2, render briefs: each brief with work goes through the Markdown and template stages, on a pool, with
 * back-pressure.
 */
import { availableParallelism } from "node:os";
import type { BuildOptions } from "../shared/options.js";
import type { BriefMeta } from "../shared/model.js";
import { hasErrors } from "../shared/problems.js";
import type { EditionOutput } from "./brief-stages.js";
import type { StagePool } from "./stage-pool.js";
import type { BriefWork, EditionJob } from "./plan.js";

/**
 * Briefs with work at which the Markdown stages move to worker threads (below it, starting threads costs more than it
 * saves).
 */
export const THREAD_THRESHOLD = 16;

/** Worker threads for `briefs` briefs with work: none for few; one beside Chromium for PDFs; else up to four. */
export function threadCount(briefs: number, pdf: boolean, cores = availableParallelism()): number {
  return cores < 2 || briefs < THREAD_THRESHOLD ? 0 : pdf ? 1 : Math.min(cores, 4);
}

/** An edition rendered to HTML, on its way to be printed and published. */
export interface RenderedEdition {
  job: EditionJob;
  meta: BriefMeta;
  slug: string;
  out: EditionOutput;
  /** Time spent on it so far, in milliseconds. */
  ms: number;
  pdf?: { bytes: Uint8Array; pages: number };
}

/** Where rendered editions go, and how much may wait there. */
export interface RenderSink {
  /** Takes a rendered edition (queues it for a printer, or publishes it). */
  rendered(edition: RenderedEdition): Promise<void>;
  /** An edition that could not be rendered: its result already says why. */
  failed(name: string): void;
  /** Editions waiting in the sink; rendering pauses while it is full. */
  waiting(): number;
  /** Resolves when the sink has taken an edition off its queue. */
  taken(): Promise<void>;
}

/** Renders every brief in `work`; `reported` collects the briefs whose problems are now on their files. */
export async function renderBriefs(
  o: Readonly<BuildOptions>,
  work: ReadonlyMap<string, BriefWork>,
  pool: StagePool,
  sink: RenderSink,
  reported: Set<string>,
  signal?: AbortSignal,
): Promise<void> {
  const pdf = o.formats.includes("pdf");
  const inFlight = new Set<Promise<void>>();
  const ahead = Math.max(2, pool.threads * 3);
  const room = Math.max(4, o.concurrency * 2);
  for (const { source, jobs } of work.values()) {
    if (signal?.aborted) break;
    while (inFlight.size >= ahead || sink.waiting() >= room) await Promise.race([...inFlight, sink.taken()]);
    const audiences = jobs.map((j) => j.audience.id);
    const task = {
      audiences,
      html: o.formats.includes("html"),
      pdf,
      inline: o.inline,
      blocked: hasErrors(source.file),
    };
    const p = pool.run(source, task).then(async (outcome) => {
      reported.add(source.slug);
      const share = outcome.ms / Math.max(1, jobs.length);
      for (const job of jobs) {
        const out = outcome.editions.find((e) => e.audience === job.audience.id);
        const name = `${job.audience.id}/${source.slug}`;
        if (!outcome.meta || !out || out.failure !== undefined) {
          job.result.failure = out?.failure ?? { cause: "input-errors", input: "brief", file: source.file.path };
          job.result.ms = share;
          sink.failed(name);
        } else await sink.rendered({ job, meta: outcome.meta, slug: source.slug, out, ms: share });
      }
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined); // a rejection surfaces through Promise.all below
  }
  await Promise.all(inFlight);
}
