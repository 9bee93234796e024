// Errors that teach: each bad input gets a message naming the file, the line where there is one, and the fix;
// out/ is left untouched for what could not be built (no new files, the previous good ones kept), every other memo is
// still built, and the exit code is 1. Builds are HTML-only (fast) except where the browser is the point.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, SHIPPED_AUDIENCES, type TempProject } from "./helpers/project.js";
import { runCli, type CliRun } from "./helpers/cli.js";
import { forgetHashes } from "../src/build/cache.js";

const SAMPLE = fixture("briefs/sample.md");

let project: TempProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
  vi.unstubAllEnvs();
});

/** Every file under out/ (but the cache) → sha256 of its bytes. */
function snapshot(out: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(out)) return files;
  for (const f of readdirSync(out, { recursive: true }).map(String)) {
    if (f.startsWith(".cache") || f === ".brief.lock") continue;
    const path = join(out, f);
    try {
      files.set(f, createHash("sha256").update(readFileSync(path)).digest("hex"));
    } catch {
      // a folder
    }
  }
  return files;
}

/** Only the entries of `files` for `editions` ("us/other", …): HTML and PDF. */
const editionFiles = (files: Map<string, string>, editions: string[]) =>
  new Map([...files].filter(([f]) => editions.some((e) => f === `${e}.html` || f === `${e}.pdf`)));

interface Scenario {
  project: TempProject;
  run: CliRun;
  before: Map<string, string>;
  after: Map<string, string>;
  manifest: Array<{ path: string }>;
}

/**
 * Builds a project with briefs `sample` and `other` (HTML), breaks it with `breakIt`, builds again with `argv`;
 * returns the second run and out/ before and after.
 */
async function scenario(breakIt: (p: TempProject) => void, argv: string[] = ["--format", "html"]): Promise<Scenario> {
  project = makeProject({
    sample: SAMPLE,
    other: SAMPLE.replace("Grain corridors after the harvest", "Another brief"),
  });
  const out = join(project.root, "out");
  const first = await runCli(["--format", "html"], project.root);
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  const before = snapshot(out);
  expect([...editionFiles(before, ["us/sample", "eu/sample", "us/other", "eu/other"]).keys()].sort()).toEqual([
    "eu/other.html",
    "eu/sample.html",
    "us/other.html",
    "us/sample.html",
  ]);
  breakIt(project);
  forgetHashes(); // a second `npm run brief` is a new process: no file hashes remembered from the first
  const run = await runCli(argv, project.root);
  const after = snapshot(out);
  const manifest = existsSync(join(out, "manifest.json"))
    ? (JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).artefacts as Array<{ path: string }>)
    : [];
  return { project, run, before, after, manifest };
}

/** What vfile-reporter prints for a file with one message. */
const located = (file: string, place: string, reason: string, rule: string) =>
  `${file}\n${place} error ${reason} ${rule} brief\n`;

/** The editions that failed left out/ as it was, and are still in the manifest; the others were built or kept up to date. */
function expectUntouched(s: Scenario, failed: string[], fine: string[]) {
  expect(editionFiles(s.after, failed)).toEqual(editionFiles(s.before, failed));
  // A reason shared by several editions over several lines is printed once: "failed: us/a, us/b:\n<reason>".
  for (const e of failed)
    expect(s.run.stderr).toMatch(new RegExp(`failed: (?:[^\\n]*, )?${e.replace("/", "\\/")}(?:, [^\\n]*)?:[ \\n]`));
  for (const e of fine) {
    expect(s.after.has(`${e}.html`), `${e}.html`).toBe(true);
    expect(s.run.stdout).toMatch(new RegExp(`^${e.replace("/", "\\/")} +(built|cached) `, "m"));
  }
  const listed = s.manifest.map((a) => a.path);
  for (const e of [...failed, ...fine]) expect(listed).toContain(`${e}.html`);
  expect(s.run.code).toBe(1);
}

