// Faults mid-build: signals, a crashing browser, an output folder that cannot be written, two builds at once,
// a failing edition and a stuck one. After each fault: every file in out/ is whole (the previous good one or the new
// one), manifest.json matches the disk byte for byte (sha256), no temp file or lock is left, and no Chromium process
// of the build is left running.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { makeProject, fixture, REPO, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";
import { compileTool } from "./helpers/compiled.js";
import { waitFor } from "./helpers/wait.js";
import { build } from "../src/build/build.js";

// ---- The tool, compiled once for this file (children never race other suites over the shared dist/) -----------------

let tool: string;
beforeAll(() => {
  tool = compileTool("faults");
}, 120_000);
afterAll(() => rmSync(tool, { recursive: true, force: true }));

// ---- Projects ----------------------------------------------------------------------------------------------------------

const SAMPLE = fixture("briefs/sample.md");
/** A project with `n` briefs of two editions each (us, eu). */
function project(n: number): TempProject {
  const briefs: Record<string, string> = {};
  for (let i = 1; i <= n; i++)
    briefs[`memo-${String(i).padStart(2, "0")}`] = SAMPLE.replace(
      "Grain corridors after the harvest",
      `Grain corridors ${i}`,
    );
  return makeProject(briefs);
}
/** Changes every brief so that every edition is rebuilt. */
function touchBriefs(p: TempProject, round: string): void {
  for (const name of readdirSync(join(p.root, "briefs"))) {
    const path = `briefs/${name}`;
    p.write(
      path,
      p
        .read(path)
        .replace(
          /A common paragraph every edition shows\.[^\n]*/,
          `A common paragraph every edition shows. Round ${round}.`,
        ),
    );
  }
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
function files(dir: string, prefix = ""): string[] {
  if (!existsSync(join(dir, prefix))) return [];
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}
/** Every file under `dir` with its sha256. */
const snapshot = (dir: string) => new Map(files(dir).map((f) => [f, sha(join(dir, f))]));

interface Entry {
  path: string;
  audience: string;
  brief: string;
  bytes: number;
  sha256: string;
}
const manifestOf = (out: string) =>
  (JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { artefacts: Entry[] }).artefacts;

/** What is wrong with out/: the manifest against the disk, partial files, leftovers. Empty when all is well. */
function outProblems(out: string): string[] {
  const problems: string[] = [];
  const entries = manifestOf(out);
  for (const e of entries) {
    const file = join(out, e.path);
    if (!existsSync(file)) problems.push(`${e.path}: in the manifest, not on disk`);
    else if (statSync(file).size !== e.bytes || sha(file) !== e.sha256)
      problems.push(`${e.path}: on disk, but not the bytes the manifest lists`);
  }
  const artefacts = files(out).filter(
    (f) => /^[a-z0-9-]+\/[a-z0-9-]+\.(html|pdf)$/.test(f) && !f.startsWith("assets/") && !f.startsWith("compare/"),
  );
  for (const f of artefacts)
    if (!entries.some((e) => e.path === f)) problems.push(`${f}: on disk, missing from the manifest`);
  for (const f of artefacts) {
    const bytes = readFileSync(join(out, f));
    if (f.endsWith(".pdf") && !/%%EOF\s*$/.test(bytes.subarray(-32).toString("latin1")))
      problems.push(`${f}: a partial PDF`);
    if (f.endsWith(".html") && !/<\/html>\s*$/.test(bytes.toString("utf8"))) problems.push(`${f}: a partial HTML file`);
  }
  for (const f of files(out)) if (/\.tmp$|\.brief\.lock/.test(f)) problems.push(`${f}: left behind`);
  return problems;
}

/** Temp folders of finished builds, removed after the file's tests. */
const cleanups: string[] = [];
afterAll(() => {
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
});

// ---- Child processes: a build as a user runs it, and the Chromium processes it starts ------------------------------------

interface Proc {
  pid: number;
  ppid: number;
  sid: number;
  cmd: string;
}
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (f[0] === "Z") continue; // a zombie has already exited
      out.push({
        pid: Number(d),
        ppid: Number(f[1]),
        sid: Number(f[3]),
        cmd: readFileSync(`/proc/${d}/cmdline`, "utf8").replace(/\0/g, " ").trim(),
      });
    } catch {
      // gone while reading
    }
  }
  return out;
}

