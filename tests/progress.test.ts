// Progress and output: a live progress line on a terminal, plain lines in CI or when piped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../src/cli/cli.js";
import type { Io } from "../src/cli/io.js";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";

let project: TempProject;
beforeAll(() => {
  project = makeProject({ sample: fixture("briefs/sample.md"), other: fixture("briefs/sample.md") });
});
afterAll(() => project.remove());

async function run(isTTY: boolean, env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY,
    env: { PATH: process.env.PATH, ...env },
    cwd: project.root,
  };
  const code = await cli(["--format", "html", "--force"], io);
  return { stdout, stderr, code };
}

describe("progress", () => {
  it("on a terminal: a progress line (done/total, the current memo) redrawn in place, cleared at the end", async () => {
    const r = await run(true, {});
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r\x1b\[2K0\/4/);
    expect(r.stderr).toMatch(/\r\x1b\[2K[1-4]\/4 (eu|us)\/(other|sample)/);
    expect(r.stderr.endsWith("\r\x1b[2K")).toBe(true);
    expect(r.stdout).toMatch(/^edition\s+status\s+pages\s+words\s+time$/m);
    expect(r.stdout).toMatch(/4 built, 0 up to date, 0 failed/);
  });

  it("issue 16: the progress line shows the time so far and, once a memo is done, an estimate of the rest", async () => {
    const r = await run(true, {});
    expect(r.stderr).toMatch(/\r\x1b\[2K0\/4 [^\r]* · \d+\.\d s(?!, about)/);
    expect(r.stderr).toMatch(/\r\x1b\[2K[1-3]\/4 (eu|us)\/(other|sample) · \d+(\.\d)? s, about \d+(\.\d)? s left/);
  });

  it("issue 16: an edition over its budget is marked in the table, and drawn in yellow on a colour terminal", async () => {
    const p = makeProject({ long: fixture("briefs/sample.md").replace("words: 600", "words: 20") });
    try {
      for (const [isTTY, env] of [
        [true, {}],
        [false, { NO_COLOR: "1" }],
      ] as const) {
        let stdout = "";
        const io: Io = {
          stdout: (s) => void (stdout += s),
          stderr: () => undefined,
          isTTY,
          env: { PATH: process.env.PATH, ...env },
          cwd: p.root,
        };
        expect(await cli(["--format", "html", "--force", "--audience", "us"], io)).toBe(0);
        expect(stdout).toMatch(/^(\x1b\[33m)?us\/long +built +– +\d+\/20 over +\d+ ms(\x1b\[39m)?$/m);
        expect(stdout.includes("\x1b[33mus/long")).toBe(isTTY);
      }
    } finally {
      p.remove();
    }
  });

  it("in CI or when piped: no control characters, the same table and summary", async () => {
    for (const r of [await run(true, { CI: "true" }), await run(false, {})]) {
      expect(r.code).toBe(0);
      expect(r.stderr).not.toMatch(/\x1b|\r/);
      expect(r.stdout).not.toMatch(/\x1b|\r/);
      expect(r.stdout).toMatch(/4 built, 0 up to date, 0 failed/);
    }
  });
});
