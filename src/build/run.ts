/**
 * A build with work to do, as five steps: plan, render briefs, print editions, publish each edition, reconcile the
 * output folder. Loaded only when the cache has found work (build.ts decides), so a no-op build loads none of it.
 */
import { brandCoverage } from "../load/font-coverage.js";
import type { BuildOptions } from "../shared/options.js";
import { loadTemplates } from "../load/templates.js";
import { loadBriefs } from "../load/briefs.js";
import { mayNameSourceText, sourceTextInput } from "../load/front-matter.js";
import { join } from "node:path";
import { loadBrandAssets, servedFonts } from "../load/brand-assets.js";
import { BrowserSession } from "../print/browser.js";
import { readManifest } from "../publish/manifest.js";
import { removeStaleTemps } from "../publish/atomic.js";
import { GENERATOR } from "../shared/options.js";
import type { BuildHooks, BuildReport, EditionResult } from "./report.js";
import { Journal, readCache, replayJournal, type CacheState } from "./cache.js";
import { planEditions, type Plan } from "./plan.js";
import { renderBriefs, threadCount, type RenderedEdition } from "./render-briefs.js";
import { printEditions } from "./print-editions.js";
import { publishEdition } from "./publish-edition.js";
import { pageRenderer, reconcileOutput, writeComparePageEarly, type PageRenderer } from "./reconcile.js";
import { createStagePool, type StartedThreads } from "./stage-pool.js";
import type { StageContext } from "./brief-stages.js";
import { Queue } from "./queue.js";

/** What a cold build starts before the pipeline loads: a browser, and render threads loading the Markdown stages. */
export interface StartedEarly {
  browser?: BrowserSession | undefined;
  threads?: StartedThreads | undefined;
}

/** Runs the steps for the editions `o` selects, with what was `started` early (cold builds). */
export async function runSteps(
  o: Readonly<BuildOptions>,
  hooks: BuildHooks = {},
  started: StartedEarly = {},
  state: CacheState = readCache(o.outDir),
): Promise<BuildReport> {
  const early = started.browser;
  const templates = await loadTemplates(o);
  const sources = await loadBriefs(o);
  removeStaleTemps(o.outDir); // left by a build that was killed
  const previous = (await readManifest(o.outDir)) ?? { generator: GENERATOR, artefacts: [] };
  replayJournal(o.outDir, previous, state); // editions an interrupted build published but did not record
  const { brand } = templates;
  const assets = brand ? await loadBrandAssets(brand) : undefined;
  const plan = planEditions(o, templates, sources, state, previous);
  // The gate: briefs with work that name a source text are checked against it; an ungrounded one is not built. The
  // check's modules (a third of a second to load) load only when a brief may name one.
  const grounded = [...plan.work.values()].map((w) => w.source);
  if (brand && grounded.some((s) => mayNameSourceText(String(s.file.value))))
    await (await import("../check/gate.js")).groundBriefs(o, grounded);
  // Briefs with nothing to build are not parsed; problems found while reading them are still reported.
  const reported = new Set(sources.filter((s) => s.file.messages.length > 0).map((s) => s.slug));

  const canBuild = plan.work.size > 0 && brand !== undefined && assets !== undefined;
  const covered = assets && brandCoverage(assets.fonts); // for the glyph check, and the index pages' fallback fonts
  const pdf = o.formats.includes("pdf");
  const session =
    pdf && canBuild ? (early ?? new BrowserSession({ executablePath: o.browserPath, from: o.browserFrom })) : undefined;
  if (!session) await early?.close();
  if (session && assets) session.serve(servedFonts(assets));
  session?.warm(); // Chromium starts while the briefs are parsed
  const onAbort = () => void session?.close(500);
  hooks.signal?.addEventListener("abort", onAbort);
  const finished = progress(plan, hooks);
  const journal = new Journal(o.outDir);
  const comparePages = earlyComparePages(o, plan, pageRenderer(brand, templates.packs, covered), hooks.signal);
  try {
    if (canBuild) {
      hooks.onWork?.({ briefs: plan.work.size, pdf: session !== undefined });
      const ctx = {
        root: o.root,
        audienceIds: templates.audiences.ids,
        audiences: templates.audiences.audiences,
        languages: templates.languages,
        brand,
        assets,
        covered: [...covered!],
      };
      const publish = async (edition: RenderedEdition) => {
        await publishEdition(o, edition, state, journal, finished, hooks.signal);
        comparePages.done(edition.slug);
      };
      await buildEditions(
        o,
        plan,
        ctx,
        { session, threads: started.threads },
        { publish, finished, reported },
        hooks.signal,
      );
    }
  } finally {
    hooks.signal?.removeEventListener("abort", onAbort);
    const closing = session?.close(); // Chromium ends while the journal closes
    try {
      await journal.close();
    } finally {
      await closing;
    }
  }

  await comparePages.settled();
  const files = [...templates.files, ...sources.filter((s) => reported.has(s.slug)).map((s) => s.file)];
  const ok = plan.results.every((r) => r.status !== "failed") && !files.some((f) => f.messages.some((m) => m.fatal));
  const sourceTexts = sources
    .map((s) => sourceTextInput(join(o.briefsDir, `${s.slug}.md`), String(s.file.value)))
    .filter((p): p is string => !!p);
  const packs = templates.packs;
  const outcome = {
    previous,
    results: plan.results,
    owned: plan.owned,
    brand,
    packs,
    covered,
    assets,
    state,
    ok,
    sourceTexts,
  };
  await reconcileOutput(o, outcome, hooks.signal);
  const browserLaunched = session !== undefined || early !== undefined;
  return { ok, upToDate: false, editions: plan.results, files, ms: 0, browserLaunched };
}

