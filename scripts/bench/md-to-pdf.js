// md-to-pdf, measured side by side with the build on the same machine, the same Chromium and the same Markdown —
// not a remembered figure. It is installed once in a scratch folder (outside the project, never a dependency), with
// Puppeteer's browser download skipped, and pointed at the Chromium the build uses.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, spread } from "./median.js";

/** The version compared against (the issue's). */
export const MD_TO_PDF_VERSION = "5.2.5";

/** Installs md-to-pdf into a scratch folder (kept between benchmark runs); returns its CLI script. */
export function installMdToPdf(say) {
  const dir = join(os.tmpdir(), `brief-bench-md-to-pdf-${MD_TO_PDF_VERSION}`);
  const cli = join(dir, "node_modules", "md-to-pdf", "dist", "cli.js");
  if (existsSync(cli)) return cli;
  say(`installing md-to-pdf ${MD_TO_PDF_VERSION} in ${dir} (once)…`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", dir, `md-to-pdf@${MD_TO_PDF_VERSION}`],
    { env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: "1" }, encoding: "utf8" },
  );
  if (r.status !== 0 || !existsSync(cli)) throw new Error(`could not install md-to-pdf: ${r.stderr.slice(-2000)}`);
  return cli;
}

/** How many files the bounded md-to-pdf run converts at once (see `runMdToPdf`). */
export const MD_TO_PDF_IN_FLIGHT = 8;

/**
 * Copies `copies` (name → source Markdown file) into a fresh folder `dir`, runs md-to-pdf on all of them in one
 * process against `browser`, and returns the wall time and how many PDFs it wrote.
 *
 * Without `inFlight`, md-to-pdf's CLI as its users run it: every file started at once. Under that load some of its
 * pages never report the network idle it waits for and each waits out Puppeteer's 30 s navigation timeout, so the
 * run takes about 30 s more and loses those files (measured here: 8 to 39 of 48 lost). With `inFlight`, md-to-pdf's
 * own per-file conversion (md-to-pdf-driver.cjs: the function its CLI calls, its file server, its one browser), that
 * many files at a time: every file converted, and md-to-pdf at its best.
 */
export function runMdToPdf(cli, browser, dir, copies, { inFlight } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, source] of copies) cpSync(source, join(dir, name));
  const launch = JSON.stringify({ executablePath: browser, args: ["--no-sandbox"] });
  const packageDir = join(dirname(cli), "..");
  const driver = fileURLToPath(new URL("./md-to-pdf-driver.cjs", import.meta.url));
  const names = copies.map(([name]) => name);
  const args = inFlight
    ? [driver, packageDir, String(inFlight), ...names]
    : [cli, "--launch-options", launch, ...names];
  // Its own temp folder: Puppeteer's profiles, which a browser md-to-pdf leaves running would leave in /tmp, go with it.
  const tmp = mkdtempSync(join(os.tmpdir(), "brief-bench-md-to-pdf-"));
  const t = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: browser, LAUNCH: launch, TMPDIR: tmp },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t;
  rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  const files = readdirSync(dir).filter((f) => f.endsWith(".pdf")).length;
  return { ms, files, status: r.status };
}

/**
 * Alternates `ours()`, `theirs()` and, when given, `bounded()` (md-to-pdf a few files at a time) `runs` times; ratios
 * pair by pair (theirs ÷ ours), with min, median and max, for each of md-to-pdf's two ways.
 */
export function sideBySide(runs, ours, theirs, bounded) {
  const pairs = [];
  for (let i = 0; i < runs; i++) {
    const a = ours();
    const b = theirs();
    const c = bounded?.();
    pairs.push({
      ours: a.ms,
      theirs: b.ms,
      ratio: b.ms / a.ms,
      oursFiles: a.files,
      theirsFiles: b.files,
      ...(c && { bounded: c.ms, boundedFiles: c.files, boundedRatio: c.ms / a.ms }),
    });
  }
  return {
    pairs,
    ...spread(pairs.map((p) => p.ratio)),
    ...(bounded && { bounded: spread(pairs.map((p) => p.boundedRatio)) }),
  };
}

/**
 * The same pairs with md-to-pdf at its best in each: the faster of its two runs among those that wrote every PDF this
 * tool wrote (its bounded run when neither did). Undefined when the bounded run was not made.
 */
export function bestSide(side) {
  if (!side.bounded) return undefined;
  const pairs = side.pairs.map((p) => {
    const cli = { theirs: p.theirs, theirsFiles: p.theirsFiles };
    const bounded = { theirs: p.bounded, theirsFiles: p.boundedFiles };
    const complete = [cli, bounded].filter((r) => r.theirsFiles >= p.oursFiles);
    const best = complete.length > 0 ? complete.reduce((a, b) => (b.theirs < a.theirs ? b : a)) : bounded;
    return { ...p, ...best, ratio: best.theirs / p.ours };
  });
  return { pairs, ...spread(pairs.map((p) => p.ratio)) };
}

/**
 * The median ratio over the pairs in which md-to-pdf wrote every PDF this tool wrote (a run in which it fails files
 * spends time on its failures, and is not the same work); undefined when every pair is complete, and `ratio`
 * undefined when none is (then no pair does the same work, and the ratio decides nothing).
 */
export function completeRatio(side) {
  const complete = side.pairs.filter((p) => p.theirsFiles >= p.oursFiles);
  if (complete.length === side.pairs.length) return undefined;
  const ratio = complete.length > 0 ? median(complete.map((p) => p.ratio)) : undefined;
  return { ratio, pairs: complete.length };
}
