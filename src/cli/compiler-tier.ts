/**
 * V8's optimizing compiler for short builds on Node 20. Node 20's V8 (11.x) has two compilers above the interpreter: a
 * quick baseline one (Sparkplug) and TurboFan, which is slow to compile and, in this tool's builds, compiles the same
 * Markdown functions again and again (micromark makes its tokenizer closures afresh for each brief, and their optimized
 * code is dropped at full collections). On 2 cores that Chromium keeps busy, TurboFan's background threads cost a PDF
 * build more than its code saves: about a fifth of the tool's CPU time (README, "Speed and incremental builds"). So a
 * build that prints PDFs, or renders fewer than {@link HTML_TURBOFAN_BRIEFS} briefs to HTML, stops TurboFan once it
 * knows its size; the code runs the same, only compiled by Sparkplug. Later Nodes have Maglev, a quick optimizing
 * compiler between the two, and measured no gain: they are left as they are. Only the build command tunes (cli.ts's
 * runBuild); `watch`, whose process lives for a whole session, keeps TurboFan.
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

/** True when a build of this size, on this V8, runs faster without TurboFan. */
export function stopsTurbofan(
  work: BuildWork,
  env: Readonly<Record<string, string | undefined>>,
  v8Version: string = process.versions.v8,
): boolean {
  const keep = env[KEEP_TURBOFAN_ENV];
  if (keep !== undefined && keep !== "" && keep !== "0") return false;
  if (Number(v8Version.split(".")[0]) !== 11) return false; // Node 20 (and 21); Maglev from V8 12 on (Node 22)
  return work.pdf || work.briefs < HTML_TURBOFAN_BRIEFS;
}

/**
 * Stops TurboFan for the rest of this process when {@link stopsTurbofan} says so (the build tells its size once;
 * setting the flag again would change nothing). On V8 11 a flag set while the process runs takes effect at the next
 * tier-up; code already optimized stays as it is.
 */
export function tuneCompiler(work: BuildWork, env: Readonly<Record<string, string | undefined>>): void {
  if (stopsTurbofan(work, env)) setFlagsFromString("--max-opt=1");
}
