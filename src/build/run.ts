/** The stages in order: load → parse/validate → transform → render → print → publish. Loaded only when there is work. */
import { join } from "node:path";
import { rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { VFile } from "vfile";
import { parse as parseYamlText } from "yaml";
import type { BuildOptions } from "../shared/options.js";
import type { Audience, Brand, BriefMeta, BriefSource, Format } from "../shared/model.js";
import type { BuildReport, EditionResult } from "./report.js";
import type { BuildHooks } from "./build.js";
import type { EditionOutput } from "./brief-stages.js";
import { AbortedError, messageOf } from "../shared/errors.js";
import { hasErrors } from "../shared/problems.js";
import { loadTemplates } from "../load/templates.js";
import { loadBriefs } from "../load/briefs.js";
import { loadBrandAssets, type BrandAssets } from "../render/assets.js";
import { BrowserSession } from "../print/browser.js";
import { printWithRetry, type PageSlot } from "../print/print.js";
import { setPdfMetadata } from "../print/pdf-metadata.js";
import { writeAtomic, writeAtomicAll, writeJson, readJson, removePendingTemps } from "../publish/atomic.js";
import { sha256, sortEntries, type Manifest, type ManifestEntry } from "../publish/manifest.js";
import { indexPage } from "../publish/index-page.js";
import { buildFingerprint, cachePath, hashAll, onDisk, optionsKey, readCache, sizeOf, toolFingerprint, type CacheState } from "./cache.js";
import { createRenderPool } from "./stage-pool.js";

/** Progress of a build, for the CLI's progress line. */
export interface Progress {
  done: number;
  total: number;
  current?: string | undefined;
}

/** The tool's name and version, written into every PDF and the manifest. */
export const GENERATOR = "brief 0.1.0";

/** Briefs with work at which the Markdown stages move to worker threads (below it, starting threads costs more than it saves). */
export const THREAD_THRESHOLD = 16;

/** One edition to build. */
interface Job {
  audience: Audience;
  key: string;
  result: EditionResult;
}

/** An edition rendered to HTML (waiting for a page to print it), then its PDF or the error printing gave. */
interface PrintJob {
  job: Job;
  meta: BriefMeta;
  slug: string;
  out: EditionOutput;
  ms: number;
  pdf?: { bytes: Uint8Array; pages: number };
  error?: unknown;
}

/**
 * The audiences a brief's front matter lists (known ones), read without parsing the Markdown, so that
 * the matrix, the shards and the cache are settled before any brief is parsed. Unreadable: every audience.
 */
export function declaredAudiences(text: string, ids: readonly string[]): string[] {
  const yaml = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text)?.[1];
  if (yaml === undefined || !/^audiences[ \t]*:/m.test(yaml)) return [...ids];
  // The usual one-line form `audiences: [us, eu]` is read directly; anything else goes through YAML.
  const flow = /^audiences[ \t]*:[ \t]*\[([\w\s,-]*)\][ \t]*$/m.exec(yaml);
  let listed: unknown = flow?.[1]!.split(",").map((id) => id.trim()).filter(Boolean);
  try {
    listed ??= (parseYamlText(yaml, { schema: "core" }) as { audiences?: unknown } | null)?.audiences;
  } catch {
    return [...ids];
  }
  const known = Array.isArray(listed) ? ids.filter((id) => listed.includes(id)) : [];
  return known.length > 0 ? known : [...ids];
}

/** Part `index` (1-based) of `count` of `matrix`: every count-th item, so parts differ in size by at most one. */
export function shardOf<T>(matrix: readonly T[], shard: { index: number; count: number } | undefined): T[] {
  return shard ? matrix.filter((_, i) => i % shard.count === shard.index - 1) : [...matrix];
}

