// Render threads (large builds parse and render briefs on worker threads): a brief that runs past the deadline stops
// its thread and fails with a located error naming the file and what to simplify; the other briefs are built, and
// the thread is replaced. Runs the compiled tool (threads need JavaScript, not TypeScript under the test runner); the
// test's own copy of it is made to spin for ever on one brief, as a parser bomb the limits did not foresee would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { compileTool } from "./helpers/compiled.js";
import { fixture, makeProject } from "./helpers/project.js";

let tool: string;
beforeAll(() => {
  tool = compileTool("threads");
  const stages = join(tool, "dist", "build", "brief-stages.js");
  const code = readFileSync(stages, "utf8");
  const patched = code.replace(
    /export (?:async )?function runBriefStages\(([^)]*)\) \{/,
    (m) => `${m}\n  if (source.slug === "memo-09") for (;;);`,
  );
  if (patched === code) throw new Error("runBriefStages not found in the compiled tool");
  writeFileSync(stages, patched);
  // The stuck brief's thread is never stopped by its deadline in the child builds: only a signal can end them.
  const pool = join(tool, "dist", "build", "stage-pool.js");
  const poolCode = readFileSync(pool, "utf8");
  const unbounded = poolCode.replace(/deadlineMs: 60_?000/, "deadlineMs: 86_400_000");
  if (unbounded === poolCode) throw new Error("POOL_LIMITS not found in the compiled tool");
  writeFileSync(pool, unbounded);
}, 120_000);
afterAll(() => rmSync(tool, { recursive: true, force: true }));

describe("a brief that takes too long on a render thread", () => {
  it("fails alone, at its file, and the other briefs are built", async () => {
    const sample = fixture("briefs/sample.md");
    const briefs: Record<string, string> = {};
    for (let i = 1; i <= 17; i++) briefs[`memo-${String(i).padStart(2, "0")}`] = sample;
    const p = makeProject(briefs);
    try {
      const pool = (await import(
        join(tool, "dist", "build", "stage-pool.js")
      )) as typeof import("../src/build/stage-pool.js");
      const { build } = (await import(
        join(tool, "dist", "build", "build.js")
      )) as typeof import("../src/build/build.js");
      const { resolveOptions } = (await import(
        join(tool, "dist", "shared", "options.js")
      )) as typeof import("../src/shared/options.js");
      pool.POOL_LIMITS.deadlineMs = 20_000; // far past any real brief here, even on a loaded machine
      const report = await build(resolveOptions(p.root, { formats: ["html"], audiences: ["us"] }));
      pool.POOL_LIMITS.deadlineMs = 60_000;
      const slow = report.files.find((f) => f.path.endsWith("memo-09.md"))!;
      expect(slow.messages.map((m) => m.reason)).toEqual([
        expect.stringMatching(/memo-09\.md took longer than 20 s to parse and render, and was stopped: simplify/),
      ]);
      expect(slow.messages[0]!.fatal).toBe(true);
      expect(slow.messages[0]!.line).toBe(1);
      expect(report.ok).toBe(false);
      const built = report.editions.filter((e) => e.status === "built").map((e) => e.brief);
      expect(built).toHaveLength(16);
      expect(built).not.toContain("memo-09");
      expect(existsSync(join(p.root, "out", "us", "memo-10.html"))).toBe(true);
      expect(existsSync(join(p.root, "out", "us", "memo-09.html"))).toBe(false);
    } finally {
      p.remove();
    }
  }, 180_000);

  it("does not hold up SIGTERM: the build stops at once with exit code 143", async () => {
    const sample = fixture("briefs/sample.md");
    const briefs: Record<string, string> = {};
    for (let i = 1; i <= 17; i++) briefs[`memo-${String(i).padStart(2, "0")}`] = sample;
    const p = makeProject(briefs);
    try {
      const child = spawn(process.execPath, [join(tool, "dist", "cli", "main.js"), "--format", "html"], {
        cwd: p.root,
        env: { PATH: process.env.PATH, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      // Wait until the other briefs are out: memo-09 is then spinning on its thread (the deadline is 60 s).
      const file = join(p.root, "out", "us", "memo-17.html");
      for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(file), stderr).toBe(true);
      child.kill("SIGTERM");
      // The thread's deadline is a day in this copy of the tool: without closing the pool on a signal, the build
      // would never exit and the test would time out.
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(143);
    } finally {
      p.remove();
    }
  }, 180_000);
});
