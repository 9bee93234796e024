// Interrupted builds: whatever moment a build is killed at (SIGKILL included) or stopped (Ctrl+C), the next build
// leaves out/ agreeing with itself — every manifest entry describes the file on disk byte for byte (sha256), the cache
// records exactly the manifest's artefacts, no temp file is left, each memo shows its brief as it is now, and a build
// after that is "up to date". A manifest or cache from elsewhere (CI caches, downloaded shards) cannot make a build
// delete or write outside out/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { compileTool } from "./helpers/compiled.js";
import { runCli } from "./helpers/cli.js";

let tool: string;
/** The children's temp folder (TMPDIR): a build killed outright leaves its Chromium folder there, not in /tmp. */
let childTmp: string;
beforeAll(() => {
  tool = compileTool("interrupted");
  childTmp = mkdtempSync(join(tmpdir(), "brief-interrupted-tmp-"));
}, 120_000);
afterAll(() => {
  rmSync(tool, { recursive: true, force: true });
  rmSync(childTmp, { recursive: true, force: true });
});

const SAMPLE = fixture("briefs/sample.md");
const TITLE = "Grain corridors after the harvest";

/** A project with `n` briefs (two editions each: us, eu), titled "Memo NN round RRR" (always the same length). */
function project(n: number): TempProject {
  const p = makeProject({});
  for (let i = 1; i <= n; i++) p.write(`briefs/memo-${i}.md`, titled(i, 0));
  return p;
}
const titled = (i: number, round: number) =>
  SAMPLE.replace(TITLE, `Memo ${String(i).padStart(2, "0")} round ${String(round).padStart(3, "0")}`);

