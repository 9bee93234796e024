/**
 * V8's optimizing compiler for short builds on Node 20. Node 20's V8 (11.x) has two compilers above the interpreter: a
 * quick baseline one (Sparkplug) and TurboFan, which is slow to compile and, in this tool's builds, compiles the same
 * Markdown functions again and again (micromark makes its tokenizer closures afresh for each brief, and their optimized
 * code is dropped at full collections). On 2 cores that Chromium keeps busy, TurboFan's background threads cost a PDF
 * build more than its code saves: about a fifth of the tool's CPU time (README, "Speed and incremental builds"). So a
 * build that prints PDFs, or renders fewer than {@link HTML_TURBOFAN_BRIEFS} briefs to HTML, stops TurboFan once it
 * knows its size; the code runs the same, only compiled by Sparkplug. Later Nodes have Maglev, a quick optimizing
 * compiler between the two, and measured no gain: they are left as they are. Only the build command tunes (cli.ts's
 * runBuild); `watch`, whose process lives for a whole session, keeps TurboFan. Every command on Node 20 also turns
 * V8's concurrent marking off from its start ({@link tuneCollector}), which is what drops that optimized code.
 */
import { setFlagsFromString } from "node:v8";
import type { BuildWork } from "../build/report.js";

/**
 * Briefs at which an HTML-only build keeps TurboFan. Measured on Node 20 here (HTML-only builds, 3 alternated pairs
 * each): 16 briefs took 1.23–1.29 s without it against 1.48–1.61 s, 50 briefs 1.94–2.21 s against 2.03–2.55 s,
 * 100 briefs the same (3.44–3.56 s against 3.41–3.64 s), 300 briefs 7.86–8.13 s against 6.59–7.28 s.
 */
export const HTML_TURBOFAN_BRIEFS = 64;

/** Set in the environment to any value but `0`, keeps TurboFan whatever the build. */
export const KEEP_TURBOFAN_ENV = "BRIEF_TURBOFAN";

type Env = Readonly<Record<string, string | undefined>>;

/** True when `name` is set in the environment to anything but "" or "0". */
function asksToKeep(env: Env, name: string): boolean {
  const value = env[name];
  return value !== undefined && value !== "" && value !== "0";
}

/** True for V8 11: Node 20 (and 21), the only V8 these settings pay on; Maglev from V8 12 on (Node 22). */
function isV8Of11(v8Version: string): boolean {
  return Number(v8Version.split(".")[0]) === 11;
}

/** True when a build of this size, on this V8, runs faster without TurboFan. */
export function stopsTurbofan(work: BuildWork, env: Env, v8Version: string = process.versions.v8): boolean {
  if (asksToKeep(env, KEEP_TURBOFAN_ENV) || !isV8Of11(v8Version)) return false;
  return work.pdf || work.briefs < HTML_TURBOFAN_BRIEFS;
}

/**
 * Stops TurboFan for the rest of this process when {@link stopsTurbofan} says so (the build tells its size once;
 * setting the flag again would change nothing). On V8 11 a flag set while the process runs takes effect at the next
 * tier-up; code already optimized stays as it is.
 */
export function tuneCompiler(work: BuildWork, env: Env): void {
  if (stopsTurbofan(work, env)) setFlagsFromString("--max-opt=1");
}

/** Set in the environment to any value but `0`, keeps V8's concurrent marking. */
export const KEEP_CONCURRENT_MARKING_ENV = "BRIEF_CONCURRENT_MARKING";

/**
 * True when this process should collect garbage without V8's concurrent marking: on Node 20's V8, unless
 * {@link KEEP_CONCURRENT_MARKING_ENV} asks to keep it. There, marking on helper threads while a render thread runs
 * drops the optimized code of micromark's tokenizer, which TurboFan then compiles again (the HTML-only build of the
 * 1,000 benchmark briefs: 2,230 optimizing compiles with it, 1,166 without). That build took 16.3–19.9 s without it
 * against 17.4–21.4 s with it (6 alternated pairs, faster in all 6; peak RSS about 410 MB against 390 MB). PDF
 * builds, whose TurboFan is stopped, measured the same within noise (README, "Speed and incremental builds").
 */
export function stopsConcurrentMarking(env: Env, v8Version: string = process.versions.v8): boolean {
  return !asksToKeep(env, KEEP_CONCURRENT_MARKING_ENV) && isV8Of11(v8Version);
}

/**
 * Turns V8's concurrent marking off for this process and the render threads it starts, when
 * {@link stopsConcurrentMarking} says so. Called first thing by bin/brief.js: a heap reads the flag at each marking
 * cycle, and none has started yet, so the process runs as `node --no-concurrent-marking` would (the render threads'
 * heaps are made later, with the flag already set). Set later, while a collection marks, it could crash V8.
 * @public (called from bin/brief.js, outside the TypeScript project)
 */
export function tuneCollector(env: Env): void {
  if (stopsConcurrentMarking(env)) setFlagsFromString("--no-concurrent-marking");
}