interface Build {
  child: ChildProcess;
  /** Browser processes the build started (Puppeteer gives each its own session: the session id is the browser's pid). */
  browsers: number[];
  /** The build's private temp folder (TMPDIR): Chromium's profile and anything else temporary. */
  tmp: string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * Starts `brief <args>` in `cwd` as a separate process; `asUser` runs it as another user (setpriv), `tmp` gives it
 * that temp folder instead of a new one.
 */
function startBuild(
  cwd: string,
  args: string[],
  asUser?: number,
  tmp = mkdtempSync(join(tmpdir(), "brief-faults-tmp-")),
): Build {
  const home = mkdtempSync(join(tmpdir(), "brief-faults-home-")); // Chromium keeps its settings and crash reports here: not temp files
  chmodSync(tmp, 0o777);
  chmodSync(home, 0o777);
  const command = [process.execPath, join(tool, "dist", "cli", "main.js"), ...args];
  const argv =
    asUser !== undefined
      ? ["setpriv", `--reuid=${asUser}`, `--regid=${asUser}`, "--clear-groups", ...command]
      : command;
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd,
    env: { PATH: process.env.PATH, TMPDIR: tmp, HOME: home, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const browsers: number[] = [];
  const watch = setInterval(() => {
    for (const p of processes())
      if (p.ppid === child.pid && /chrom/i.test(p.cmd) && !browsers.includes(p.pid)) browsers.push(p.pid);
  }, 25);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) =>
      child.on("exit", (code, signal) => {
        clearInterval(watch);
        cleanups.push(tmp, home);
        resolve({ code, signal, stdout, stderr });
      }),
  );
  return { child, browsers, tmp, done };
}