describe("brief errors: the file, line:column and fix on stderr; the brief's memos kept as they were", () => {
  it("malformed YAML: an unclosed quote, at the quote", async () => {
    const s = await scenario((p) =>
      p.write(
        "briefs/other.md",
        SAMPLE.replace('title: "Grain corridors after the harvest"', 'title: "Grain corridors after the harvest'),
      ),
    );
    expect(s.run.stderr).toContain(
      located(
        "briefs/other.md",
        "2:8",
        'YAML: this double quote is never closed. Add the closing " at the end of the value.',
        "yaml-syntax",
      ),
    );
    expectUntouched(s, ["us/other", "eu/other"], ["us/sample", "eu/sample"]);
    expect(s.run.stderr).toContain(
      "failed: us/other: briefs/other.md has errors (listed above); fix them to build its memos.\n",
    );
  });

  it("malformed YAML: bad indentation", async () => {
    const s = await scenario((p) =>
      p.write("briefs/other.md", SAMPLE.replace("  publisher: Test Institute", "   publisher: Test Institute")),
    );
    expect(s.run.stderr).toContain(
      located(
        "briefs/other.md",
        "12:1",
        "YAML: All mapping items must start at the same column. Line the key up with the keys above it (indent with spaces).",
        "yaml-syntax",
      ),
    );
    expectUntouched(s, ["us/other", "eu/other"], ["us/sample", "eu/sample"]);
  });

  it("a missing required field", async () => {
    const s = await scenario((p) =>
      p.write("briefs/other.md", SAMPLE.replace('subtitle: "A test brief: short, with one block per audience"\n', "")),
    );
    expect(s.run.stderr).toContain(
      located(
        "briefs/other.md",
        "2:1",
        "Missing required `subtitle` in front matter. Add a line `subtitle: …`.",
        "missing-field",
      ),
    );
    expectUntouched(s, ["us/other", "eu/other"], ["us/sample", "eu/sample"]);
  });

  it("a missing required field inside `source`, at `source:`", async () => {
    const s = await scenario((p) => p.write("briefs/other.md", SAMPLE.replace("  publisher: Test Institute\n", "")));
    expect(s.run.stderr).toContain(
      located(
        "briefs/other.md",
        "9:1",
        "Missing required `source.publisher` in front matter. Add a line `publisher: …` under `source:`.",
        "missing-field",
      ),
    );
    expectUntouched(s, ["us/other", "eu/other"], ["us/sample", "eu/sample"]);
  });

  it("an unknown audience in `audiences`, with a suggestion", async () => {
    const s = await scenario((p) =>
      p.write("briefs/other.md", SAMPLE.replace("audiences: [us, eu]", "audiences: [us, eu, uss]")),
    );
    expect(s.run.stderr).toContain(
      located(
        "briefs/other.md",
        "16:21",
        `Unknown audience \`uss\` in \`audiences\`. Did you mean \`us\`? Known audiences: ${SHIPPED_AUDIENCES.join(", ")}. Fix the id, or add the folder templates/audiences/uss/ with an audience.yml.`,
        "unknown-audience",
      ),
    );
    expectUntouched(s, ["us/other", "eu/other"], ["us/sample", "eu/sample"]);
  });

  it("an unknown audience in a directive, at the directive", async () => {
    const s = await scenario((p) =>
      p.write("briefs/other.md", SAMPLE.replace(':::audience{not="eu"}', ':::audience{not="eu nato"}')),
    );
    const line = SAMPLE.split("\n").indexOf(':::audience{not="eu"}') + 1;
    expect(s.run.stderr).toContain(
      located(
        "briefs/other.md",
        `${line}:1-${line + 2}:4`,
        `Unknown audience \`nato\` in an audience block. Known audiences: ${SHIPPED_AUDIENCES.join(", ")}; a new one is a folder templates/audiences/nato/ with an audience.yml.`,
        "unknown-audience",
      ),
    );
    expectUntouched(s, ["us/other", "eu/other"], ["us/sample", "eu/sample"]);
  });
});

