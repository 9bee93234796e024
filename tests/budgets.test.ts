// Budgets: pages are checked against the real PDF; --strict turns an overrun into a failed edition.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { runCli, type CliRun } from "./helpers/cli.js";

let project: TempProject;
let lenient: CliRun;
let strict: CliRun;

beforeAll(async () => {
  const long = fixture("briefs/sample.md")
    .replace("pages: 2", "pages: 1")
    .replace("words: 600", "words: 100")
    .replace(
      "A common paragraph every edition shows.",
      `A common paragraph every edition shows. ${"Filler sentence to make the memo run long. ".repeat(160)}`,
    );
  project = makeProject({ long });
  lenient = await runCli(["--audience", "eu"], project.root);
  strict = await runCli(["--audience", "eu", "--strict", "--force"], project.root);
});
afterAll(() => project.remove());

describe("page and word budgets", () => {
  it("reports an edition over budget with its page count and the budget, and still builds it", () => {
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/warning: eu\/long: [2-9] pages, over the budget of 1\./);
    expect(lenient.stderr).toMatch(/warning: eu\/long: \d+ words, over the budget of 100\./);
    expect(lenient.stdout).toMatch(/eu\/long\s+built\s+[2-9]\/1 over\s+\d+\/100 over/);
  });

  it("--strict fails the edition and keeps the previous good artefacts", () => {
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/failed: eu\/long: .*over the budget of 1\..*--strict/);
    const manifest = JSON.parse(readFileSync(join(project.root, "out", "manifest.json"), "utf8"));
    expect(manifest.artefacts.map((a: { path: string }) => a.path)).toEqual(["eu/long.html", "eu/long.pdf"]);
    expect(existsSync(join(project.root, "out", "eu", "long.pdf"))).toBe(true);
  });
});