/** Processes of the build still running: its browsers and everything in their sessions (renderers, zygotes, helpers). */
async function leftovers(b: Build): Promise<string[]> {
  const mine = (p: Proc) => b.browsers.includes(p.sid) || b.browsers.includes(p.pid) || p.ppid === b.child.pid;
  for (let i = 0; i < 100; i++) {
    if (!processes().some(mine)) return [];
    await sleep(50);
  }
  return processes()
    .filter(mine)
    .map((p) => `${p.pid} ${p.cmd.slice(0, 80)}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, test: () => boolean, ms = 60_000): Promise<void> {
  if (!(await waitFor(test, ms, 15))) throw new Error(`timed out waiting for ${what}`);
}
/** PDFs under out/ written after `since` (ms since the epoch). */
const newPdfs = (out: string, since: number) =>
  files(out).filter((f) => f.endsWith(".pdf") && statSync(join(out, f)).mtimeMs > since);

/** Starts `brief --audience us,eu` in `p` and waits for its first PDF: the moment the faults below strike at. */
async function startToFirstPdf(p: TempProject): Promise<Build> {
  const started = Date.now();
  const b = startBuild(p.root, ["--audience", "us,eu"]);
  await until("the first PDF", () => newPdfs(join(p.root, "out"), started).length > 0);
  return b;
}

// ---- The tests -----------------------------------------------------------------------------------------------------------

describe.each([
  ["SIGTERM", 143],
  ["SIGINT", 130],
] as const)("%s mid-print", (signal, exitCode) => {
  let p: TempProject;
  let before: Map<string, string>;
  beforeAll(async () => {
    p = project(10);
    const first = await build(p.options({ audiences: ["us", "eu"] }));
    expect(first.ok).toBe(true);
    before = snapshot(join(p.root, "out"));
  }, 180_000);
  afterAll(() => p.remove());

  it(`exits ${exitCode}, closes the browser, removes temp files, and leaves every artefact whole and listed`, async () => {
    touchBriefs(p, signal);
    const out = join(p.root, "out");
    const b = await startToFirstPdf(p);
    expect(b.browsers.length).toBe(1);
    b.child.kill(signal);
    const r = await b.done;
    expect(r.stderr).toContain(`error: build interrupted by ${signal}; partial files were removed`);
    expect(r.code).toBe(exitCode);
    expect(await leftovers(b)).toEqual([]);
    expect(readdirSync(b.tmp)).toEqual([]); // Chromium's profile is gone
    expect(outProblems(out)).toEqual([]);
    // Some editions were published before the signal, not all: each file is the old one or a new whole one.
    const after = snapshot(out);
    const changed = [...after].filter(([f, h]) => /\.(pdf|html)$/.test(f) && before.get(f) !== h).map(([f]) => f);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(40);
    for (const [f, h] of before)
      if (/^[a-z0-9-]+\/[a-z0-9-]+\.(pdf|html)$/.test(f) && !f.startsWith("compare/") && after.get(f) === h)
        expect(manifestOf(out).find((e) => e.path === f)?.sha256).toBe(h);
  }, 120_000);
});

describe("the browser killed mid-build", () => {
  let p: TempProject;
  beforeAll(() => {
    p = project(10);
  });
  afterAll(() => p.remove());

  it("once: Chromium is relaunched and the build completes, every edition built", async () => {
    const out = join(p.root, "out");
    const b = await startToFirstPdf(p);
    process.kill(b.browsers[0]!, "SIGKILL");
    const r = await b.done;
    expect(r.stderr).not.toContain("failed:");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^20 built, 0 up to date, 0 failed;/m);
    expect(b.browsers.length).toBe(2); // the first, killed, and its replacement
    expect(await leftovers(b)).toEqual([]);
    expect(outProblems(out)).toEqual([]);
    expect(manifestOf(out)).toHaveLength(40);
  }, 120_000);

  it("twice: the build fails cleanly with that message, keeping the previous artefacts of the editions it could not print", async () => {
    touchBriefs(p, "crash");
    const out = join(p.root, "out");
    const before = snapshot(out);
    const b = await startToFirstPdf(p);
    process.kill(b.browsers[0]!, "SIGKILL");
    const killed = Date.now();
    await until("a PDF from the relaunched browser", () => b.browsers.length === 2 && newPdfs(out, killed).length > 0);
    process.kill(b.browsers[1]!, "SIGKILL");
    const r = await b.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /failed: (us|eu)\/memo-\d\d: Chromium crashed again after being relaunched; the build stops here\./,
    );
    expect(await leftovers(b)).toEqual([]);
    expect(outProblems(out)).toEqual([]);
    // Every edition is in the manifest: new where it was printed, the previous good one where it was not.
    const entries = manifestOf(out);
    expect(entries, r.stdout + r.stderr).toHaveLength(40);
    const kept = entries.filter((e) => before.get(e.path) === e.sha256);
    expect(kept.length).toBeGreaterThan(0);
  }, 120_000);
});

describe("a build killed outright (SIGKILL)", () => {
  let p: TempProject;
  beforeAll(() => {
    p = project(2);
  });
  afterAll(() => p.remove());

  it("leaves its temp folder, which a later build removes once it has been left for an hour", async () => {
    const out = join(p.root, "out");
    const killed = await startToFirstPdf(p);
    killed.child.kill("SIGKILL");
    await killed.done;
    // Chromium ends with the build (its pipe closes); only the temp folder stays, Chromium's profile in it.
    expect(await leftovers(killed)).toEqual([]);
    const left = readdirSync(killed.tmp);
    expect(left).toEqual([expect.stringMatching(new RegExp(`^brief-chromium-${killed.child.pid}-`))]);
    const folder = join(killed.tmp, left[0]!);
    expect(readdirSync(folder)).toContain("profile");

    // A build soon after leaves it: for all it knows, it may be a build in another container, sharing the folder.
    const next = startBuild(p.root, ["--audience", "us,eu", "--force"], undefined, killed.tmp);
    expect((await next.done).code).toBe(0);
    expect(readdirSync(killed.tmp)).toEqual(left);

    // Left for an hour, it is removed by the next build; that build's own folder goes when it ends.
    const hourAgo = new Date(Date.now() - 61 * 60_000);
    utimesSync(folder, hourAgo, hourAgo);
    const later = startBuild(p.root, ["--audience", "us,eu", "--force"], undefined, killed.tmp);
    expect((await later.done).code).toBe(0);
    expect(readdirSync(killed.tmp)).toEqual([]);
    expect(outProblems(out)).toEqual([]);
  }, 120_000);
});

describe("a temp folder Chromium cannot use", () => {
  let p: TempProject;
  beforeAll(() => {
    p = project(1);
  });
  afterAll(() => p.remove());

  it("fails each edition with the folder and the fix (TMPDIR), writing no artefact and starting no browser", async () => {
    const notAFolder = join(p.root, "tmp-is-a-file");
    writeFileSync(notAFolder, "");
    const b = startBuild(p.root, ["--audience", "us,eu"], undefined, notAFolder);
    const r = await b.done;
    expect(r.code).toBe(1);
    for (const edition of ["us/memo-01", "eu/memo-01"])
      expect(r.stderr).toContain(
        `failed: ${edition}: cannot make Chromium's temp folder in ${notAFolder} (ENOTDIR: not a directory`,
      );
    expect(r.stderr).toContain("Set TMPDIR to a folder that exists, that you may write to and that has free space");
    expect(b.browsers).toEqual([]);
    expect(outProblems(join(p.root, "out"))).toEqual([]);
    expect(manifestOf(join(p.root, "out"))).toEqual([]);
  }, 60_000);
});

