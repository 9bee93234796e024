/**
 * A build: lock out/, skip everything when the cache says nothing changed (sweeping a killed build's temp files), else
 * run the pipeline.
 */
import type { BuildOptions } from "../shared/options.js";
import type { BuildHooks, BuildReport } from "./report.js";
import type { BrowserSession } from "../print/browser.js";
import type { StartedThreads } from "./stage-pool.js";
import { artefactsIntact, buildFingerprint, forgetHashes, noopConsulted, readCache } from "./cache.js";
import { removeStamp } from "./stamp.js";
import { lockOutDir } from "../publish/lock.js";
import { loadStatCache, saveStatCache } from "./stat-cache.js";
import { removeStaleTemps } from "../publish/atomic.js";
import { readManifest, type Manifest } from "../publish/manifest.js";
import type { EditionResult } from "./report.js";

/** Builds every edition the options ask for; never throws for a bad brief (it is in the report). */
export async function build(options: Readonly<BuildOptions>, hooks: BuildHooks = {}): Promise<BuildReport> {
  const started = performance.now();
  const release = await lockOutDir(options.outDir);
  forgetHashes(); // files may have changed since an earlier build in this process (watch, tests)
  loadStatCache(options.outDir);
  let early: BrowserSession | undefined;
  let threads: StartedThreads | undefined;
  // hooks.onWork is called once: as a cold build starts, or once the cache has found work.
  const tell = hooks.onWork;
  let told = false;
  hooks = {
    ...hooks,
    onWork: (work) => {
      if (told) return;
      told = true;
      tell?.(work);
    },
  };
  try {
    const state = readCache(options.outDir);
    const manifest =
      !options.force && state.fingerprint && state.fingerprint === buildFingerprint(options, state.extraInputs)
        ? await readManifest(options.outDir, state.manifest)
        : undefined;
    if (manifest && artefactsIntact(options.outDir, state, manifest)) {
      // Temp files a killed build left: swept here too, under the lock (no other build is writing), so that a build
      // killed mid-way and then found up to date leaves none. A dozen folders read: about 0.2 ms.
      removeStaleTemps(options.outDir);
      return {
        ok: true,
        upToDate: true,
        editions: cachedEditions(options, manifest),
        files: [],
        ms: performance.now() - started,
        browserLaunched: false,
        consulted: noopConsulted(options, state),
      };
    }
    removeStamp(options.outDir); // this build has work: out/ is about to change
    // A cold or forced build renders and prints every brief: Chromium and the render threads start now, while the
    // pipeline's modules load. An incremental build waits until the cache has found work (it may find none: then no
    // browser and no thread at all).
    if (options.force || Object.keys(state.editions).length === 0) {
      const pdf = options.formats.includes("pdf");
      if (pdf) {
        const { BrowserSession } = await import("../print/browser.js");
        early = new BrowserSession({ executablePath: options.browserPath, from: options.browserFrom });
        early.warm();
      }
      const [{ startThreads }, { threadCount }, { countBriefs }] = await Promise.all([
        import("./stage-pool.js"),
        import("./render-briefs.js"),
        import("../load/briefs.js"),
      ]);
      const briefs = countBriefs(options);
      hooks.onWork?.({ briefs, pdf });
      threads = startThreads(threadCount(briefs, pdf));
    }
    const { runSteps } = await import("./run.js");
    const report = await runSteps(options, hooks, { browser: early, threads }, state);
    report.ms = performance.now() - started;
    return report;
  } finally {
    await Promise.all([early?.close(), threads?.close()]);
    await saveStatCache();
    await release();
  }
}

/** An up-to-date build's editions, every one cached: those of the manifest that the options select. */
function cachedEditions(o: Readonly<BuildOptions>, manifest: Manifest): EditionResult[] {
  const byEdition = new Map<string, EditionResult>();
  for (const e of manifest.artefacts) {
    if (!o.formats.includes(e.format)) continue;
    if (o.briefs.length > 0 && !o.briefs.includes(e.brief)) continue;
    if (o.audiences.length > 0 && !o.audiences.includes(e.audience)) continue;
    const key = `${e.audience}/${e.brief}`;
    const r = byEdition.get(key) ?? {
      brief: e.brief,
      audience: e.audience,
      status: "cached",
      warnings: [],
      ms: 0,
      artefacts: [],
    };
    byEdition.set(key, r);
    r.artefacts.push(e);
    r.words = e.words;
    if (e.pages !== undefined) r.pages = e.pages;
  }
  return [...byEdition.values()].sort((a, b) => a.brief.localeCompare(b.brief) || a.audience.localeCompare(b.audience));
}
