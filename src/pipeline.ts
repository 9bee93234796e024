/** The stages in order: load → parse/validate → transform → render → print → publish. Loaded only when there is work. */
import { join } from "node:path";
import { rm } from "node:fs/promises";
import { existsSync, statSync } from "node:fs";
import type { VFile } from "vfile";
import type { Page } from "puppeteer-core";
import type { BuildOptions } from "./config.js";
import type { Audience, Brand, Brief, Format } from "./model.js";
import type { BuildReport, EditionResult } from "./report.js";
import type { BuildHooks } from "./build.js";
import { AbortedError, InputError, messageOf } from "./errors.js";
import { loadBrand } from "./load/brand.js";
import { loadAudiences } from "./load/audiences.js";
import { loadBriefs } from "./load/briefs.js";
import { parseBrief } from "./transform/parse.js";
import { transformBrief } from "./transform/transform.js";
import { createRenderer, type Renderer } from "./render/render.js";
import { loadBrandAssets, type BrandAssets } from "./render/assets.js";
import { BrowserSession } from "./print/browser.js";
import { printPdf } from "./print/print.js";
import { setPdfMetadata } from "./print/pdf-metadata.js";
import { writeAtomic, writeJson, readJson, removePendingTemps } from "./publish/atomic.js";
import { sha256, sortEntries, type Manifest, type ManifestEntry } from "./publish/manifest.js";
import { indexPage } from "./publish/index-page.js";
import { buildFingerprint, cachePath, hashAll, optionsKey, readCache, toolFingerprint, type CacheState } from "./cache.js";
import { didYouMean } from "./messages.js";

/** Progress of a build, for the CLI's progress line. */
export interface Progress {
  done: number;
  total: number;
  current?: string | undefined;
}

/** The tool's name and version, written into every PDF and the manifest. */
export const GENERATOR = "brief 0.1.0";

interface Job {
  brief: Brief;
  audience: Audience;
  key: string;
  result: EditionResult;
}