/** Runs every stage for the editions `o` selects and publishes them to `o.outDir`; `early` is a browser already starting (cold builds). */
export async function runPipeline(o: Readonly<BuildOptions>, hooks: BuildHooks = {}, early?: BrowserSession, state: CacheState = readCache(o.outDir)): Promise<BuildReport> {
  const templates = await loadTemplates(o);
  const files: VFile[] = [...templates.files];
  const { brand, audiences: loaded } = templates;
  const sources = await loadBriefs(o);
  const wantedAudience = (id: string) => o.audiences.length === 0 || o.audiences.includes(id);

  // The matrix of editions in a stable order (slug, then audience), then this shard's part of it.
  const matrix: Array<{ source: BriefSource; audienceId: string }> = [];
  for (const source of sources) {
    for (const audienceId of declaredAudiences(String(source.file.value), loaded.ids).filter(wantedAudience)) matrix.push({ source, audienceId });
  }
  const selected = shardOf(matrix, o.shard);

  const previous = await readJson<Manifest>(join(o.outDir, "manifest.json"), { generator: GENERATOR, artefacts: [] });
  const audienceById = new Map(loaded.audiences.map((a) => [a.id, a]));
  const assets = brand ? await loadBrandAssets(brand) : undefined;
  const tool = toolFingerprint(o.root);
  const results: EditionResult[] = [];
  const work = new Map<string, { source: BriefSource; jobs: Job[] }>();

  for (const { source, audienceId } of selected) {
    const result: EditionResult = { brief: source.slug, audience: audienceId, status: "failed", warnings: [], ms: 0, artefacts: [] };
    results.push(result);
    const audience = audienceById.get(audienceId);
    if (!brand) result.error = "templates/brand.yml has errors (listed above); fix them to build any memo.";
    else if (!audience) result.error = `templates/audiences/${audienceId} has errors (listed above); fix them to build this edition.`;
    if (!audience || !brand) continue;
    const key = hashAll([join(o.briefsDir, `${source.slug}.md`), ...audience.files, ...brand.files], [tool, optionsKey(o), source.slug, audience.id]);
    const cached = state.editions[`${audience.id}/${source.slug}`];
    if (!o.force && cached?.key === key && onDisk(o.outDir, cached.artefacts)) {
      const kept = previous.artefacts.filter((e) => e.brief === source.slug && e.audience === audience.id);
      if (kept.length === o.formats.length) {
        Object.assign(result, { status: "cached", artefacts: kept, pages: kept.find((e) => e.pages !== undefined)?.pages, words: kept[0]?.words });
        continue;
      }
    }
    const entry = work.get(source.slug) ?? { source, jobs: [] };
    work.set(source.slug, entry);
    entry.jobs.push({ audience, key, result });
  }
  // Briefs with nothing to build are not parsed; problems found while reading them are still reported.
  const reported = new Set(sources.filter((s) => s.file.messages.length > 0).map((s) => s.slug));

  const pdf = o.formats.includes("pdf");
  const session = pdf && work.size > 0 && brand && assets ? (early ?? new BrowserSession({ executablePath: o.browserPath, from: o.browserFrom })) : undefined;
  if (!session) await early?.close();
  session?.warm(); // Chromium starts while the briefs are parsed
  const onAbort = () => void session?.close();
  hooks.signal?.addEventListener("abort", onAbort);

  const total = [...work.values()].reduce((n, w) => n + w.jobs.length, 0);
  let done = 0;
  const finished = (name: string) => {
    done++;
    hooks.onProgress?.({ done, total, current: name });
  };
  hooks.onProgress?.({ done, total });
  try {
    if (work.size > 0 && brand && assets) {
      const cores = availableParallelism();
      // On threads when there is enough Markdown to pay for starting them; a PDF build leaves the cores to Chromium.
      const threads = cores < 2 || work.size < THREAD_THRESHOLD ? 0 : pdf ? 1 : Math.min(cores, 4);
      const pool = await createRenderPool({ root: o.root, audienceIds: loaded.ids, audiences: loaded.audiences, brand, assets }, threads);
      const queue = new Queue<PrintJob>();
      const printers = pdf && session ? runPrinters(o, queue, session, brand, (job) => publishEdition(o, job, state, finished, hooks.signal), hooks.signal) : Promise.resolve();
      try {
        const inFlight = new Set<Promise<void>>();
        const ahead = Math.max(2, pool.threads * 3);
        for (const { source, jobs } of work.values()) {
          if (hooks.signal?.aborted) break;
          while (inFlight.size >= ahead || queue.size >= Math.max(4, o.concurrency * 2)) await Promise.race([...inFlight, queue.taken()]);
          const task = { audiences: jobs.map((j) => j.audience.id), html: o.formats.includes("html"), pdf, inline: o.inline, blocked: hasErrors(source.file) };
          const p = pool.run(source, task).then(async (outcome) => {
            reported.add(source.slug);
            const share = outcome.ms / Math.max(1, jobs.length);
            for (const job of jobs) {
              const out = outcome.editions.find((e) => e.audience === job.audience.id);
              const name = `${job.audience.id}/${source.slug}`;
              if (!outcome.meta || !out || out.error !== undefined) {
                job.result.error = out?.error ?? `${source.file.path} has errors (listed above); fix them to build its memos.`;
                job.result.ms = share;
                finished(name);
              } else if (pdf) queue.push({ job, meta: outcome.meta, slug: source.slug, out, ms: share });
              else await publishEdition(o, { job, meta: outcome.meta, slug: source.slug, out, ms: share }, state, finished, hooks.signal);
            }
          });
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p)).catch(() => undefined); // a rejection surfaces through Promise.all below
        }
        await Promise.all(inFlight);
      } finally {
        queue.close();
        await printers;
        await pool.close();
      }
    }
  } finally {
    hooks.signal?.removeEventListener("abort", onAbort);
    await session?.close();
  }
  const browserLaunched = session !== undefined || early !== undefined;
  files.push(...sources.filter((s) => reported.has(s.slug)).map((s) => s.file));

  // Publish the manifest, index, assets and cache, even after an abort: the manifest must match the disk.
  const built = new Set(results.filter((r) => r.status !== "failed").map((r) => `${r.audience}/${r.brief}`));
  const failed = new Set(results.filter((r) => r.status === "failed").map((r) => `${r.audience}/${r.brief}`));
  // A build of every brief and audience owns its folder (a shard owns its part of the matrix): editions
  // outside it are gone (or another shard's) and are removed. A build of some briefs keeps the others.
  const fullBuild = o.briefs.length === 0 && o.audiences.length === 0;
  const owned = new Set(selected.map((m) => `${m.audienceId}/${m.source.slug}`));
  const keep: ManifestEntry[] = [];
  for (const e of previous.artefacts) {
    const k = `${e.audience}/${e.brief}`;
    if (built.has(k)) continue; // replaced by this build's entries
    if (fullBuild && !owned.has(k) && !failed.has(k)) {
      await rm(join(o.outDir, e.path), { force: true });
      delete state.editions[k];
      continue;
    }
    if (!failed.has(k) && !o.formats.includes(e.format) && fullBuild) continue;
    if (existsSync(join(o.outDir, e.path))) keep.push(e);
  }
  const manifest: Manifest = { generator: GENERATOR, artefacts: sortEntries([...keep, ...results.flatMap((r) => r.artefacts)]) };
  await writeJson(join(o.outDir, "manifest.json"), manifest);
  await writeAtomic(join(o.outDir, "index.html"), indexPage(manifest, { name: brand?.name ?? "Memos", primary: brand?.colors.primary ?? "#1f3a5f" }));
  if (assets && o.formats.includes("html") && !o.inline) await publishAssets(o.outDir, assets);
  if (hooks.signal?.aborted) {
    await removePendingTemps();
    throw new AbortedError(hooks.signal.reason === "SIGINT" ? "SIGINT" : "SIGTERM");
  }
  const ok = results.every((r) => r.status !== "failed") && !files.some((f) => f.messages.some((m) => m.fatal));
  const next: CacheState = { ...state, extraInputs: brand ? brand.files.filter((f) => !f.startsWith(o.templatesDir)) : [] };
  next.fingerprint = ok && !results.some((r) => r.warnings.length > 0 && o.strict) ? buildFingerprint(o, next.extraInputs) : undefined;
  await writeJson(cachePath(o.outDir), next);
  return { ok, upToDate: false, editions: results, files, ms: 0, browserLaunched };
}

