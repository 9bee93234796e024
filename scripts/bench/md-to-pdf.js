// md-to-pdf, measured side by side with the build on the same machine, the same Chromium and the same Markdown —
// not a remembered figure. It is installed once in a scratch folder (outside the project, never a dependency), with
// Puppeteer's browser download skipped, and pointed at the Chromium the build uses.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import { join } from "node:path";
import { median } from "./median.js";

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

/**
 * Copies `copies` (name → source Markdown file) into a fresh folder `dir`, runs md-to-pdf on all of them in one
 * process against `browser`, and returns the wall time and how many PDFs it wrote.
 */
export function runMdToPdf(cli, browser, dir, copies) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, source] of copies) cpSync(source, join(dir, name));
  const launch = JSON.stringify({ executablePath: browser, args: ["--no-sandbox"] });
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, "--launch-options", launch, ...copies.map(([name]) => name)], {
    cwd: dir,
    env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: browser },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t;
  const files = readdirSync(dir).filter((f) => f.endsWith(".pdf")).length;
  return { ms, files, status: r.status };
}

/** Alternates `ours()` and `theirs()` `runs` times; ratios pair by pair (theirs ÷ ours), with min, median and max. */
export function sideBySide(runs, ours, theirs) {
  const pairs = [];
  for (let i = 0; i < runs; i++) {
    const a = ours();
    const b = theirs();
    pairs.push({ ours: a.ms, theirs: b.ms, ratio: b.ms / a.ms, oursFiles: a.files, theirsFiles: b.files });
  }
  const sorted = pairs.map((p) => p.ratio).sort((x, y) => x - y);
  return {
    pairs,
    min: sorted[0],
    median: median(sorted),
    max: sorted[sorted.length - 1],
  };
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
