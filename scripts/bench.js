#!/usr/bin/env node
// `npm run bench`: measures the build on this machine against Chromium's own floor and the issue's
// targets, and writes the figures, the machine and the date to docs/benchmark.md. A benchmark, not a
// test: it takes a few minutes on 2 cores; it also times drawing the shipped briefs' charts (ms per chart). Flags: --quick (small sets, one run), --runs N (repeats;
// the best run counts), --briefs N (synthetic briefs for the PDF figures, 3 memos each), --html-briefs N,
// --no-profile, --no-md-to-pdf (skip the side-by-side comparison, e.g. offline), --out FILE, --keep (leave the
// temp projects).
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import os from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeBriefs } from "./bench/generate.js";
import { summariseDir } from "./bench/profile.js";
import { renderReport } from "./bench/report.js";
import { installMdToPdf, runMdToPdf, sideBySide, MD_TO_PDF_IN_FLIGHT, MD_TO_PDF_VERSION } from "./bench/md-to-pdf.js";
import { median } from "./bench/median.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean" },
    runs: { type: "string" },
    briefs: { type: "string" },
    "html-briefs": { type: "string" },
    "no-profile": { type: "boolean" },
    "no-md-to-pdf": { type: "boolean" },
    out: { type: "string" },
    keep: { type: "boolean" },
  },
});
const RUNS = Number(flags.runs ?? (flags.quick ? 1 : 2));
const PDF_BRIEFS = Number(flags.briefs ?? (flags.quick ? 6 : 16));
const HTML_BRIEFS = Number(flags["html-briefs"] ?? (flags.quick ? 100 : 1000));
const CONCURRENCIES = [1, 2, 4];
const EPOCH = "1751328000"; // 2025-07-01: fixed dates, so runs print the same bytes
const bin = join(root, "bin", "brief.js");
const say = (s) => process.stderr.write(`bench: ${s}\n`);
const temps = [];

/**
 * Waits until no Chromium of an earlier measurement is left (md-to-pdf's browser takes a few seconds to go) and the
 * disk has taken what was written, so that one measurement does not pay for the one before.
 */