describe("an output folder that cannot be written", () => {
  let p: TempProject;
  let before: Map<string, string>;
  beforeAll(async () => {
    p = project(2);
    expect((await build(p.options({ audiences: ["us", "eu"] }))).ok).toBe(true);
    before = snapshot(join(p.root, "out"));
    // Everyone may read the project; out/ stays root's. Tests run as root, whom permissions do not stop: the build runs as `nobody`.
    execFileSync("chmod", ["-R", "a+rX", p.root]);
    // The tool it runs links to this checkout's node_modules: `nobody` must be able to pass through its parent
    // folders (a clone in a `mktemp -d` folder is root's alone). Search permission only, nothing made readable.
    for (let dir = REPO; dir !== dirname(dir); dir = dirname(dir)) chmodSync(dir, statSync(dir).mode | 0o001);
  }, 180_000);
  afterAll(() => p.remove());

  it("read-only out/: a clear error naming the folder and the fix, nothing written, no browser started", async () => {
    const b = startBuild(p.root, ["--audience", "us,eu", "--force"], 65534);
    const r = await b.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "error: The output folder out is not writable (EACCES): nothing was built or changed. Fix its permissions, or choose another output folder with --out <dir>.\n",
    );
    expect(snapshot(join(p.root, "out"))).toEqual(before);
    expect(b.browsers).toEqual([]);
  }, 60_000);

  it("a read-only edition folder (out/us): those editions fail with the folder and the fix, the others are published, the manifest matches", async () => {
    const out = join(p.root, "out");
    for (const f of ["", ...files(out).map((f) => f)]) {
      if (f === "" || !f.startsWith("us/")) chownSync(join(out, f), 65534, 65534);
    }
    for (const dir of [".cache", "assets", "assets/fonts", "compare", "eu"])
      if (existsSync(join(out, dir))) chownSync(join(out, dir), 65534, 65534);
    const started = Date.now();
    const b = startBuild(p.root, ["--audience", "us,eu", "--force"], 65534);
    const r = await b.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `failed: us/memo-01: Cannot write ${out}/us/memo-01\\.(html|pdf): EACCES: permission denied, open '[^']+'\\. The folder ${out}/us is not writable: fix its permissions, or choose another output folder with --out <dir>\\.`,
      ),
    );
    expect(r.stdout).toMatch(/^2 built, 0 up to date, 2 failed;/m);
    expect(outProblems(out)).toEqual([]);
    const after = snapshot(out);
    for (const f of ["us/memo-01.html", "us/memo-01.pdf", "us/memo-02.html", "us/memo-02.pdf"])
      expect(after.get(f)).toBe(before.get(f));
    expect(statSync(join(out, "eu/memo-01.pdf")).mtimeMs).toBeGreaterThan(started); // republished (the bytes may well be the same)
    expect(await leftovers(b)).toEqual([]);
  }, 120_000);

  it("an output path under a file: a clear error, nothing created", async () => {
    p.write("not-a-folder", "x");
    const r = await runCli(["--format", "html", "--out", "not-a-folder/out"], p.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: Cannot create the output folder .*not-a-folder\/out: ENOTDIR: not a directory, mkdir '[^']+'\. Choose another with --out <dir> or fix its permissions\.\n$/,
    );
  });
});