describe("audience errors", () => {
  it("an audience folder without audience.yml: the folder and the command that writes one", async () => {
    const s = await scenario((p) => p.write("templates/audiences/nato/style.css", "/* NATO */\n"));
    expect(s.run.stderr).toContain(
      "templates/audiences/nato\n error Audience folder has no audience.yml. Add one (`npm run brief -- new audience nato` writes a commented one), or delete the folder. audience-missing-config brief\n",
    );
    expect(s.run.code).toBe(1);
    expect(s.after).toEqual(s.before); // nothing to build for nato; every memo was up to date
  });

  it("an empty audience folder is reported even when nothing else changed", async () => {
    const s = await scenario((p) => mkdirSync(join(p.root, "templates", "audiences", "nato")));
    expect(s.run.stderr).toContain("templates/audiences/nato\n error Audience folder has no audience.yml.");
  });

  it("`extends` an unknown audience: at the extends line, with a suggestion", async () => {
    const s = await scenario((p) =>
      p.write("templates/audiences/nato/audience.yml", "# NATO edition\nname: NATO\nextends: eu-x\n"),
    );
    expect(s.run.stderr).toContain(
      located(
        "templates/audiences/nato/audience.yml",
        "3:10",
        `\`extends: eu-x\` names no audience. Did you mean \`eu\`? Known: ${["base", ...SHIPPED_AUDIENCES].join(", ")}.`,
        "audience-extends-unknown",
      ),
    );
    expect(s.run.code).toBe(1);
    expect(s.after).toEqual(s.before);
  });

  it("circular `extends`: each audience of the loop at its own extends line", async () => {
    const s = await scenario((p) => {
      p.write("templates/audiences/nato/audience.yml", "name: NATO\nextends: nato-mc\n");
      p.write("templates/audiences/nato-mc/audience.yml", "name: NATO MC\nextends: nato\n");
    });
    expect(s.run.stderr).toContain(
      located(
        "templates/audiences/nato/audience.yml",
        "2:10",
        "`extends: nato-mc` makes a loop (nato → nato-mc → nato). Make one audience in the loop extend `base` or another audience.",
        "audience-extends-loop",
      ),
    );
    expect(s.run.stderr).toContain(
      located(
        "templates/audiences/nato-mc/audience.yml",
        "2:10",
        "`extends: nato` makes a loop (nato-mc → nato → nato-mc). Make one audience in the loop extend `base` or another audience.",
        "audience-extends-loop",
      ),
    );
    expect(s.run.code).toBe(1);
  });

  it("a broken audience fails only its editions: a brief for every audience still gets its other memos", async () => {
    // `other` targets us, eu and global-south; global-south's audience.yml gets an unknown key.
    const s = await scenario((p) => {
      p.write(
        "templates/audiences/global-south/audience.yml",
        `${p.read("templates/audiences/global-south/audience.yml")}papr: A4\n`,
      );
    });
    expect(s.run.stderr).toMatch(
      /^templates\/audiences\/global-south\/audience\.yml\n\d+:1 +error Unknown key `papr` in audience\.yml\. Did you mean `paper`\? Remove it or fix its name\. +unknown-key +brief\n/m,
    );
    // An audience that extends it (africa-fr) cannot be built either, and says why.
    expect(s.run.stderr).toMatch(
      /^templates\/audiences\/africa-fr\/audience\.yml\n\d+:\d+ +error The parent audience `global-south` has errors/m,
    );
    expect(s.run.code).toBe(1);
    expect(s.after).toEqual(s.before);
  });
});

