// Build flags through their schema: defaults, lists, and the first problem in a fixed order, as a usage error (2).
import { describe, expect, it } from "vitest";
import { buildOptions } from "../../../src/cli/flags.js";
import { BriefError } from "../../../src/shared/errors.js";
import type { Io } from "../../../src/cli/io.js";

const io = (env: NodeJS.ProcessEnv = {}): Io => ({
  stdout: () => {},
  stderr: () => {},
  isTTY: false,
  env,
  cwd: "/project",
});

function usageError(values: Record<string, unknown>, env?: NodeJS.ProcessEnv): string {
  try {
    buildOptions(values, io(env));
  } catch (error) {
    expect(error).toBeInstanceOf(BriefError);
    expect((error as BriefError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error("expected a usage error");
}

describe("build flags", () => {
  it("fill in the defaults", () => {
    const o = buildOptions({}, io());
    expect(o).toMatchObject({
      root: "/project",
      outDir: "/project/out",
      formats: ["html", "pdf"],
      briefs: [],
      audiences: [],
    });
    expect(o).toMatchObject({ force: false, inline: false, strict: false, timeoutMs: 60_000, shard: undefined });
  });

  it("read lists, numbers, the shard, SOURCE_DATE_EPOCH and the browser", () => {
    const o = buildOptions(
      {
        brief: ["a,b", " c "],
        audience: ["us"],
        format: "pdf,pdf",
        concurrency: "3",
        timeout: "5",
        shard: "2/4",
        browser: "chrome",
        out: "dist",
      },
      io({ SOURCE_DATE_EPOCH: "1700000000" }),
    );
    expect(o).toMatchObject({
      briefs: ["a", "b", "c"],
      audiences: ["us"],
      formats: ["pdf"],
      concurrency: 3,
      timeoutMs: 5000,
    });
    expect(o).toMatchObject({
      shard: { index: 2, count: 4 },
      sourceDateEpoch: 1700000000,
      browserPath: "/project/chrome",
      browserFrom: "--browser",
    });
    expect(o.outDir).toBe("/project/dist");
  });

  it("report the first problem: format, then shard, then SOURCE_DATE_EPOCH, then numbers", () => {
    expect(usageError({ format: "docx", shard: "3/2", concurrency: "0" })).toBe(
      "--format docx: expected html, pdf or html,pdf.",
    );
    expect(usageError({ shard: "3/2", concurrency: "0" })).toBe(
      "--shard 3/2: expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/4.",
    );
    expect(usageError({ concurrency: "0" }, { SOURCE_DATE_EPOCH: "soon" })).toMatch(
      /^SOURCE_DATE_EPOCH=soon: expected whole seconds/,
    );
    expect(usageError({ concurrency: "two", timeout: "0" })).toBe(
      "--concurrency two: expected a whole number of at least 1.",
    );
    expect(usageError({ timeout: "1.5" })).toBe("--timeout 1.5: expected a whole number of at least 1.");
  });
});