describe("two builds on the same out/", () => {
  let p: TempProject;
  beforeAll(() => {
    p = project(10);
  });
  afterAll(() => p.remove());

  it("the second fails at once with the lock message (exit 75); the first completes untouched", async () => {
    const out = join(p.root, "out");
    const a = startBuild(p.root, ["--audience", "us,eu"]);
    await until("the first build's lock", () => existsSync(join(out, ".brief.lock")));
    const second = await runCli(["--audience", "us,eu"], p.root);
    expect(second.code).toBe(75);
    expect(second.stderr).toBe(
      `error: Another build (pid ${a.child.pid}) is writing to ${relative(process.cwd(), out)}. Wait for it to finish, or use another --out folder.\n`,
    );
    const r = await a.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^20 built, 0 up to date, 0 failed;/m);
    expect(outProblems(out)).toEqual([]);
    expect(await leftovers(a)).toEqual([]);
  }, 120_000);

  it("within one process too: a second build started before the first ends is refused", async () => {
    const options = p.options({ formats: ["html"], force: true, outDir: join(p.root, "out-same") });
    const results = await Promise.allSettled([build(options), build(options)]);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/already holds the lock/);
    expect(outProblems(join(p.root, "out-same"))).toEqual([]);
  });

  it("a lock left by a build that died is taken over", async () => {
    const outDir = join(p.root, "out-stale");
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, ".brief.lock"), "2147483646 deadbeef\n");
    const r = await build(p.options({ formats: ["html"], outDir }));
    expect(r.ok).toBe(true);
    expect(existsSync(join(outDir, ".brief.lock"))).toBe(false);
    expect(outProblems(outDir)).toEqual([]);
  });
});

describe("editions that fail", () => {
  let p: TempProject;
  let before: Map<string, string>;
  let run: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    p = project(3);
    expect((await build(p.options({ audiences: ["us"] }))).ok).toBe(true);
    before = snapshot(join(p.root, "out"));
    // memo-02 loses a required section; memo-01 changes; memo-04 is heavy enough that printing outlasts the time limit.
    p.write("briefs/memo-02.md", p.read("briefs/memo-02.md").replace("## Analysis", "## Not analysis"));
    touchBriefs(p, "fail");
    const table = (rows: number) =>
      `| ${Array.from({ length: 30 }, (_, i) => `c${i}`).join(" | ")} |\n|${"---|".repeat(30)}\n${`| ${Array(30).fill("12.5").join(" | ")} |\n`.repeat(rows)}`;
    const heavy = Array.from(
      { length: 8 },
      () => `${table(220)}\n\n${"The ports stayed open all season and insurance costs fell by a third. ".repeat(30)}`,
    ).join("\n\n");
    p.write(
      "briefs/memo-04.md",
      SAMPLE.replace("A common paragraph every edition shows.", `A common paragraph every edition shows.\n\n${heavy}`)
        // A budget that keeps it under the page cap: it is to be stopped by the time limit, not refused for length.
        .replace("budgets:\n  pages: 2", "budgets:\n  pages: 30"),
    );
    run = await runCli(["--audience", "us", "--timeout", "3"], p.root);
  }, 240_000);
  afterAll(() => p.remove());

  it("a broken brief and a stuck memo do not stop the others: exit 1, and the summary names each failure and why", () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^us\/memo-01 +built/m);
    expect(run.stdout).toMatch(/^us\/memo-03 +built/m);
    expect(run.stdout).toMatch(/^2 built, 0 up to date, 2 failed;/m);
    expect(run.stderr).toContain(
      "failed: us/memo-02: briefs/memo-02.md has errors (listed above); fix them to build its memos.\n",
    );
    expect(run.stderr).toMatch(/briefs\/memo-02\.md\n[\s\S]*?Missing section `## Analysis`/);
  });

  it("the stuck memo's error names the step and the edition", () => {
    expect(run.stderr).toMatch(
      /failed: us\/memo-04: us\/memo-04: (loading the page|loading the fonts|printing the PDF) took longer than 3 s and was stopped\. Simplify the brief \(very large tables or images\?\) or raise --timeout\.\n/,
    );
  });

  it("the previous good artefacts of the failed edition are kept and listed; the manifest matches the disk", () => {
    const out = join(p.root, "out");
    expect(outProblems(out)).toEqual([]);
    const after = snapshot(out);
    for (const f of ["us/memo-02.html", "us/memo-02.pdf"]) {
      expect(after.get(f)).toBe(before.get(f));
      expect(manifestOf(out).find((e) => e.path === f)?.sha256).toBe(before.get(f));
    }
    expect(after.get("us/memo-01.pdf")).not.toBe(before.get("us/memo-01.pdf"));
    expect(existsSync(join(out, "us/memo-04.pdf"))).toBe(false);
    expect(manifestOf(out).some((e) => e.brief === "memo-04")).toBe(false);
  });
});