describe("template errors: the template's path and line; that audience's memos kept, the others built", () => {
  it("a Handlebars syntax error", async () => {
    const s = await scenario((p) =>
      p.write(
        "templates/audiences/us/partials/bluf.hbs",
        "<section>\n{{#if brief.bluf}}\n<p>{{brief.bluf}</p>\n{{/if}}\n</section>\n",
      ),
    );
    expect(s.run.stderr).toMatch(
      /failed: us\/other, us\/sample:\ntemplates\/audiences\/us\/partials\/bluf\.hbs:3: Handlebars syntax error\. Fix the template\.\n/,
    );
    expectUntouched(s, ["us/sample", "us/other"], ["eu/sample", "eu/other"]);
  });

  it("a missing partial: its name, where to add it, the partials there are", async () => {
    const s = await scenario((p) =>
      p.write(
        "templates/audiences/us/layout.hbs",
        p.read("templates/base/layout.hbs").replace("{{> bluf}}", "{{> blurb}}"),
      ),
    );
    expect(s.run.stderr).toContain(
      "failed: us/sample: templates/audiences/us/layout.hbs:33: the partial `blurb` does not exist. Did you mean `bluf`? Add templates/base/partials/blurb.hbs (or in the audience's partials/), or fix the name. Partials: bluf, end-matter, letterhead, title-block.\n",
    );
    expectUntouched(s, ["us/sample", "us/other"], ["eu/sample", "eu/other"]);
  });

  it("a value that does not exist (strict mode), with line and column", async () => {
    const s = await scenario((p) =>
      p.write(
        "templates/audiences/us/layout.hbs",
        p.read("templates/base/layout.hbs").replace("<title>{{brief.title}}", "<title>{{brief.titel}}"),
      ),
    );
    expect(s.run.stderr).toMatch(
      /failed: us\/sample: templates\/audiences\/us\/layout\.hbs:\d+:\d+: "titel" not defined\. Fix the template \(values available: lang, t\.\* \(the language pack.s messages\), brand\.\*, audience\.\*, brief\.\*, words, styles, body\)\.\n/,
    );
    expectUntouched(s, ["us/sample", "us/other"], ["eu/sample", "eu/other"]);
  });

  it("triple braces are refused at their line", async () => {
    const s = await scenario((p) =>
      p.write("templates/audiences/us/partials/bluf.hbs", "<section>\n<p>{{{brief.bluf}}}</p>\n</section>\n"),
    );
    expect(s.run.stderr).toContain(
      "failed: us/sample: templates/audiences/us/partials/bluf.hbs:2: triple braces `{{{ }}}` (unescaped output) are not allowed in templates: only the memo body is printed unescaped, as `{{body}}`. Use double braces.\n",
    );
    expectUntouched(s, ["us/sample", "us/other"], ["eu/sample", "eu/other"]);
  });
});