/**
 * Each brief's compare page, written as soon as the last of its editions with work is published (when the build makes
 * HTML): its write then waits on the disk while other briefs render, not after the last memo. The reconcile step checks
 * every page against the final manifest; `settled` waits for the writes begun here, before it does.
 */
function earlyComparePages(
  o: Readonly<BuildOptions>,
  plan: Plan,
  render: PageRenderer,
  signal?: AbortSignal,
): { done(slug: string): void; settled(): Promise<void> } {
  const left = new Map([...plan.work].map(([slug, w]) => [slug, w.jobs.length]));
  // Each brief's results (built and cached editions), grouped once: their artefacts are filled in as they publish.
  const results = new Map<string, EditionResult[]>();
  for (const r of plan.results) {
    const mine = results.get(r.brief);
    if (mine) mine.push(r);
    else results.set(r.brief, [r]);
  }
  const writes: Promise<void>[] = [];
  return {
    done(slug) {
      const n = (left.get(slug) ?? 0) - 1;
      left.set(slug, n);
      if (n !== 0 || !o.formats.includes("html") || signal?.aborted) return;
      const entries = (results.get(slug) ?? []).flatMap((r) => r.artefacts);
      writes.push(writeComparePageEarly(o.outDir, entries, render));
    },
    settled: async () => void (await Promise.all(writes)),
  };
}

/** How many editions have work. */
function editionCount(plan: Plan): number {
  return [...plan.work.values()].reduce((n, w) => n + w.jobs.length, 0);
}

/** Reports progress over the editions with work; returns what to call as each one finishes. */
function progress(plan: Plan, hooks: BuildHooks): (name: string) => void {
  const total = editionCount(plan);
  let done = 0;
  hooks.onProgress?.({ done, total });
  return (name) => {
    done++;
    hooks.onProgress?.({ done, total, current: name });
  };
}

/** What happens to an edition once rendered, and the briefs whose problems are on their files. */
interface Handlers {
  publish: (edition: RenderedEdition) => Promise<void>;
  finished: (name: string) => void;
  reported: Set<string>;
}

/** Renders, prints and publishes every edition of `plan.work`: rendering feeds the printers through a queue. */
async function buildEditions(
  o: Readonly<BuildOptions>,
  plan: Plan,
  ctx: StageContext,
  { session, threads }: { session: BrowserSession | undefined; threads: StartedThreads | undefined },
  { publish, finished, reported }: Handlers,
  signal?: AbortSignal,
): Promise<void> {
  const pool = await createStagePool(ctx, threadCount(plan.work.size, session !== undefined), threads);
  const stop = () => void pool.close(); // a brief being parsed on a thread does not hold up the exit
  signal?.addEventListener("abort", stop);
  const queue = new Queue<RenderedEdition>();
  const editions = editionCount(plan);
  const printers = session ? printEditions(o, queue, session, ctx, publish, signal, editions) : Promise.resolve();
  try {
    const sink = {
      rendered: async (edition: RenderedEdition) => (session ? queue.push(edition) : publish(edition)),
      failed: finished,
      waiting: () => queue.size,
      taken: () => queue.taken(),
    };
    await renderBriefs(o, plan.work, pool, sink, reported, signal);
  } finally {
    signal?.removeEventListener("abort", stop);
    queue.close();
    // Every brief is rendered by now: the render threads end while the last memos print, not after.
    const closing = pool.close();
    try {
      await printers;
    } finally {
      await closing;
    }
  }
}
