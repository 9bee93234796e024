// The build tells the CLI its size once, before the first brief is parsed (Io.tune, which main.ts points at
// src/cli/compiler-tier.ts): every selected brief on a cold or forced build, only the changed ones on an incremental
// one, and nothing when everything is up to date. Run in-process, so the test's own V8 is never retuned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../src/cli/cli.js";
import type { BuildWork } from "../src/build/report.js";
import type { Io } from "../src/cli/io.js";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";

let project: TempProject;
beforeAll(() => {
  project = makeProject({ sample: fixture("briefs/sample.md"), other: fixture("briefs/sample.md") });
});
afterAll(() => project.remove());

async function build(args: string[]): Promise<BuildWork[]> {
  const told: BuildWork[] = [];
  const io: Io = {
    stdout: () => undefined,
    stderr: () => undefined,
    isTTY: false,
    env: { PATH: process.env.PATH, NO_COLOR: "1" },
    cwd: project.root,
    tune: (work) => void told.push(work),
  };
  expect(await cli(args.includes("--format") ? args : ["--format", "html", ...args], io)).toBe(0);
  return told;
}

describe("a build's size, as the CLI learns it", () => {
  it("a forced build: once, with every brief; an up-to-date one: never; after an edit: once, with that brief", async () => {
    expect(await build(["--force"])).toEqual([{ briefs: 2, pdf: false }]);
    expect(await build([])).toEqual([]);
    project.write("briefs/other.md", project.read("briefs/other.md").replace("grain", "wheat"));
    expect(await build([])).toEqual([{ briefs: 1, pdf: false }]);
  });

  it("a build that prints PDFs says so", async () => {
    expect(await build(["--format", "pdf", "--audience", "us", "--force"])).toEqual([{ briefs: 2, pdf: true }]);
  });
});