/** Runs every stage for the editions `o` selects and publishes them to `o.outDir`. */
export async function runPipeline(o: Readonly<BuildOptions>, hooks: BuildHooks = {}): Promise<BuildReport> {
  const files: VFile[] = [];
  const loadedBrand = await loadBrand(o.root, o.templatesDir).catch((error: unknown) => {
    throw error instanceof InputError ? error : new InputError(`templates/brand.yml cannot be read: ${messageOf(error)}. Add it (see the README's "Branding").`, "templates/brand.yml");
  });
  files.push(loadedBrand.file);
  const brand = loadedBrand.brand;
  const loaded = await loadAudiences(o.root, o.templatesDir, brand);
  files.push(...loaded.files);
  for (const id of o.audiences) {
    if (!loaded.ids.includes(id)) {
      throw new InputError(`--audience ${id}: no such audience.${didYouMean(id, loaded.ids)} Audiences: ${loaded.ids.join(", ")}. A new one is a folder templates/audiences/${id}/ (npm run brief -- new audience ${id}).`);
    }
  }
  const sources = await loadBriefs(o);
  const wantedAudience = (id: string) => o.audiences.length === 0 || o.audiences.includes(id);

  // The matrix of editions, in a stable order (slug, then audience), then this shard's part of it.
  const matrix: Array<{ slug: string; audienceId: string; brief?: Brief; source: VFile }> = [];
  for (const source of sources) {
    const brief = parseBrief(source, loaded.ids);
    files.push(source.file);
    const targets = brief ? brief.targets : loaded.ids;
    for (const audienceId of targets.filter(wantedAudience)) matrix.push({ slug: source.slug, audienceId, brief, source: source.file });
  }
  const selected = o.shard ? matrix.filter((_, i) => i % o.shard!.count === o.shard!.index - 1) : matrix;

  const state = readCache(o.outDir);
  const previous = await readJson<Manifest>(join(o.outDir, "manifest.json"), { generator: GENERATOR, artefacts: [] });
  const audienceById = new Map(loaded.audiences.map((a) => [a.id, a]));
  const assets = brand ? await loadBrandAssets(brand) : undefined;
  const tool = toolFingerprint(o.root);
  const results: EditionResult[] = [];
  const jobs: Job[] = [];

  for (const m of selected) {
    const result: EditionResult = { brief: m.slug, audience: m.audienceId, status: "failed", warnings: [], ms: 0, artefacts: [] };
    results.push(result);
    const audience = audienceById.get(m.audienceId);
    if (!brand) result.error = "templates/brand.yml has errors (listed above); fix them to build any memo.";
    else if (!audience) result.error = `templates/audiences/${m.audienceId} has errors (listed above); fix them to build this edition.`;
    else if (!m.brief) result.error = `${m.source.path} has errors (listed above); fix them to build its memos.`;
    if (result.error || !m.brief || !audience || !brand) continue;
    const key = hashAll([join(o.briefsDir, `${m.slug}.md`), ...audience.files, ...brand.files], [tool, optionsKey(o), m.slug, audience.id]);
    const cached = state.editions[`${audience.id}/${m.slug}`];
    if (!o.force && cached?.key === key && Object.entries(cached.artefacts).every(([p, bytes]) => sizeOf(join(o.outDir, p)) === bytes)) {
      const kept = previous.artefacts.filter((e) => e.brief === m.slug && e.audience === audience.id);
      if (kept.length === o.formats.length) {
        Object.assign(result, { status: "cached", artefacts: kept, pages: kept.find((e) => e.pages !== undefined)?.pages, words: kept[0]?.words });
        continue;
      }
    }
    jobs.push({ brief: m.brief, audience, key, result });
  }

  const session = o.formats.includes("pdf") && jobs.length > 0 ? new BrowserSession({ executablePath: o.browserPath }) : undefined;
  session?.warm();
  const onAbort = () => void session?.close();
  hooks.signal?.addEventListener("abort", onAbort);
  const renderers = new Map<string, Renderer | Error>();
  const rendererFor = (audience: Audience): Renderer => {
    let r = renderers.get(audience.id);
    if (!r) {
      try {
        r = createRenderer(o.root, audience, brand!, assets!);
      } catch (error) {
        r = error instanceof Error ? error : new Error(String(error));
      }
      renderers.set(audience.id, r);
    }
    if (r instanceof Error) throw r;
    return r;
  };

  let done = 0;
  const total = jobs.length;
  hooks.onProgress?.({ done, total });
  try {
    await runWorkers(jobs, Math.max(1, o.concurrency), async (job, worker) => {
      if (hooks.signal?.aborted) return;
      const name = `${job.audience.id}/${job.brief.slug}`;
      hooks.onProgress?.({ done, total, current: name });
      const t0 = performance.now();
      try {
        await buildEdition(o, job, rendererFor(job.audience), brand!, worker, session, hooks.signal);
        job.result.status = "built";
        state.editions[name] = { key: job.key, artefacts: Object.fromEntries(job.result.artefacts.map((a) => [a.path, a.bytes])) };
      } catch (error) {
        if (hooks.signal?.aborted) return;
        job.result.status = "failed";
        job.result.error = messageOf(error);
        job.result.artefacts = [];
      } finally {
        job.result.ms = performance.now() - t0;
        done++;
        hooks.onProgress?.({ done, total, current: name });
      }
    });
  } finally {
    hooks.signal?.removeEventListener("abort", onAbort);
    await session?.close();
  }
  const browserLaunched = session !== undefined;

  // Publish the manifest, index, assets and cache, even after an abort: the manifest must match the disk.
  const built = new Set(results.filter((r) => r.status !== "failed").map((r) => `${r.audience}/${r.brief}`));
  const failed = new Set(results.filter((r) => r.status === "failed").map((r) => `${r.audience}/${r.brief}`));
  const fullBuild = o.briefs.length === 0 && o.audiences.length === 0 && !o.shard;
  const matrixKeys = new Set(matrix.map((m) => `${m.audienceId}/${m.slug}`));
  const keep: ManifestEntry[] = [];
  for (const e of previous.artefacts) {
    const k = `${e.audience}/${e.brief}`;
    if (built.has(k)) continue; // replaced by this build's entries
    if (fullBuild && !matrixKeys.has(k) && !failed.has(k)) {
      await rm(join(o.outDir, e.path), { force: true }); // the brief or audience is gone
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

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/** A worker's page, opened on first use and replaced when the browser crashes. */
interface Worker {
  page?: Page | undefined;
  current?: string | undefined;
}

async function runWorkers<T>(items: T[], n: number, run: (item: T, worker: Worker) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    const worker: Worker = {};
    try {
      while (next < items.length) await run(items[next++]!, worker);
    } finally {
      await worker.page?.close().catch(() => undefined);
    }
  });
  await Promise.all(workers);
}

async function buildEdition(o: Readonly<BuildOptions>, job: Job, renderer: Renderer, brand: Brand, worker: Worker, session: BrowserSession | undefined, signal?: AbortSignal): Promise<void> {
  const { brief, audience, result } = job;
  const name = `${audience.id}/${brief.slug}`;
  const body = transformBrief(brief, audience);
  result.words = body.words;
  const budget = { pages: brief.meta.budgets.pages ?? audience.budgets.pages, words: brief.meta.budgets.words ?? audience.budgets.words };
  result.budget = budget;
  if (budget.words !== undefined && body.words > budget.words) result.warnings.push(`${name}: ${body.words} words, over the budget of ${budget.words}.`);

  const outputs: Array<{ format: Format; data: string | Uint8Array; pages?: number }> = [];
  if (o.formats.includes("html")) outputs.push({ format: "html", data: renderer.render(brief, body, { inline: o.inline }) });
  if (o.formats.includes("pdf") && session) {
    const html = renderer.render(brief, body, { inline: true });
    const pdf = await printWithRetry(session, worker, html, name, o.timeoutMs, result.warnings, signal);
    const date = o.sourceDateEpoch !== undefined ? new Date(o.sourceDateEpoch * 1000) : new Date(`${brief.meta.date}T00:00:00Z`);
    const meta = await setPdfMetadata(pdf, {
      title: brief.meta.title,
      author: brief.meta.authors.join("; "),
      subject: brief.meta.bluf,
      keywords: brief.meta.keywords,
      creator: `${GENERATOR} — ${brand.name}`,
      lang: audience.lang,
      date,
      id: sha256(`${name}\0${html}`),
    });
    outputs.push({ format: "pdf", data: meta.bytes, pages: meta.pages });
    result.pages = meta.pages;
    if (budget.pages !== undefined && meta.pages > budget.pages) result.warnings.push(`${name}: ${meta.pages} pages, over the budget of ${budget.pages}.`);
  }
  if (o.strict && result.warnings.some((w) => /over the budget/.test(w))) {
    throw new Error(result.warnings.filter((w) => /over the budget/.test(w)).join(" ") + " (--strict: shorten the brief or raise budgets in its front matter)");
  }
  if (signal?.aborted) return;
  // Publish the edition as a unit: every artefact is written only once all of them were made.
  for (const out of outputs) {
    const path = `${audience.id}/${brief.slug}.${out.format}`;
    await writeAtomic(join(o.outDir, path), out.data);
    const bytes = typeof out.data === "string" ? Buffer.byteLength(out.data) : out.data.byteLength;
    result.artefacts.push({
      path,
      brief: brief.slug,
      title: brief.meta.title,
      audience: audience.id,
      edition: audience.edition,
      format: out.format,
      bytes,
      ...(out.pages !== undefined ? { pages: out.pages } : {}),
      words: body.words,
      sha256: sha256(out.data),
    });
  }
}

async function printWithRetry(session: BrowserSession, worker: Worker, html: string, name: string, timeoutMs: number, warnings: string[], signal?: AbortSignal): Promise<Uint8Array> {
  for (let attempt = 1; ; attempt++) {
    try {
      worker.current = name;
      worker.page ??= await session.page((url) => warnings.push(`${worker.current}: blocked a request to ${url.slice(0, 120)} (memos may only use their own assets and data: URLs).`));
      return await printPdf(worker.page, html, name, timeoutMs);
    } catch (error) {
      const page = worker.page;
      worker.page = undefined;
      await page?.close().catch(() => undefined);
      const crashed = !(await session.browser().then((b) => b.connected).catch(() => false));
      if (attempt >= 2 || signal?.aborted || (!crashed && !/Target closed|Protocol error|Session closed|detached/i.test(messageOf(error)))) throw error;
    }
  }
}

async function publishAssets(outDir: string, assets: BrandAssets): Promise<void> {
  for (const a of [assets.logo, ...assets.fonts]) {
    const path = join(outDir, a.outPath);
    if (sizeOf(path) === a.bytes.byteLength) continue;
    await writeAtomic(path, a.bytes);
  }
}