/** A first-in first-out queue that a producer closes; consumers wait for items. */
class Queue<T> {
  #items: T[] = [];
  #waiting: Array<(item: T | undefined) => void> = [];
  #taken: Array<() => void> = [];
  #closed = false;
  get size(): number {
    return this.#items.length;
  }
  push(item: T): void {
    const taker = this.#waiting.shift();
    if (taker) taker(item);
    else this.#items.push(item);
  }
  /** The next item, or undefined once the queue is closed and empty. */
  async take(): Promise<T | undefined> {
    const item = this.#items.shift();
    if (item !== undefined) for (const t of this.#taken.splice(0)) t();
    if (item !== undefined || this.#closed) return item;
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  /** Resolves when an item is taken (room for the producer). */
  taken(): Promise<void> {
    return new Promise((resolve) => this.#taken.push(resolve));
  }
  close(): void {
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) w(undefined);
    for (const t of this.#taken.splice(0)) t();
  }
}

/** `o.concurrency` pages take rendered editions off `queue`, print them and publish them. */
async function runPrinters(o: Readonly<BuildOptions>, queue: Queue<PrintJob>, session: BrowserSession, brand: Brand, publish: (job: PrintJob) => Promise<void>, signal?: AbortSignal): Promise<void> {
  await Promise.all(
    Array.from({ length: Math.max(1, o.concurrency) }, async () => {
      const slot: PageSlot = {};
      try {
        for (let item = await queue.take(); item; item = await queue.take()) {
          const { job, meta, out } = item;
          const name = `${job.audience.id}/${item.slug}`;
          if (signal?.aborted) continue;
          const t0 = performance.now();
          try {
            const pdf = await printWithRetry(session, slot, out.pdfHtml!, name, o.timeoutMs, job.result.warnings, signal);
            const date = o.sourceDateEpoch !== undefined ? new Date(o.sourceDateEpoch * 1000) : new Date(`${meta.date}T00:00:00Z`);
            const stamped = await setPdfMetadata(pdf, {
              title: meta.title,
              author: meta.authors.join("; "),
              subject: meta.bluf,
              keywords: meta.keywords,
              creator: `${GENERATOR} — ${brand.name}`,
              lang: job.audience.lang,
              date,
              id: sha256(`${name}\0${out.pdfHtml}`),
            });
            item.pdf = stamped;
          } catch (error) {
            item.error = error;
          }
          item.ms += performance.now() - t0;
          await publish(item);
        }
      } finally {
        await slot.page?.close().catch(() => undefined);
      }
    }),
  );
}

/** Checks budgets and writes an edition's artefacts as a unit (all of them, or none when it failed). */
async function publishEdition(o: Readonly<BuildOptions>, item: PrintJob, state: CacheState, finished: (name: string) => void, signal?: AbortSignal): Promise<void> {
  const { job, meta, out, slug } = item;
  const { audience, result } = job;
  const name = `${audience.id}/${slug}`;
  const t0 = performance.now();
  try {
    if (item.error !== undefined) throw item.error;
    const words = out.words ?? 0;
    result.words = words;
    const budget = { pages: meta.budgets.pages ?? audience.budgets.pages, words: meta.budgets.words ?? audience.budgets.words };
    result.budget = budget;
    if (budget.words !== undefined && words > budget.words) result.warnings.push(`${name}: ${words} words, over the budget of ${budget.words}.`);
    const outputs: Array<{ format: Format; data: string | Uint8Array; pages?: number }> = [];
    if (out.html !== undefined) outputs.push({ format: "html", data: out.html });
    if (item.pdf) {
      outputs.push({ format: "pdf", data: item.pdf.bytes, pages: item.pdf.pages });
      result.pages = item.pdf.pages;
      if (budget.pages !== undefined && item.pdf.pages > budget.pages) result.warnings.push(`${name}: ${item.pdf.pages} pages, over the budget of ${budget.pages}.`);
    }
    const over = result.warnings.filter((w) => /over the budget/.test(w));
    if (o.strict && over.length > 0) throw new Error(`${over.join(" ")} (--strict: shorten the brief or raise budgets in its front matter)`);
    if (signal?.aborted) return;
    const artefacts: ManifestEntry[] = [];
    for (const output of outputs) {
      const path = `${audience.id}/${slug}.${output.format}`;
      const bytes = typeof output.data === "string" ? Buffer.byteLength(output.data) : output.data.byteLength;
      artefacts.push({ path, brief: slug, title: meta.title, audience: audience.id, edition: audience.edition, format: output.format, bytes, ...(output.pages !== undefined ? { pages: output.pages } : {}), words, sha256: sha256(output.data) });
    }
    // Both files or neither: each is staged whole before either replaces the previous one.
    await writeAtomicAll(artefacts.map((a, i) => ({ path: join(o.outDir, a.path), data: outputs[i]!.data })));
    result.artefacts = artefacts;
    result.status = "built";
    state.editions[name] = { key: job.key, artefacts: Object.fromEntries(artefacts.map((a) => [a.path, a.bytes])) };
  } catch (error) {
    result.status = "failed";
    result.error = messageOf(error);
    result.artefacts = [];
  } finally {
    result.ms = item.ms + performance.now() - t0;
    finished(name);
  }
}

async function publishAssets(outDir: string, assets: BrandAssets): Promise<void> {
  for (const a of [assets.logo, ...assets.fonts]) {
    const path = join(outDir, a.outPath);
    if (sizeOf(path) === a.bytes.byteLength) continue;
    await writeAtomic(path, a.bytes);
  }
}
