// The CLI in-process (runCli → cli(argv, io)): exit codes and messages. HTML-only builds, no browser needed.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, SHIPPED_AUDIENCES, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";

let project: TempProject;
beforeAll(() => {
  project = makeProject({ sample: fixture("briefs/sample.md") });
});
afterAll(() => project.remove());
afterEach(() => vi.unstubAllEnvs());

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(argv, project.root, env);
const outFiles = (out: string) => (existsSync(out) ? readdirSync(out, { recursive: true }).map(String).sort() : []);

describe("help and version", () => {
  it("--help prints the usage on stdout and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run brief -- \[command\] \[flags\]/);
    for (const flag of ["--brief", "--audience", "--format", "--out", "--concurrency", "--shard", "--json"])
      expect(r.stdout).toContain(flag);
    expect(r.stderr).toBe("");
  });

  it("-h is --help", async () => {
    expect((await run(["-h"])).stdout).toMatch(/^Usage:/);
  });

  it("--version prints the version and exits 0", async () => {
    const r = await run(["--version"]);
    expect(r).toEqual({ code: 0, stdout: "brief 0.1.0\n", stderr: "" });
  });
});

describe("usage errors exit 2 and say what is expected", () => {
  it.each([
    [["--frob"], /^error: Unknown flag `--frob`\. Flags: --brief, --audience, .*\n\nUsage: npm run brief/s],
    [["frob"], /^error: Unknown command `frob`\. Commands: check, watch, new, diff, merge \(or none, to build\)\./],
    [["--format", "pdff"], /^error: --format pdff: expected html, pdf or html,pdf\.\n$/],
    [["--format", "html,docx"], /^error: --format docx: expected html, pdf or html,pdf\.\n$/],
    [["--shard", "3/2"], /^error: --shard 3\/2: expected i\/n with 1 ≤ i ≤ n, e\.g\. --shard 2\/4\.\n$/],
    [["--shard", "0/2"], /^error: --shard 0\/2: expected i\/n/],
    [["--shard", "x"], /^error: --shard x: expected i\/n/],
    [["--concurrency", "0"], /^error: --concurrency 0: expected a whole number of at least 1\.\n$/],
    [["--concurrency", "two"], /^error: --concurrency two: expected a whole number of at least 1\.\n$/],
    [["--timeout", "1.5"], /^error: --timeout 1\.5: expected a whole number of at least 1\.\n$/],
    [["--format"], /^error: --format needs a value, e\.g\. --format html\.\n\nUsage:/],
  ])("%j", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("a bad SOURCE_DATE_EPOCH is a usage error with an example", async () => {
    const r = await run(["--format", "html"], { SOURCE_DATE_EPOCH: "yesterday" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: SOURCE_DATE_EPOCH=yesterday: expected whole seconds since 1970, e.g. $(git log -1 --format=%ct).\n",
    );
  });

  it("usage errors write nothing to the output folder", async () => {
    const out = join(project.root, "out-usage");
    await run(["--format", "pdff", "--out", out]);
    expect(existsSync(out)).toBe(false);
  });
});

describe("unknown names are usage errors (exit 2) and list the known ones", () => {
  it("--brief", async () => {
    const r = await run(["--brief", "sampel", "--format", "html", "--out", "out-names"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --brief sampel: no file briefs/sampel.md. Did you mean `sample`? Briefs: sample.\n");
  });

  it("--audience", async () => {
    const r = await run(["--audience", "uss", "--format", "html", "--out", "out-names"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: --audience uss: no such audience. Did you mean \`us\`? Audiences: ${SHIPPED_AUDIENCES.join(", ")}. A new one is a folder templates/audiences/uss/ (npm run brief -- new audience uss).\n`,
    );
    expect(outFiles(join(project.root, "out-names")).filter((f) => f.endsWith(".html"))).toEqual([]);
  });
});

describe("HTML needs no browser", () => {
  it("--format html builds with PUPPETEER_EXECUTABLE_PATH pointing to a missing file", async () => {
    vi.stubEnv("PUPPETEER_EXECUTABLE_PATH", "/nonexistent/chrome");
    const out = join(project.root, "out-html");
    const r = await run(["--format", "html", "--out", out], { PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^edition +status +pages +words +time\n/);
    for (const e of ["us", "eu"])
      expect(r.stdout).toMatch(new RegExp(`^${e}/sample +built +– +\\d+/600 +\\d+ ms$`, "m"));
    expect(r.stdout).toMatch(/\n2 built, 0 up to date, 0 failed; 0 PDF pages; [\d.]+ s → .*out-html\n$/);
    expect(outFiles(out).filter((f) => !f.startsWith(".") && !f.startsWith("assets"))).toEqual([
      "compare",
      "compare/sample.html",
      "eu",
      "eu/sample.html",
      "index.html",
      "manifest.json",
      "us",
      "us/sample.html",
    ]);
  });

  it("a second run has nothing to do and says so", async () => {
    const out = join(project.root, "out-html");
    const r = await run(["--format", "html", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Up to date: nothing changed since the last build \([\d.]+ s\)\. Use --force to rebuild\.\n$/,
    );
  });
});

describe("no browser for PDFs", () => {
  it("names the missing browser and says how to get one; exit 1; no PDF written", async () => {
    // findBrowser reads the process environment (what a user's shell sets), so set it there as well as in io.env.
    vi.stubEnv("PUPPETEER_EXECUTABLE_PATH", "/nonexistent/chrome");
    const out = join(project.root, "out-pdf");
    const r = await run(["--audience", "us", "--out", out], { PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "failed: us/sample: The browser /nonexistent/chrome (from PUPPETEER_EXECUTABLE_PATH) does not exist.\nNo Chromium or Chrome found for printing PDFs. Any of these fixes it:\n",
    );
    expect(r.stderr).toContain("apt-get install -y chromium");
    expect(r.stderr).toContain("PUPPETEER_EXECUTABLE_PATH=/path/to/chrome npm run brief");
    expect(r.stderr).toContain("npm run brief -- --format html");
    expect(r.stdout).toMatch(/0 built, 0 up to date, 1 failed/);
    expect(outFiles(out).filter((f) => f.endsWith(".pdf") || (f.endsWith(".html") && f !== "index.html"))).toEqual([]);
  });

  it("--browser with a missing file names the flag", async () => {
    const r = await run([
      "--audience",
      "us",
      "--browser",
      "/nonexistent/chromium",
      "--out",
      join(project.root, "out-pdf"),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("The browser /nonexistent/chromium (from --browser) does not exist.");
  });
});

describe("--json", () => {
  it("prints the build report: ok, upToDate, ms, editions with artefacts, problems", async () => {
    const p = makeProject({
      sample: fixture("briefs/sample.md"),
      broken: fixture("briefs/sample.md").replace("marking: TLP:CLEAR", "marking: TLP:CLEARR"),
    });
    try {
      const r = await runCli(["--format", "html", "--json"], p.root);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe("");
      const report = JSON.parse(r.stdout);
      expect(Object.keys(report).sort()).toEqual(["editions", "ms", "ok", "problems", "upToDate"]);
      expect(report).toMatchObject({ ok: false, upToDate: false });
      expect(typeof report.ms).toBe("number");
      const built = report.editions.find(
        (e: { brief: string; audience: string }) => e.brief === "sample" && e.audience === "us",
      );
      expect(built).toMatchObject({
        status: "built",
        words: expect.any(Number),
        budget: { pages: 2, words: 600 },
        warnings: [],
      });
      expect(built.artefacts).toEqual([
        {
          path: "us/sample.html",
          brief: "sample",
          title: "Grain corridors after the harvest",
          subtitle: "A test brief: short, with one block per audience",
          date: "2025-07-01",
          bluf: "Grain moves when ports stay open. Keep them open.",
          lang: "en",
          marking: "TLP:CLEAR",
          audience: "us",
          edition: "United States edition",
          format: "html",
          bytes: expect.any(Number),
          words: built.words,
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ]);
      const failed = report.editions.filter((e: { status: string }) => e.status === "failed");
      expect(failed.map((e: { brief: string; audience: string }) => `${e.audience}/${e.brief}`).sort()).toEqual([
        "eu/broken",
        "us/broken",
      ]);
      expect(failed[0].error).toBe("briefs/broken.md has errors (listed above); fix them to build its memos.");
      expect(report.problems).toEqual([
        {
          file: "briefs/broken.md",
          line: 17,
          column: 10,
          severity: "error",
          message: expect.stringMatching(
            /^Invalid `marking` in front matter: `TLP:CLEARR` is not allowed; .* Did you mean `TLP:CLEAR`\?$/,
          ),
          rule: "invalid-field",
        },
      ]);
    } finally {
      p.remove();
    }
  });
});