describe("brand errors: every memo needs the brand, so none is rebuilt and all are kept", () => {
  const all = ["us/sample", "eu/sample", "us/other", "eu/other"];

  it("an unknown colour name, with a suggestion and the palette", async () => {
    const s = await scenario((p) =>
      p.write("templates/brand.yml", p.read("templates/brand.yml").replace("primary: navy", "primary: navvy")),
    );
    const line =
      s.project
        .read("templates/brand.yml")
        .split("\n")
        .findIndex((l) => l.includes("primary: navvy")) + 1;
    expect(s.run.stderr).toContain(
      located(
        "templates/brand.yml",
        `${line}:12`,
        "Unknown colour `navvy` for `color.primary`. Did you mean `navy`? Use a name from `color.palette` (navy, slate, brick, mist, ink) or a hex value such as #1f3a5f.",
        "brand-color",
      ),
    );
    expect(s.run.stderr).toContain(
      "failed: us/sample: templates/brand.yml has errors (listed above); fix them to build any memo.\n",
    );
    expectUntouched(s, all, []);
  });

  it("a missing font file, with the nearest file of the package", async () => {
    const s = await scenario((p) =>
      p.write(
        "templates/brand.yml",
        p
          .read("templates/brand.yml")
          .replace("source-sans-3-latin-700-normal.woff2", "source-sans-3-latin-700-normall.woff2"),
      ),
    );
    const line =
      s.project
        .read("templates/brand.yml")
        .split("\n")
        .findIndex((l) => l.includes("normall")) + 1;
    expect(s.run.stderr).toContain(
      located(
        "templates/brand.yml",
        `${line}:19`,
        "Font file `@fontsource/source-sans-3/files/source-sans-3-latin-700-normall.woff2` does not exist in the installed package @fontsource/source-sans-3. Did you mean `@fontsource/source-sans-3/files/source-sans-3-latin-700-normal.woff2`? Fix the file name (the package's files are in node_modules/@fontsource/source-sans-3/files/).",
        "brand-font",
      ),
    );
    expectUntouched(s, all, []);
  });

  it("a missing brand.yml says what to add", async () => {
    const s = await scenario((p) => rmSync(join(p.root, "templates", "brand.yml")));
    expect(s.run.stderr).toMatch(
      /^error: templates\/brand\.yml cannot be read: ENOENT: .*\. Add it \(see the README's "Branding"\)\.\n$/,
    );
    expect(s.run.code).toBe(1);
    expect(s.after).toEqual(s.before);
  });
});

describe("project errors", () => {
  it("no briefs found: the folder and how to add one; out/ untouched", async () => {
    const s = await scenario((p) => {
      rmSync(join(p.root, "briefs", "sample.md"));
      rmSync(join(p.root, "briefs", "other.md"));
    });
    expect(s.run).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `error: No briefs found in briefs/. Add a brief as briefs/<slug>.md (the README's "Writing a brief" shows the format).\n`,
    });
    expect(s.after).toEqual(s.before);
  });

  it("a brief whose file name is not a slug: that file and the name to use; the others are built", async () => {
    const s = await scenario((p) => p.write("briefs/Third Brief.md", SAMPLE));
    expect(s.run.stderr).toContain(
      "briefs/Third Brief.md\n error The file name is the memo's slug and may only use lowercase letters, digits and hyphens. Rename it to briefs/third-brief.md. brief-file-name brief\n",
    );
    expect(s.run.code).toBe(1);
    expect([...s.after.keys()].filter((f) => /Third/.test(f))).toEqual([]);
    expect(editionFiles(s.after, ["us/sample", "eu/sample", "us/other", "eu/other"]).size).toBe(4);
  });

  it("no browser found: names the path tried and how to get one; the memos stay as they were", async () => {
    // findBrowser reads the process environment (what a user's shell sets).
    vi.stubEnv("PUPPETEER_EXECUTABLE_PATH", "/nonexistent/chromium");
    const s = await scenario(() => undefined, ["--format", "html,pdf"]);
    expect(s.run.stderr).toContain(
      "failed: eu/other, eu/sample, us/other, us/sample:\nThe browser /nonexistent/chromium (from PUPPETEER_EXECUTABLE_PATH) does not exist.\nNo Chromium or Chrome found for printing PDFs. Any of these fixes it:\n",
    );
    expect(s.run.stderr).toContain("apt-get update && apt-get install -y chromium");
    expect(s.run.stderr).toContain("npm run brief -- --format html");
    expectUntouched(s, ["us/sample", "eu/sample", "us/other", "eu/other"], []);
    expect([...s.after.keys()].filter((f) => f.endsWith(".pdf"))).toEqual([]);
  });

  it("out/ not writable (its parent is a file): the folder and the fix; nothing written", async () => {
    project = makeProject({ sample: SAMPLE });
    writeFileSync(join(project.root, "not-a-folder"), "x");
    const r = await runCli(["--format", "html", "--out", "not-a-folder/out"], project.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: Cannot create the output folder ${join(project.root, "not-a-folder", "out")}: ENOTDIR: not a directory, mkdir '${join(project.root, "not-a-folder", "out")}'. Choose another with --out <dir> or fix its permissions.\n`,
    );
    expect(readFileSync(join(project.root, "not-a-folder"), "utf8")).toBe("x");
  });

  it("an edition folder in out/ that cannot be written fails only its editions", async () => {
    const s = await scenario((p) => {
      p.write("briefs/other.md", SAMPLE.replace("Grain corridors after the harvest", "Another brief, edited"));
      rmSync(join(p.root, "out", "us"), { recursive: true });
      writeFileSync(join(p.root, "out", "us"), "a file where a folder should be");
    });
    expect(s.run.code).toBe(1);
    expect(s.run.stderr).toMatch(/failed: us\/other: .*out\/us/);
    expect(s.after.get("eu/other.html")).not.toBe(s.before.get("eu/other.html")); // rebuilt with the edit
    expect(s.run.stdout).toMatch(/^eu\/other +built /m);
  });
});
