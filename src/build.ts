/** A build: lock out/, skip everything when the cache says nothing changed, else run the pipeline. */
import type { BuildOptions } from "./config.js";
import type { BuildReport } from "./report.js";
import type { Progress } from "./pipeline.js";
import { artefactsIntact, buildFingerprint, readCache } from "./cache.js";
import { lockOutDir } from "./publish/lock.js";

/** Hooks the CLI (or a test) passes in. */
export interface BuildHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** Builds every edition the options ask for; never throws for a bad brief (it is in the report). */
export async function build(options: Readonly<BuildOptions>, hooks: BuildHooks = {}): Promise<BuildReport> {
  const started = performance.now();
  const release = await lockOutDir(options.outDir);
  try {
    if (!options.force) {
      const state = readCache(options.outDir);
      if (state.fingerprint && state.fingerprint === buildFingerprint(options, state.extraInputs) && artefactsIntact(options.outDir, state)) {
        return { ok: true, upToDate: true, editions: [], files: [], ms: performance.now() - started, browserLaunched: false };
      }
    }
    const { runPipeline } = await import("./pipeline.js");
    const report = await runPipeline(options, hooks);
    report.ms = performance.now() - started;
    return report;
  } finally {
    await release();
  }
}
