// Issue 16, the rough edges a new user hits: each case here failed before the fix. CLI in-process; one PDF build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";

let project: TempProject;
beforeAll(() => {
  project = makeProject({ sample: fixture("briefs/sample.md") });
});
afterAll(() => project.remove());

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(argv, project.root, env);

/** Paths in `out` (memos, index, manifest; not assets or the cache) and the manifest's, each sorted. */
function manifestAndDisk(out: string) {
  const disk = readdirSync(out, { recursive: true })
    .map(String)
    .filter((f) => /\.(html|pdf)$/.test(f) && f !== "index.html")
    .sort();
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
    artefacts: { path: string; sha256: string }[];
  };
  for (const a of manifest.artefacts)
    expect(
      createHash("sha256")
        .update(readFileSync(join(out, a.path)))
        .digest("hex"),
      a.path,
    ).toBe(a.sha256);
  return { disk, listed: manifest.artefacts.map((a) => a.path).sort() };
}

describe("--json on an up-to-date run", () => {
  it("lists every edition, each with its status and artefacts", async () => {
    const out = join(project.root, "out-json");
    const first = await run(["--format", "html", "--out", out, "--json"]);
    expect(first.code).toBe(0);
    const second = await run(["--format", "html", "--out", out, "--json"]);
    const report = JSON.parse(second.stdout) as {
      upToDate: boolean;
      editions: { brief: string; audience: string; status: string; artefacts: { path: string }[] }[];
    };
    expect(report.upToDate).toBe(true);
    expect(report.editions.map((e) => [e.audience, e.brief, e.status, e.artefacts.map((a) => a.path)])).toEqual([
      ["eu", "sample", "cached", ["eu/sample.html"]],
      ["us", "sample", "cached", ["us/sample.html"]],
    ]);
    // --audience narrows the list as it narrows the build.
    const us = JSON.parse((await run(["--format", "html", "--out", out, "--json", "--audience", "us"])).stdout);
    expect(us.editions.map((e: { audience: string }) => e.audience)).toEqual(["us"]);
  });
});

describe("an HTML-only rebuild (what watch does) after a PDF build", () => {
  it("leaves the manifest listing exactly the files on disk, PDFs included, and index.html linking them", async () => {
    const out = join(project.root, "out-watch");
    expect((await run(["--audience", "us", "--out", out])).code).toBe(0);
    expect(manifestAndDisk(out).listed).toEqual(["us/sample.html", "us/sample.pdf"]);
    // watch rebuilds the saved brief's HTML only (briefs: [slug], formats: [html]); so does this.
    expect(
      (await run(["--brief", "sample", "--audience", "us", "--format", "html", "--force", "--out", out])).code,
    ).toBe(0);
    let { disk, listed } = manifestAndDisk(out);
    expect(listed).toEqual(disk);
    expect(listed).toEqual(["us/sample.html", "us/sample.pdf"]);
    // A whole HTML-only build does the same, and a second one finds nothing to do.
    expect((await run(["--audience", "us", "--format", "html", "--force", "--out", out])).code).toBe(0);
    ({ disk, listed } = manifestAndDisk(out));
    expect(listed).toEqual(disk);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain('href="us/sample.pdf"');
    expect((await run(["--audience", "us", "--format", "html", "--out", out])).stdout).toMatch(/^Up to date/);
  });
});

describe("usage errors: a did-you-mean, and exit 2 for every one", () => {
  it.each([
    [["--formt", "html"], "error: Unknown flag `--formt`. Did you mean `--format`?\n\nUsage:"],
    [["--audiences", "us"], "error: Unknown flag `--audiences`. Did you mean `--audience`?\n\nUsage:"],
    [
      ["check", "--sorce", "x.txt"],
      "error: Unknown flag `--sorce`. Did you mean `--source`?\n\nUsage: npm run brief -- check",
    ],
    [["diff", "--jsn"], "error: Unknown flag `--jsn`. Did you mean `--json`?\n\nUsage: npm run brief -- diff"],
    [["chek"], "error: Unknown command `chek`. Did you mean `check`? Commands: check, watch, new, diff, merge"],
    [["--force=yes"], "error: --force takes no value: write --force alone.\n\nUsage:"],
    [
      ["--brief", "sampel", "--format", "html"],
      "error: --brief sampel: no file briefs/sampel.md. Did you mean `sample`?",
    ],
    [["--audience", "uss", "--format", "html"], "error: --audience uss: no such audience. Did you mean `us`?"],
    [["check", "--brief", "sampel"], "error: --brief sampel: no file briefs/sampel.md. Did you mean `sample`?"],
  ])("%j", async (argv, start) => {
    const r = await run(argv);
    expect(r.stderr.startsWith(start), r.stderr).toBe(true);
    expect(r.code).toBe(2);
  });
});