/** A seeded random source (mulberry32): the same kills on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the compiled CLI as a child; `killAfter` ms later it gets `signal` (unless it has finished). */
function runChild(cwd: string, args: string[], killAfter?: number, signal: NodeJS.Signals = "SIGKILL") {
  const child = spawn(process.execPath, [join(tool, "dist", "cli", "main.js"), ...args], {
    cwd,
    env: { PATH: process.env.PATH, NO_COLOR: "1", HOME: cwd, TMPDIR: childTmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const timer = killAfter !== undefined ? setTimeout(() => child.kill(signal), killAfter) : undefined;
  return {
    child,
    done: new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
      child.on("exit", (code, sig) => {
        clearTimeout(timer);
        resolve({ code, signal: sig, stderr });
      }),
    ),
  };
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}

interface Entry {
  path: string;
  brief: string;
  audience: string;
  sha256: string;
}

/** Asserts that out/ agrees with itself and with the briefs as they are now; returns the problems found. */
function disagreements(p: TempProject, rounds: Map<number, number>): string[] {
  const out = join(p.root, "out");
  const problems: string[] = [];
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { artefacts: Entry[] };
  const cache = JSON.parse(readFileSync(join(out, ".cache", "brief-cache.json"), "utf8")) as {
    editions: Record<string, { artefacts: Record<string, string> }>;
  };
  const listed = new Set(manifest.artefacts.map((e) => e.path));
  for (const e of manifest.artefacts) {
    const file = join(out, e.path);
    if (!existsSync(file)) problems.push(`${e.path}: listed, not on disk`);
    else if (sha(file) !== e.sha256) problems.push(`${e.path}: sha256 differs from the manifest`);
  }
  const cached = Object.values(cache.editions).flatMap((c) => Object.entries(c.artefacts));
  if (cached.length !== manifest.artefacts.length) problems.push(`cache has ${cached.length} artefacts`);
  for (const [path, hash] of cached)
    if (manifest.artefacts.find((e) => e.path === path)?.sha256 !== hash) problems.push(`${path}: cache disagrees`);
  for (const f of filesUnder(out)) {
    const shared = f.startsWith(".cache/") || f.startsWith("assets/") || f.startsWith("compare/");
    if (shared || f === "manifest.json" || f === "index.html") {
      if (f.endsWith(".tmp") || f.endsWith(".lock")) problems.push(`${f}: left over`);
      continue;
    }
    if (!listed.has(f)) problems.push(`${f}: on disk, not in the manifest`);
  }
  if (existsSync(join(out, ".cache", "journal.jsonl"))) problems.push("journal left after a complete build");
  for (const [i, round] of rounds)
    for (const audience of ["us", "eu"]) {
      const html = join(out, audience, `memo-${i}.html`);
      const want = `Memo ${String(i).padStart(2, "0")} round ${String(round).padStart(3, "0")}`;
      if (!existsSync(html) || !readFileSync(html, "utf8").includes(want))
        problems.push(`${audience}/memo-${i}.html does not show "${want}"`);
    }
  return problems;
}

describe("a build killed at random moments", () => {
  it("is repaired by the next build: manifest, cache and files agree, and the memos are current (24 kills)", async () => {
    const p = project(6);
    const rand = random(20261202);
    const rounds = new Map([1, 2, 3, 4, 5, 6].map((i) => [i, 0]));
    try {
      // How long an uninterrupted build of everything takes: the kills fall anywhere inside it.
      const t0 = Date.now();
      const first = await runChild(p.root, ["--format", "html"]).done;
      expect(first.code, first.stderr).toBe(0);
      const htmlMs = Date.now() - t0;
      const kills: string[] = [];
      for (let trial = 1; trial <= 24; trial++) {
        const pdf = trial % 6 === 0; // every sixth trial prints PDFs too
        for (const i of rounds.keys())
          if (rand() < 0.6) {
            rounds.set(i, trial);
            p.write(`briefs/memo-${i}.md`, titled(i, trial));
          }
        const at = Math.round(rand() * (pdf ? htmlMs * 4 : htmlMs * 1.2));
        const args = pdf ? [] : ["--format", "html"];
        const killed = await runChild(p.root, args, at).done;
        kills.push(`${trial}:${at}ms:${killed.signal ?? killed.code}`);
        // The next build, uninterrupted (in-process), repairs whatever the kill left.
        const next = await runCli(args, p.root);
        expect(next.code, `trial ${trial} (killed at ${at} ms): ${next.stderr}`).toBe(0);
        expect(disagreements(p, rounds), `trial ${trial}, killed at ${at} ms`).toEqual([]);
      }
      // Some kills must have landed mid-build (not all before start or after the end).
      expect(kills.filter((k) => k.endsWith("SIGKILL")).length, kills.join(" ")).toBeGreaterThan(12);
      const again = await runCli(["--format", "html"], p.root);
      expect(again.stdout).toMatch(/up to date/i);
    } finally {
      p.remove();
    }
  }, 600_000);
});

describe("a build stopped with Ctrl+C", () => {
  it("is not taken for up to date after the brief is reverted: the reverted memo is built again", async () => {
    const p = project(3);
    try {
      expect((await runCli(["--format", "html"], p.root)).code).toBe(0);
      // Round 1 (same length, same size on disk) is published for memo-1, then the build is stopped.
      for (const i of [1, 2, 3]) p.write(`briefs/memo-${i}.md`, titled(i, 1));
      const run = runChild(p.root, ["--format", "html", "--concurrency", "1"]);
      const file = join(p.root, "out", "us", "memo-1.html");
      for (let i = 0; i < 12_000 && !readFileSync(file, "utf8").includes("round 001"); i++)
        await new Promise((r) => setTimeout(r, 5));
      run.child.kill("SIGINT");
      await run.done;
      expect(readFileSync(file, "utf8")).toContain("round 001");
      for (const i of [1, 2, 3]) p.write(`briefs/memo-${i}.md`, titled(i, 0));
      const rebuilt = await runCli(["--format", "html"], p.root);
      expect(rebuilt.code, rebuilt.stderr).toBe(0);
      expect(readFileSync(file, "utf8")).toContain("round 000");
      expect(
        disagreements(
          p,
          new Map([
            [1, 0],
            [2, 0],
            [3, 0],
          ]),
        ),
      ).toEqual([]);
    } finally {
      p.remove();
    }
  }, 120_000);
});

describe("paths read from out/", () => {
  it("a manifest entry that climbs out of out/ deletes nothing: the manifest is not trusted", async () => {
    const p = project(1);
    try {
      const victim = p.write("victim.txt", "keep me");
      mkdirSync(join(p.root, "out"));
      const forged = {
        generator: "brief",
        artefacts: [
          {
            path: "../victim.txt",
            brief: "gone",
            title: "Gone",
            audience: "us",
            edition: "US",
            format: "html",
            bytes: 7,
            words: 1,
            sha256: "0".repeat(64),
          },
        ],
      };
      writeFileSync(join(p.root, "out", "manifest.json"), JSON.stringify(forged));
      const run = await runCli(["--format", "html"], p.root);
      expect(run.code, run.stderr).toBe(0);
      expect(readFileSync(victim, "utf8")).toBe("keep me");
    } finally {
      p.remove();
    }
  }, 60_000);

  it("a cache entry that climbs out of out/ is ignored, and nothing outside out/ is read as an artefact", async () => {
    const p = project(1);
    try {
      const victim = p.write("victim.txt", "keep me");
      p.write(
        "out/.cache/brief-cache.json",
        JSON.stringify({
          version: 2,
          extraInputs: [],
          editions: { "us/memo-1": { key: "k", artefacts: { "../victim.txt": sha(victim) } } },
          fingerprint: "x",
        }),
      );
      const run = await runCli(["--format", "html"], p.root);
      expect(run.code, run.stderr).toBe(0);
      expect(readFileSync(victim, "utf8")).toBe("keep me");
      expect(disagreements(p, new Map([[1, 0]]))).toEqual([]);
    } finally {
      p.remove();
    }
  }, 60_000);

  it("an audience folder in out/ that is a link elsewhere is not written through: that edition fails, named", async () => {
    const p = project(1);
    try {
      const elsewhere = join(p.root, "elsewhere");
      mkdirSync(elsewhere);
      mkdirSync(join(p.root, "out"));
      symlinkSync(elsewhere, join(p.root, "out", "us"));
      const run = await runCli(["--format", "html"], p.root);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/out\/us is a link/);
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(existsSync(join(p.root, "out", "eu", "memo-1.html"))).toBe(true);
    } finally {
      p.remove();
    }
  }, 60_000);
});