async function settle() {
  for (let i = 0; i < 60; i++) {
    const left = spawnSync("pgrep", ["-f", "chromium"], { encoding: "utf8" }).stdout.trim();
    if (!left) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  spawnSync("sync");
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}

/** A temp project with the repo's templates and a package.json whose `brief` script runs this checkout. */
function project(name) {
  const dir = mkdtempSync(join(os.tmpdir(), `brief-bench-${name}-`));
  temps.push(dir);
  cpSync(join(root, "templates"), join(dir, "templates"), { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: `bench-${name}`, private: true, scripts: { brief: `node ${JSON.stringify(bin)}` } }, null, 2)}\n`,
  );
  return dir;
}

/** Runs a command to completion; returns its wall time (from spawn to exit) and output. */
function run(cmd, args, cwd, extraEnv = {}) {
  const env = { ...process.env, SOURCE_DATE_EPOCH: EPOCH, NO_COLOR: "1", CI: "1", ...extraEnv };
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed with ${r.status ?? r.signal}:\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}
const json = (stdout) => JSON.parse(stdout.slice(stdout.indexOf("{")));
/** Compiles src/ if it is newer than dist/, outside any timing. */
const compiled = () => run(process.execPath, [bin, "--version"], root);
const best = (xs) => Math.min(...xs);

async function machine() {
  const { findBrowser } = await import(pathToFileURL(join(root, "dist", "print", "find-browser.js")).href);
  let chromium = "unknown";
  const browserPath = await findBrowser();
  try {
    chromium = execFileSync(browserPath, ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    // keep "unknown"
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    chromium,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    load: os.loadavg(),
    browserPath,
  };
}

/** The median of one speed-check process's rounds (scripts/bench/speed-check.js), in ms. */
function speedCheckProcess() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "scripts", "bench", "speed-check.js")], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(median(JSON.parse(out).ms)) : reject(new Error(`speed check exited with ${code}`)),
    );
  });
}

/** The machine's speed at the tool's kind of work: one process alone, then two at once (the mean of their medians). */
async function speedCheck() {
  const alone = await speedCheckProcess();
  const pair = await Promise.all([speedCheckProcess(), speedCheckProcess()]);
  return { alone, both: (pair[0] + pair[1]) / 2 };
}

async function main() {
  compiled();
  const info = await machine();
  say("machine speed check…");
  info.speed = await speedCheck();
  say(
    `${info.cpu}, ${info.cores} cores, ${info.chromium}; load average ${info.load.map((l) => l.toFixed(1)).join(" ")}`,
  );
  const figures = {
    info,
    runs: RUNS,
    pdfBriefs: PDF_BRIEFS,
    htmlBriefs: HTML_BRIEFS,
    floor: {},
    build: {},
    buildInner: {},
  };

  // 1–2. The floor and the build, on the same synthetic memos, at each concurrency.
  const synth = project("pdf");
  writeBriefs(synth, PDF_BRIEFS);
  run(process.execPath, [bin, "--format", "html", "--inline", "--out", "inline"], synth); // the exact HTML the PDF stage prints
  figures.memos = PDF_BRIEFS * 3;
  for (const c of CONCURRENCIES) {
    const floors = [];
    const builds = [];
    const inner = [];
    for (let r = 0; r < RUNS; r++) {
      say(`floor and build, concurrency ${c}, run ${r + 1}/${RUNS}…`);
      const floor = json(
        run(process.execPath, [join(root, "scripts", "bench", "floor.js"), String(c), join(synth, "inline")], synth)
          .stdout,
      );
      if (floor.memos !== figures.memos)
        throw new Error(`the floor printed ${floor.memos} memos, the build prints ${figures.memos}`);
      floors.push(floor.totalMs);
      compiled();
      const b = run(
        process.execPath,
        [bin, "--format", "pdf", "--force", "--concurrency", String(c), "--out", "pdf", "--json"],
        synth,
      );
      const report = json(b.stdout);
      if (!report.ok || report.editions.length !== figures.memos)
        throw new Error(`the build of the synthetic briefs failed: ${b.stdout.slice(0, 2000)}`);
      builds.push(b.ms);
      inner.push(report.ms);
    }
    figures.floor[c] = best(floors);
    figures.build[c] = best(builds);
    (figures.allRuns ??= {})[c] = { floors, builds };
    figures.buildInner[c] = best(inner);
  }

  // 3. The real briefs: cold build, no-op rebuild, one brief changed — each as `npm run brief`, end to end.
  const real = project("real");
  cpSync(join(root, "briefs"), join(real, "briefs"), { recursive: true });
  const npm = (extra = []) => run("npm", ["run", "--silent", "brief", "--", "--json", ...extra], real);
  const colds = [];
  for (let r = 0; r < RUNS; r++) {
    say(`real briefs: cold build ${r + 1}/${RUNS}…`);
    rmSync(join(real, "out"), { recursive: true, force: true });
    compiled();
    colds.push(npm());
  }
  const coldReport = json(colds[0].stdout);
  figures.real = {
    briefs: new Set(coldReport.editions.map((e) => e.brief)).size,
    memos: coldReport.editions.length,
    coldMs: best(colds.map((c) => c.ms)),
  };
  say("real briefs: no-op rebuilds…");
  compiled();
  npm(); // settles the cache if the tool was recompiled just now
  const noops = Array.from({ length: 5 }, () => npm());
  if (!noops.every((n) => json(n.stdout).upToDate)) throw new Error("a no-op rebuild was not up to date");
  figures.real.noopMs = median(noops.map((n) => n.ms));
  figures.real.noopNodeMs = median(Array.from({ length: 5 }, () => run(process.execPath, [bin], real).ms));
  figures.real.npmMs = median(Array.from({ length: 3 }, () => run("npm", ["run", "--silent", "env"], real).ms));
  const changedFile = join(real, "briefs", coldReport.editions[0].brief + ".md");
  writeFileSync(
    changedFile,
    readFileSync(changedFile, "utf8").replace("## Analysis\n", "## Analysis\n\nOne sentence added by the benchmark.\n"),
  );
  say("real briefs: one brief changed…");
  const changed = npm();
  const changedReport = json(changed.stdout);
  figures.real.changedMs = changed.ms;
  figures.real.changedBuilt = changedReport.editions.filter((e) => e.status === "built").length;

  // 5. md-to-pdf side by side: the same Markdown, the same Chromium, runs alternated, ratios pair by pair.
  if (!flags["no-md-to-pdf"]) {
    const mdCli = installMdToPdf(say);
    const pdfs = (stdout) => json(stdout).editions.filter((e) => e.artefacts.some((a) => a.format === "pdf")).length;
    const synthBriefs = readdirSync(join(synth, "briefs")).filter((f) => f.endsWith(".md"));
    const synthCopies = synthBriefs.flatMap((f) =>
      ["us", "eu", "global-south"].map((a) => [`${f.slice(0, -3)}-${a}.md`, join(synth, "briefs", f)]),
    );
    await settle();
    say(`md-to-pdf side by side: ${synthCopies.length} synthetic memos, ${RUNS} pairs…`);
    const synthetic = sideBySide(
      RUNS,
      () => {
        compiled();
        const b = run(process.execPath, [bin, "--format", "pdf", "--force", "--out", "pdf-side", "--json"], synth);
        return { ms: b.ms, files: pdfs(b.stdout) };
      },
      () => runMdToPdf(mdCli, info.browserPath, join(synth, "md-to-pdf"), synthCopies),
      () =>
        runMdToPdf(mdCli, info.browserPath, join(synth, "md-to-pdf"), synthCopies, { inFlight: MD_TO_PDF_IN_FLIGHT }),
    );
    const realCopies = coldReport.editions.map((e) => [
      `${e.brief}-${e.audience}.md`,
      join(real, "briefs", `${e.brief}.md`),
    ]);
    say(`md-to-pdf side by side: the ${realCopies.length} real memos, ${RUNS} pairs…`);
    const realSide = sideBySide(
      RUNS,
      () => {
        rmSync(join(real, "out"), { recursive: true, force: true });
        compiled();
        const b = npm();
        return { ms: b.ms, files: pdfs(b.stdout) };
      },
      () => runMdToPdf(mdCli, info.browserPath, join(real, "md-to-pdf"), realCopies),
      () => runMdToPdf(mdCli, info.browserPath, join(real, "md-to-pdf"), realCopies, { inFlight: MD_TO_PDF_IN_FLIGHT }),
    );
    // Chromium's own floor for the real memos (launch and print, nothing else), at the default concurrency: md-to-pdf's
    // time over it is the most any tool printing these memos in this Chromium could reach.
    await settle();
    say("the real memos' floor…");
    run(process.execPath, [bin, "--format", "html", "--inline", "--out", "inline"], real);
    const realFloors = Array.from({ length: RUNS }, () => {
      const floor = json(
        run(process.execPath, [join(root, "scripts", "bench", "floor.js"), "2", join(real, "inline")], real).stdout,
      );
      if (floor.memos !== realCopies.length) throw new Error(`the real floor printed ${floor.memos} memos`);
      return floor.totalMs;
    });
    figures.mdToPdf = {
      realFloorMs: best(realFloors),
      version: MD_TO_PDF_VERSION,
      inFlight: MD_TO_PDF_IN_FLIGHT,
      synthetic,
      real: realSide,
      memos: synthCopies.length,
      realMemos: realCopies.length,
    };
  }

  // 4. HTML only, many briefs × 3 audiences, with the process's peak memory.
  const many = project("html");
  say(`HTML only: generating ${HTML_BRIEFS} briefs…`);
  writeBriefs(many, HTML_BRIEFS);
  compiled();
  await settle();
  // Built RUNS times from an empty out/, like the figures above: the fastest run counts, every run is listed (one build
  // of these 3,000 memos varied by a third from one run to the next here). The last run's out/ is moved aside, not
  // deleted, before the next run (all go at the end): on an ext4 without a journal, as on the machine these figures
  // come from, a file made within minutes of 4,000 being deleted skips past their freed inodes, and a run right after
  // deleting out/ took 1.3–1.7 s more kernel CPU (2 runs against 3 into new folders), a cost a fresh clone's first
  // build does not pay.
  const rssFile = join(many, "measure.json");
  const htmlRuns = [];
  for (let r = 0; r < RUNS; r++) {
    if (r > 0) {
      renameSync(join(many, "out"), join(many, `out-run-${r}`));
      await settle();
    }
    say(`HTML only: building ${HTML_BRIEFS * 3} memos, run ${r + 1}/${RUNS}…`);
    const html = run(
      process.execPath,
      [join(root, "scripts", "bench", "measure.js"), rssFile, "--format", "html", "--json"],
      many,
    );
    const htmlReport = json(html.stdout);
    const measured = JSON.parse(readFileSync(rssFile, "utf8"));
    if (!htmlReport.ok) throw new Error("the HTML-only build failed");
    htmlRuns.push({
      memos: htmlReport.editions.length,
      ms: html.ms,
      maxRssMb: measured.maxRssKb / 1024,
      cpuMs: measured.cpuMs,
    });
  }
  const fastest = htmlRuns.reduce((a, b) => (b.ms < a.ms ? b : a));
  // Time from the fastest run; memory from the hungriest (the target is a ceiling every run must stay under).
  figures.html = { ...fastest, maxRssMb: Math.max(...htmlRuns.map((r) => r.maxRssMb)), runs: htmlRuns };
  // The same tree again, nothing changed, through node bin/brief.js: the command a user runs (its one-line output),
  // then with --json (the whole report, 3,000 editions: a few MB to print). The first no-op of each command is the
  // full check, which writes the stamp; the next are answered from it: the first is reported apart, the next give the
  // median.
  say(`HTML only: no-op rebuilds of ${HTML_BRIEFS} briefs…`);
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const noop = () => run(process.execPath, [bin, "--format", "html"], many);
  const firstNoop = noop();
  const htmlNoops = Array.from({ length: 5 }, noop);
  if (![firstNoop, ...htmlNoops].every((n) => n.stdout.startsWith("Up to date:")))
    throw new Error("a no-op rebuild of the HTML-only tree was not up to date");
  const jsonNoop = () => run(process.execPath, [bin, "--format", "html", "--json"], many);
  const firstJson = jsonNoop();
  const jsonNoops = Array.from({ length: 5 }, jsonNoop);
  if (![firstJson, ...jsonNoops].every((n) => json(n.stdout).upToDate))
    throw new Error("a no-op rebuild of the HTML-only tree (--json) was not up to date");
  figures.html.firstNoopMs = firstNoop.ms;
  figures.html.noopMs = median(htmlNoops.map((n) => n.ms));
  figures.html.noopRuns = htmlNoops.map((n) => n.ms);
  figures.html.firstJsonNoopMs = firstJson.ms;
  figures.html.jsonNoopMs = median(jsonNoops.map((n) => n.ms));
  figures.html.jsonNoopRuns = jsonNoops.map((n) => n.ms);

  // 5. Charts: ms per chart, the shipped briefs' charts drawn as the build draws them.
  say("charts…");
  compiled();
  figures.charts = json(
    run(process.execPath, [join(root, "scripts", "bench", "charts.js"), String(flags.quick ? 3 : 10)], root).stdout,
  );

  // Where the time goes: profiles of one PDF build (concurrency 2) and of the HTML-only build.
  if (!flags["no-profile"]) {
    say("profiling…");
    const pdfProfile = join(synth, "profile");
    run(
      process.execPath,
      [
        "--cpu-prof",
        "--cpu-prof-dir",
        pdfProfile,
        bin,
        "--format",
        "pdf",
        "--force",
        "--concurrency",
        "2",
        "--out",
        "pdf",
        "--json",
      ],
      synth,
    );
    const htmlProfile = join(many, "profile");
    run(
      process.execPath,
      ["--cpu-prof", "--cpu-prof-dir", htmlProfile, bin, "--format", "html", "--force", "--json"],
      many,
    );
    figures.profiles = { pdf: summariseDir(pdfProfile), html: summariseDir(htmlProfile) };
  }
  figures.loadAfter = os.loadavg();
  say("machine speed check, again…");
  figures.speedAfter = await speedCheck();

  const out = flags.out ?? join(root, "docs", "benchmark.md");
  writeFileSync(out, renderReport(figures));
  say(`wrote ${out}`);
  process.stdout.write(`${renderReport(figures, { summary: true })}\n`);
}

try {
  await main();
} finally {
  if (!flags.keep) for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  else say(`kept ${temps.join(" ")}`);
}
