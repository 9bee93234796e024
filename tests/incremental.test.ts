// Incremental builds: a no-op rebuild launches no browser and loads nothing heavy; a change
// rebuilds exactly the editions that depend on it; --force rebuilds all; a deleted artefact comes back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { makeProject, fixture, REPO, type TempProject } from "./helpers/project.js";
import { build } from "../src/build/build.js";
import { STAT_LIMITS } from "../src/build/stamp.js";
import type { BuildReport } from "../src/build/report.js";
import type { BuildOptions } from "../src/shared/options.js";

let project: TempProject;
let first: BuildReport;
let noop: BuildReport;

const status = (r: BuildReport) => Object.fromEntries(r.editions.map((e) => [`${e.audience}/${e.brief}`, e.status]));

beforeAll(async () => {
  project = makeProject({
    sample: fixture("briefs/sample.md"),
    second: fixture("briefs/sample.md").replace("Grain corridors after the harvest", "A second brief"),
  });
  first = await build(project.options());
  noop = await build(project.options());
});
afterAll(() => project.remove());

describe("a no-op rebuild", () => {
  it("reports up to date, builds nothing and launches no browser", () => {
    expect(first.ok).toBe(true);
    expect(first.browserLaunched).toBe(true);
    expect(first.editions.map((e) => e.status)).toEqual(["built", "built", "built", "built"]);
    expect(noop).toMatchObject({ ok: true, upToDate: true, browserLaunched: false });
    // Every edition is listed, cached, with the artefacts the manifest has (issue 16: --json lists them).
    expect(noop.editions.map((e) => e.status)).toEqual(["cached", "cached", "cached", "cached"]);
    expect(noop.editions.flatMap((e) => e.artefacts.map((a) => a.path)).sort()).toEqual(
      first.editions.flatMap((e) => e.artefacts.map((a) => a.path)).sort(),
    );
  });

  it("sweeps the temp files a killed build left, and stays a no-op", async () => {
    // Named as writeAtomic (and the lock, written aside) name them: .<name>.<pid>.<8 hex>.tmp, where a killed build
    // leaves them.
    const temps = [
      "out/us/.sample.pdf.4242.0badf00d.tmp",
      "out/.manifest.json.4242.deadbeef.tmp",
      "out/eu/.x.1.12345678.tmp",
      "out/..brief.lock.4242.0badf00d.tmp", // the lock written aside, left by a build killed while taking the lock
    ];
    for (const t of temps) project.write(t, "half-written");
    const kept = project.write("out/us/.notes.tmp", "not a temp of ours"); // another name: never touched
    const again = await build(project.options());
    expect(again).toMatchObject({ ok: true, upToDate: true, browserLaunched: false });
    expect(temps.filter((t) => existsSync(join(project.root, t)))).toEqual([]);
    expect(existsSync(kept)).toBe(true);
    rmSync(kept);
  });

  it("launches no browser either when the whole-build check misses but every edition is cached", async () => {
    const some = await build(project.options({ briefs: ["sample"] }));
    expect(some.upToDate).toBe(false);
    expect(some.browserLaunched).toBe(false);
    expect(status(some)).toEqual({ "eu/sample": "cached", "us/sample": "cached" });
  });

  it("loads neither the build steps, unified nor Puppeteer, then nothing but its stamp check (the CLI in a child process, every module it resolves logged)", () => {
    // A module-resolution hook writes each resolved URL to a log: a module that loads shows up there.
    const log = join(project.root, "modules.log");
    project.write(
      "hooks.mjs",
      `import { appendFileSync } from "node:fs";\nlet log;\nexport function initialize(data) { log = data.log; }\nexport async function resolve(specifier, context, next) {\n  const r = await next(specifier, context);\n  appendFileSync(log, r.url + "\\n");\n  return r;\n}\n`,
    );
    project.write(
      "register.mjs",
      `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(project.root, "hooks.mjs")).href)}, { data: { log: ${JSON.stringify(log)} } });\n`,
    );
    const cli = () => {
      rmSync(log, { force: true });
      const out = execFileSync(
        process.execPath,
        ["--import", "./register.mjs", join(REPO, "bin", "brief.js"), "--out", "out-cli", "--json"],
        {
          cwd: project.root,
          env: { PATH: process.env.PATH, NO_COLOR: "1" },
          encoding: "utf8",
        },
      );
      const resolved = readFileSync(log, "utf8");
      // The CLI runs from its bundle (scripts/bundle.js): each module's code in it starts with a `// <path>` line, so
      // the modules a run loads are the files it resolved plus the modules their code holds.
      const held = [...new Set(resolved.split("\n"))]
        .filter((url) => url.includes("/dist/bundle/"))
        .flatMap(
          (url) =>
            readFileSync(new URL(url), "utf8").match(
              /^\/\/ (?:\.\.\/)*(?:[\w.@-]+\/)*?(?:node_modules|dist)\/[\w./@+-]+\.[cm]?js(?:on)?$/gm,
            ) ?? [],
        )
        .map((line) => `bundled: /${line.slice(3)}`);
      return {
        report: JSON.parse(out.slice(out.indexOf("{"))) as { ok: boolean; upToDate: boolean },
        modules: `${resolved}\n${held.join("\n")}`,
      };
    };
    const built = cli();
    expect(built.report.ok).toBe(true);
    expect(built.modules).toMatch(/\/dist\/bundle\/main\.js/); // the CLI starts from its bundle
    expect(built.modules).toMatch(/\/dist\/build\/run\.js/); // the log sees what a real build loads
    expect(built.modules).toMatch(/puppeteer-core/);
    // …but not what Puppeteer's browser downloads need (scripts/bundle.js stubs proxy-agent out of the bundle).
    expect(built.modules).not.toMatch(/node_modules\/(?:proxy-agent|pac-resolver|@tootallnate\/quickjs-emscripten)\//);
    expect(built.modules).toMatch(/node_modules\/micromark\//);
    // No brief names a source text: the grounding check is not loaded. The fonts' character maps are read without
    // fontkit (load/font-cmap.ts).
    expect(built.modules).not.toMatch(/\/dist\/check\/gate\.js|\/fontkit\//);
    // Up to date, unless the tool itself was recompiled in between (then once more).
    let again = cli();
    for (let i = 0; i < 2 && !again.report.upToDate; i++) again = cli();
    expect(again.report.upToDate).toBe(true);
    expect(again.modules).toMatch(/\/dist\/build\/build\.js/);
    expect(again.modules).not.toMatch(/\/dist\/build\/run\.js|puppeteer|\/unified\/|micromark|handlebars|pdf-lib/);
    // Once every file is older than the stamp's 2 s window, a no-op records what it looked at (out/.cache/
    // up-to-date.json), and the same command after it is answered from that stamp: no CLI, no zod, no build step.
    const wait = Date.now() + 2_100;
    while (Date.now() < wait) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    const stamping = cli();
    expect(stamping.report.upToDate).toBe(true);
    const stamped = cli();
    expect(stamped.report).toMatchObject({ ok: true, upToDate: true });
    expect(stamped.modules).toMatch(/\/dist\/cli\/fast-path\.js/);
    expect(stamped.modules).not.toMatch(/\/dist\/cli\/cli\.js|\/dist\/build\/build\.js|zod|yaml/);
  }, 120_000);
});

describe("what a change rebuilds (HTML only, no browser)", () => {
  const html = (partial: Partial<BuildOptions> = {}) =>
    project.options({ formats: ["html"], outDir: join(project.root, "out-html"), ...partial });
  let base: BuildReport;
  beforeAll(async () => {
    base = await build(html());
  });

  it("a changed brief rebuilds only its own editions", async () => {
    expect(base.ok).toBe(true);
    project.write(
      "briefs/second.md",
      project.read("briefs/second.md").replace("The ports stayed open all season.", "The ports stayed open all year."),
    );
    const r = await build(html());
    expect(status(r)).toEqual({
      "eu/sample": "cached",
      "us/sample": "cached",
      "eu/second": "built",
      "us/second": "built",
    });
    expect(readFileSync(join(project.root, "out-html", "us", "second.html"), "utf8")).toContain("open all year");
  });

  it("a changed audience template rebuilds that audience's editions only", async () => {
    project.write(
      "templates/audiences/eu/audience.yml",
      project
        .read("templates/audiences/eu/audience.yml")
        .replace(/^addressee: .*$/m, 'addressee: "For: the Council working party"'),
    );
    const r = await build(html());
    expect(status(r)).toEqual({
      "eu/sample": "built",
      "us/sample": "cached",
      "eu/second": "built",
      "us/second": "cached",
    });
    expect(readFileSync(join(project.root, "out-html", "eu", "sample.html"), "utf8")).toContain(
      "the Council working party",
    );
  });

  it("a deleted artefact is rebuilt, and nothing else", async () => {
    rmSync(join(project.root, "out-html", "us", "sample.html"));
    const r = await build(html());
    expect(r.upToDate).toBe(false);
    expect(status(r)).toEqual({
      "eu/sample": "cached",
      "us/sample": "built",
      "eu/second": "cached",
      "us/second": "cached",
    });
    expect(existsSync(join(project.root, "out-html", "us", "sample.html"))).toBe(true);
  });

  it("then nothing is left to do, and --force rebuilds everything", async () => {
    expect((await build(html())).upToDate).toBe(true);
    const forced = await build(html({ force: true }));
    expect(Object.values(status(forced))).toEqual(["built", "built", "built", "built"]);
  });

  it("a changed brief is caught by the whole-build check even when its size stays the same", async () => {
    const text = project.read("briefs/sample.md");
    writeFileSync(join(project.root, "briefs", "sample.md"), text.replace("Keep them open.", "Keep them OPEN."));
    const r = await build(html());
    expect(r.upToDate).toBe(false);
    expect(status(r)["us/sample"]).toBe("built");
  });
});

describe("a build in fewer formats than the last one", () => {
  it("keeps the PDFs that are still current, listed, and removes those of a changed brief", async () => {
    const p = makeProject({
      sample: fixture("briefs/sample.md"),
      second: fixture("briefs/sample.md").replace("Grain corridors after the harvest", "A second brief"),
    });
    try {
      const out = join(p.root, "out");
      const listed = () =>
        (
          JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { artefacts: Array<{ path: string }> }
        ).artefacts
          .map((a) => a.path)
          .filter((path) => path.startsWith("us/"));
      expect((await build(p.options({ audiences: ["us"] }))).ok).toBe(true);
      const pdf = readFileSync(join(out, "us", "sample.pdf"));
      // Nothing changed: `--format html` has nothing to build, and the PDFs stay.
      const html = await build(p.options({ formats: ["html"], audiences: ["us"] }));
      expect(html.editions.filter((e) => e.status === "built")).toEqual([]);
      expect(listed()).toEqual(["us/sample.html", "us/sample.pdf", "us/second.html", "us/second.pdf"]);
      // A changed brief: its new HTML, and no PDF of the older text beside it; the other brief keeps its PDF.
      p.write("briefs/second.md", p.read("briefs/second.md").replace("A second brief", "A changed second brief"));
      expect((await build(p.options({ formats: ["html"], audiences: ["us"] }))).ok).toBe(true);
      expect(listed()).toEqual(["us/sample.html", "us/sample.pdf", "us/second.html"]);
      expect(existsSync(join(out, "us", "second.pdf"))).toBe(false);
      expect(readFileSync(join(out, "us", "sample.pdf")).equals(pdf)).toBe(true);
      // The full build again prints only the changed brief's PDFs.
      const full = await build(p.options({ audiences: ["us"] }));
      expect(status(full)).toEqual({ "us/sample": "cached", "us/second": "built" });
    } finally {
      p.remove();
    }
  }, 180_000);
});

describe("the status table (out/.cache/stats.json): files unchanged since they were hashed are not read again", () => {
  const html = () => project.options({ formats: ["html"], outDir: join(project.root, "out-stats") });
  const stats = () => join(project.root, "out-stats", ".cache", "stats.json");
  const brief = () => join(project.root, "briefs", "second.md");
  const artefact = () => join(project.root, "out-stats", "us", "sample.html");

  const recordedAt = (path: string) =>
    (JSON.parse(readFileSync(stats(), "utf8")) as Record<string, number[]>)[path]![4]!;

  beforeAll(async () => {
    // Entries hashed within 2 s of a file's last change are not trusted; here every entry is, so that no test waits.
    STAT_LIMITS.racyMs = -Infinity;
    expect((await build(html())).ok).toBe(true);
    expect((await build(html())).upToDate).toBe(true);
  }, 60_000);
  afterAll(() => void (STAT_LIMITS.racyMs = 2_000));

  it("records the briefs and the artefacts, and the next no-op trusts it: nothing re-read, the table not rewritten", async () => {
    const table = JSON.parse(readFileSync(stats(), "utf8")) as Record<string, unknown[]>;
    expect(Object.keys(table)).toEqual(expect.arrayContaining([brief(), artefact()]));
    const before = readFileSync(stats(), "utf8");
    expect((await build(html())).upToDate).toBe(true);
    expect(readFileSync(stats(), "utf8")).toBe(before);
  });

  it("does not trust an entry hashed within the window after the file's last change: it is read again", async () => {
    const before = recordedAt(artefact());
    STAT_LIMITS.racyMs = 3_600_000; // every file here changed within the last hour
    try {
      expect((await build(html())).upToDate).toBe(true);
    } finally {
      STAT_LIMITS.racyMs = -Infinity;
    }
    expect(recordedAt(artefact())).toBeGreaterThan(before); // hashed again, and recorded anew
  });

  it("a brief rewritten with the same size and its old modification time is still rebuilt", async () => {
    // A whole second, which utimes sets exactly: the rewritten file's modification time is then the recorded one.
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(brief(), mtime, mtime);
    expect((await build(html())).upToDate).toBe(true); // the same bytes, recorded under that status
    const { size } = statSync(brief());
    const text = readFileSync(brief(), "utf8");
    const changed = text.replace("The ports stayed open", "The ports stayed OPEN");
    expect(Buffer.byteLength(changed)).toBe(size);
    writeFileSync(brief(), changed);
    utimesSync(brief(), mtime, mtime); // only the change time tells
    expect(statSync(brief()).mtimeMs).toBe(mtime.getTime());
    const r = await build(html());
    expect(status(r)).toMatchObject({ "us/second": "built", "eu/second": "built", "us/sample": "cached" });
  });

  it("an artefact changed in place with the same size is rebuilt", async () => {
    const original = readFileSync(artefact(), "utf8");
    writeFileSync(artefact(), original.replace("<html", "<HTML"));
    const r = await build(html());
    expect(r.upToDate).toBe(false);
    expect(status(r)["us/sample"]).toBe("built");
    expect(readFileSync(artefact(), "utf8")).toBe(original);
  });

  it("a damaged table is ignored: every file is hashed from its bytes, and the build is right", async () => {
    writeFileSync(stats(), '{"not": "a table"');
    expect((await build(html())).upToDate).toBe(true);
    writeFileSync(stats(), JSON.stringify({ [artefact()]: [1, 2, 3, 4, 5, "0".repeat(64)] }));
    expect((await build(html())).upToDate).toBe(true); // a stale entry never matches the file's status
  });
});