describe("a brief path as an argument", () => {
  it("builds that brief, as --brief does", async () => {
    const out = join(project.root, "out-positional");
    const r = await run(["briefs/sample.md", "--format", "html", "--audience", "us", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^edition +status/);
    expect(r.stdout).toContain("us/sample");
    // ./briefs/x.md and an absolute path are the same brief.
    const again = await run([
      join(project.root, "briefs", "sample.md"),
      "--format",
      "html",
      "--audience",
      "us",
      "--out",
      out,
    ]);
    expect(again.code).toBe(0);
  });

  it("a path outside briefs/, a file that is not Markdown, a missing brief: usage errors that say what to do", async () => {
    const outside = await run(["notes/sample.md", "--format", "html"]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toBe(
      "error: notes/sample.md: a brief is built from the briefs/ folder. Move it to briefs/sample.md and run npm run brief -- briefs/sample.md.\n",
    );
    const txt = await run(["--format", "html", "briefs/sample.txt"]);
    expect(txt.code).toBe(2);
    expect(txt.stderr).toMatch(/^error: Unexpected argument `briefs\/sample\.txt`: the build takes brief files/);
    const missing = await run(["briefs/sampel.md", "--format", "html"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "error: briefs/sampel.md: no such brief. Did you mean `briefs/sample.md`? Briefs in briefs/: sample.\n",
    );
    // A slug alone is not a command; the error shows the way.
    const slug = await run(["sample"]);
    expect(slug.code).toBe(2);
    expect(slug.stderr).toMatch(
      /^error: Unknown command `sample`\. To build briefs\/sample\.md: npm run brief -- briefs\/sample\.md\./,
    );
  });
});

describe("check with a brief path as an argument", () => {
  it("checks that brief only, as --brief does", async () => {
    const p = makeProject({ sample: fixture("briefs/sample.md"), other: fixture("briefs/sample.md") });
    try {
      p.write("briefs/broken.md", "---\ntitle: x\n---\n"); // would fail the check if it were read
      const r = await runCli(["check", "briefs/sample.md", "--json"], p.root);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout) as { summary: { editions: Array<{ brief: string; audience: string }> } };
      expect(json.summary.editions.map((e) => `${e.audience}/${e.brief}`).sort()).toEqual(["eu/sample", "us/sample"]);
      const both = await runCli(["check", "./briefs/other.md", "--brief", "sample"], p.root);
      expect(both.code).toBe(0);
      expect((await runCli(["check", "briefs/broken.md"], p.root)).code).toBe(1);
    } finally {
      p.remove();
    }
  });

  it("an unknown path, a slug alone, a path outside briefs/: usage errors (exit 2) that name the fix", async () => {
    const missing = await run(["check", "briefs/sampel.md"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "error: briefs/sampel.md: no such brief. Did you mean `briefs/sample.md`? Briefs in briefs/: sample.\n",
    );
    const dotted = await run(["check", "./briefs/sampl.md"]);
    expect(dotted.code).toBe(2);
    expect(dotted.stderr).toMatch(
      /^error: \.\/briefs\/sampl\.md: no such brief\. Did you mean `\.\/briefs\/sample\.md`\?/,
    );
    const slug = await run(["check", "sample"]);
    expect(slug.code).toBe(2);
    expect(slug.stderr).toMatch(
      /^error: Unexpected argument `sample`: check takes brief files \(briefs\/<slug>\.md\) or --brief <slug>\. For that brief: npm run brief -- check briefs\/sample\.md\.\n\nUsage: npm run brief -- check \[briefs\/<slug>\.md \.\.\.\]/,
    );
    const outside = await run(["check", "notes/sample.md"]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toBe(
      "error: notes/sample.md: a brief is built from the briefs/ folder. Move it to briefs/sample.md and run npm run brief -- check briefs/sample.md.\n",
    );
  });
});

describe("new brief <slug>", () => {
  it("scaffolds a brief that passes check and builds for every audience", async () => {
    const p = makeProject({});
    try {
      const made = await runCli(
        ["new", "brief", "arctic-shipping", "--title", 'Arctic shipping: after the "thaw"'],
        p.root,
      );
      expect(made.stderr).toBe("");
      expect(made.code).toBe(0);
      expect(made.stdout).toMatch(
        /^Created briefs\/arctic-shipping\.md: "Arctic shipping: after the "thaw"", for eu, /,
      );
      const text = p.read("briefs/arctic-shipping.md");
      expect(text).toContain('title: "Arctic shipping: after the \\"thaw\\""');
      for (const id of ["us", "eu", "global-south", "indo-pacific"]) expect(text).toContain(`:::audience{for="${id}"}`);
      const check = await runCli(["check", "--brief", "arctic-shipping", "--json"], p.root);
      expect(check.code).toBe(0);
      expect(JSON.parse(check.stdout).summary.errors).toBe(0);
      const build = await runCli(["briefs/arctic-shipping.md", "--format", "html", "--json"], p.root);
      expect(build.code).toBe(0);
      expect(JSON.parse(build.stdout).editions.map((e: { status: string }) => e.status)).toEqual([
        "built",
        "built",
        "built",
        "built",
      ]);
      // It never overwrites, and a slug must be a slug.
      const again = await runCli(["new", "brief", "arctic-shipping"], p.root);
      expect(again).toMatchObject({
        code: 1,
        stderr: "error: briefs/arctic-shipping.md already exists. Edit it, or choose another slug.\n",
      });
      const bad = await runCli(["new", "brief", "Arctic Shipping.md"], p.root);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(
        "error: `Arctic Shipping.md` is not a valid slug: use lowercase letters, digits and hyphens (e.g. arctic-shipping).\n",
      );
      expect((await runCli(["new", "breif", "x"], p.root)).stderr).toMatch(/Did you mean `brief`\?/);
    } finally {
      p.remove();
    }
  });
});
