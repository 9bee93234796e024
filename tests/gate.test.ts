// Issue 16, the gate: a brief that names its source text is checked against it by the build; an ungrounded figure or
// quotation stops its editions from being published (exit 1), named at its line (GitHub annotations in Actions),
// unless --allow-ungrounded. HTML-only builds: no browser.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";

const projects: TempProject[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.remove();
});

const paper = fixture("check/paper.txt");
const grounded = fixture("check/grounded.md");
const ungrounded = fixture("check/ungrounded.md").replace(
  "  date: 2025-06\n",
  "  date: 2025-06\n  text: ../sources/paper.txt\n",
);
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;

function project(): TempProject {
  const p = makeProject({ grounded, ungrounded });
  p.write("sources/paper.txt", paper);
  projects.push(p);
  return p;
}

const listed = (p: TempProject) =>
  (JSON.parse(p.read("out/manifest.json")) as { artefacts: { path: string }[] }).artefacts.map((a) => a.path).sort();

describe("the build's gate on source grounding", () => {
  it("does not publish a brief whose figures its source.text does not give; names each at its line; exit 1", async () => {
    const p = project();
    const r = await runCli(["--format", "html"], p.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("briefs/ungrounded.md");
    expect(r.stderr).toMatch(
      new RegExp(
        `${lineOf(ungrounded, "12 billion")}:\\d+-\\d+:\\d+ +error +Figure \`12 billion\` is not in the source text`,
      ),
    );
    expect(r.stderr).toContain("failed: us/ungrounded: briefs/ungrounded.md has errors (listed above)");
    expect(listed(p)).toEqual(["eu/grounded.html", "us/grounded.html"]);
    expect(existsSync(join(p.root, "out", "us", "ungrounded.html"))).toBe(false);
    // --strict as well (the spelling of the gate).
    expect((await runCli(["--format", "html", "--strict"], p.root)).code).toBe(1);
  });

  it("prints GitHub annotations when GITHUB_ACTIONS is set, so the pull request shows the line", async () => {
    const p = project();
    const r = await runCli(["--format", "html"], p.root, { GITHUB_ACTIONS: "true" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `^::error file=briefs/ungrounded\\.md,line=${lineOf(ungrounded, "12 billion")},col=\\d+,endLine=\\d+,` +
          "endColumn=\\d+,title=ungrounded-number::Figure `12 billion` is not in the source text",
        "m",
      ),
    );
    expect(r.stdout).toMatch(/^::error file=briefs\/ungrounded\.md,.*title=misquote::Quotation/m);
    // check prints the same annotations.
    const check = await runCli(["check"], p.root, { GITHUB_ACTIONS: "true" });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^::error file=briefs\/ungrounded\.md,line=\d+,.*title=ungrounded-number::/m);
    // Without GITHUB_ACTIONS, none.
    expect((await runCli(["--format", "html", "--force"], p.root)).stdout).not.toContain("::error");
  });

  it("--allow-ungrounded publishes it, with each problem as a warning", async () => {
    const p = project();
    const r = await runCli(["--format", "html", "--allow-ungrounded"], p.root);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning +Figure `12 billion` is not in the source text/);
    expect(listed(p)).toEqual(["eu/grounded.html", "eu/ungrounded.html", "us/grounded.html", "us/ungrounded.html"]);
    // The flag is part of what the cache remembers: without it, the brief is checked (and held back) again.
    const again = await runCli(["--format", "html"], p.root);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("failed: us/ungrounded");
  });

  it("a change to the source text is a change to the build: a figure it no longer gives stops the brief", async () => {
    const p = makeProject({ grounded });
    projects.push(p);
    p.write("sources/paper.txt", paper);
    expect((await runCli(["--format", "html"], p.root)).code).toBe(0);
    expect((await runCli(["--format", "html"], p.root)).stdout).toMatch(/^Up to date/);
    p.write("sources/paper.txt", paper.replace(/12 million/g, "eleven million"));
    const r = await runCli(["--format", "html"], p.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Figure `12 million` is not in the source text/);
  });

  it("a brief without source.text is built as before", async () => {
    const p = makeProject({ sample: fixture("briefs/sample.md") });
    projects.push(p);
    const r = await runCli(["--format", "html"], p.root);
    expect(r.code).toBe(0);
    expect(readFileSync(join(p.root, "out", "us", "sample.html"), "utf8")).toContain("Grain corridors");
  });
});
