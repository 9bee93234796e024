// Hostile corpus, round two (issue 17): what the first round let through. Terminal escapes in what the CLI prints,
// templates and brand files that escape their sandbox, the preview server, output folders, and the smaller holes.
// Each case is in cases.ts with its fixture; these tests drive them one by one, each in its own project.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { makeProject, fixture, REPO, type TempProject } from "../helpers/project.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { cli } from "../../src/cli.js";
import { assembleBrief, replaceBlock } from "./harness.js";
import { build } from "../../src/build.js";
import { pdfText } from "../helpers/pdf.js";

const fixtureText = (id: string) => {
  const dir = join(REPO, "tests", "fixtures", "hostile");
  const name = readdirSync(dir).find((f) => f.startsWith(`${id}.`));
  if (!name) throw new Error(`no fixture for ${id}`);
  return readFileSync(join(dir, name), "utf8");
};
const SAMPLE = fixture("briefs/sample.md");

/** Control characters a terminal obeys (C0 but tab and newline, DEL, C1, bidi overrides). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A CLI run with colours on (a terminal, no NO_COLOR), as a user at a terminal gets it. */
async function runColour(argv: string[], cwd: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await cli(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: true, env: { PATH: process.env.PATH }, cwd });
  return { code, stdout, stderr };
}

describe("terminal escapes in what the CLI prints (h76–h78)", () => {
  let p: TempProject;
  const key = () => fixtureText("h76-terminal-key").trim();
  const fileName = fixtureText("h78-terminal-file-name").trim().replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  beforeAll(() => {
    p = makeProject({
      fine: assembleBrief("control", "fine", "").text,
      "h76-terminal-key": assembleBrief("front-matter", "h76-terminal-key", key()).text,
      "h77-terminal-title": SAMPLE.replace(/^title: .*$/m, fixtureText("h77-terminal-title").trim()),
    });
    p.write(`briefs/${fileName}.md`, assembleBrief("control", "x", "").text);
  });
  afterAll(() => p.remove());

  /** The escaped forms every run must show, and no control character reaching the terminal. */
  const expectEscaped = (r: CliRun, shown: string[], colour = false) => {
    const all = r.stdout + r.stderr;
    // With colours on, the only escape sequences left are the tool's own: SGR colours and the progress line's erase.
    const rest = colour ? all.replace(/\x1b\[[0-9;]*m|\r\x1b\[2K/g, "") : all;
    expect(rest.match(CONTROL), JSON.stringify(all)).toBeNull();
    for (const s of shown) expect(all).toContain(s);
  };

  it("h76 (build): the unknown key is printed escaped, NO_COLOR or not; the tool's colours still work", async () => {
    const plain = await runCli(["--format", "html"], p.root);
    expect(plain.code).toBe(1);
    expectEscaped(plain, ["Unknown key `evil\\u001b[2J\\u001b[H\\u001b]0;pwned\\u0007key H76` in front matter."]);
    expect(plain.stdout).toMatch(/^us\/fine +built/m);
    const colour = await runColour(["--format", "html", "--force"], p.root);
    expectEscaped(colour, ["evil\\u001b[2J\\u001b[H\\u001b]0;pwned\\u0007key H76"], true);
    expect(colour.stderr).toMatch(/\x1b\[31m/); // vfile-reporter's red, for a file with errors
  });

  it("h76 (check): the same message, escaped, in check's report and in its JSON", async () => {
    const r = await runCli(["check", "--brief", "h76-terminal-key"], p.root);
    expect(r.code).toBe(1);
    expectEscaped(r, ["Unknown key `evil\\u001b[2J\\u001b[H\\u001b]0;pwned\\u0007key H76` in front matter."]);
    const json = await runCli(["check", "--brief", "h76-terminal-key", "--json"], p.root);
    expect(json.stdout.match(CONTROL)).toBeNull();
    const messages = (JSON.parse(json.stdout) as { problems: Array<{ message: string }> }).problems.map((m) => m.message);
    expect(messages).toContain("Unknown key `evil\x1b[2J\x1b[H\x1b]0;pwned\x07key H76` in front matter. Keys here: title, subtitle, short_title, date, authors, source, audiences, marking, bluf, keywords, budgets. Remove it or fix its name.");
  });

  it("h77 (diff): a title with a screen clear, a hyperlink, concealed text, a C1 CSI and a bidi override is printed escaped", async () => {
    const r = await runCli(["diff", "h77-terminal-title", "us", "eu"], p.root);
    expect(r.code, r.stderr).toBe(0);
    expectEscaped(r, ["Escapes H77 \\u001b[2J\\u001b]8;;http://evil.example/\\u0007click here\\u001b]8;;\\u0007 \\u001b[8mhidden\\u001b[0m \\u009b2J \\u202egnp.exe (h77-terminal-title)"]);
    const colour = await runColour(["diff", "h77-terminal-title", "us", "eu"], p.root);
    expectEscaped(colour, ["\\u001b[8mhidden"]);
    expect(colour.stdout).not.toMatch(/\x1b/);
  });

  it("h78: a file name with escapes is shown escaped in the file header and the table; the other briefs are built", async () => {
    const r = await runCli(["--format", "html"], p.root);
    expect(r.code).toBe(1);
    const shown = "evil-\\u001b]0;pwned\\u0007-\\u001b[2J";
    expectEscaped(r, [`briefs/${shown}.md\n`, `us/${shown}`]);
    expect(r.stdout).toMatch(/^us\/fine +(built|cached)/m);
    expect(existsSync(join(p.root, "out", "us", `${fileName}.html`))).toBe(false);
  });
});

describe("templates that print raw or navigate away (h79–h80)", () => {
  let p: TempProject;
  const audiences = ["tilde-triple", "tilde-amp", "refresh"];
  beforeAll(() => {
    const brief = assembleBrief("control", "memo", "", audiences.join(", ")).text.replace('title: "Hostile case memo"', 'title: "<img src=x onerror=alert(1)> H79"');
    p = makeProject({ memo: brief });
    for (const a of audiences) p.write(`templates/audiences/${a}/audience.yml`, `name: ${a}\nextends: us\n`);
    p.write("templates/audiences/tilde-triple/layout.hbs", fixtureText("h79-template-unescaped-tilde"));
    p.write("templates/audiences/tilde-amp/layout.hbs", fixtureText("h79-template-unescaped-tilde").replace("{{~{brief.title}}}", "{{~&brief.title}}"));
    p.write("templates/audiences/refresh/partials/letterhead.hbs", fixtureText("h80-template-refresh-entity"));
  });
  afterAll(() => p.remove());

  it.each(["tilde-triple", "tilde-amp"])("h79: %s is refused from the parsed template, naming it and the line; nothing is written", async (a) => {
    const r = await build(p.options({ formats: ["html"], audiences: [a] }));
    const e = r.editions.find((x) => x.audience === a)!;
    expect(e.status).toBe("failed");
    expect(e.error).toBe(`templates/audiences/${a}/layout.hbs:4: triple braces \`{{{ }}}\` (unescaped output) are not allowed in templates: only the memo body is printed unescaped, as \`{{body}}\`. Use double braces.`);
    expect(existsSync(join(p.root, "out", a))).toBe(false);
  });

  it("h80: a meta refresh hidden by a character reference or a quoted `>` is dropped before printing: the PDF has the memo", async () => {
    const r = await build(p.options({ formats: ["pdf"], audiences: ["refresh"] }));
    const e = r.editions.find((x) => x.audience === "refresh")!;
    expect(e.status, e.error).toBe("built");
    expect(pdfText(join(p.root, "out", "refresh", "memo.pdf"))).toContain("Control text memo.");
  }, 120_000);
});

describe("brand files that reach into CSS, out of packages, or at special files (h81–h85)", () => {
  /** Builds a project whose brand.yml has `block` (or which `prepare` breaks); returns brand.yml's errors and the build. */
  async function brandErrors(block: string | undefined, prepare: (p: TempProject) => void = () => undefined) {
    const p = makeProject({ memo: assembleBrief("control", "memo", "").text });
    try {
      const brandPath = join(p.root, "templates", "brand.yml");
      let [from, to] = [1, 1_000];
      if (block) {
        const replaced = replaceBlock(readFileSync(brandPath, "utf8"), block);
        writeFileSync(brandPath, replaced.text);
        ({ from, to } = replaced);
      }
      prepare(p);
      const r = await build(p.options({ formats: ["html"] }));
      const errors = r.files.find((f) => f.path === "templates/brand.yml")!.messages.filter((m) => m.fatal);
      for (const m of errors) expect(m.line).toBeGreaterThanOrEqual(from), expect(m.line).toBeLessThanOrEqual(to);
      expect(r.editions.every((e) => e.status === "failed")).toBe(true);
      const out = join(p.root, "out");
      const written = existsSync(out) ? readdirSync(out, { recursive: true }).map(String).filter((f) => !f.startsWith(".cache") && f !== ".brief.lock") : [];
      return { errors: errors.map((m) => m.reason), written };
    } finally {
      p.remove();
    }
  }

  it("h81: a palette name that would close the <style> is a located error; nothing is written", async () => {
    const r = await brandErrors(fixtureText("h81-brand-css-palette"));
    expect(r.errors).toEqual(["Colour name `x:red}</style><script>alert(1)</script><style>` in `color.palette` is not usable in CSS. Use letters, digits, `-` and `_`, starting with a letter (e.g. `navy`)."]);
    expect(r.written.filter((f) => /\.html$/.test(f) && f !== "index.html")).toEqual([]);
  });

  it("h82: a font family that would close the <style> is a located error", async () => {
    const r = await brandErrors(fixtureText("h82-brand-css-family"));
    expect(r.errors).toEqual(["Font family `Evil</style><script>alert(2)</script>` may only use letters, digits, spaces, `.`, `_` and `-` (it is written into the memo's CSS). Rename it, e.g. `Source Serif 4`."]);
    expect(r.written.filter((f) => f.startsWith("assets") || /^[a-z-]+\/memo/.test(f))).toEqual([]);
  });

  it.each([
    ["the package folder is a link to /etc", (p: TempProject) => {
      mkdirSync(join(p.root, "node_modules", "@fontsource"), { recursive: true });
      symlinkSync("/etc", join(p.root, "node_modules", "@fontsource", "h83-evil"));
    }],
    ["a file of the package is a link to /etc/passwd", (p: TempProject) => {
      p.write("node_modules/@fontsource/h83-evil/package.json", '{ "name": "@fontsource/h83-evil", "version": "1.0.0" }');
      symlinkSync("/etc/passwd", join(p.root, "node_modules", "@fontsource", "h83-evil", "passwd"));
    }],
  ])("h83: %s: a located error, /etc/passwd is never copied into out/", async (_, prepare) => {
    const r = await brandErrors(fixtureText("h83-brand-font-package-link"), prepare);
    expect(r.errors).toEqual(["Font file `@fontsource/h83-evil/passwd` leads outside its package in node_modules (a link to /etc/passwd). Reinstall the package (`npm ci`), or copy the font into templates/."]);
    expect(r.written.filter((f) => f.startsWith("assets"))).toEqual([]);
  });

  it("h84: a font over LIMITS.asset is a located error naming the size and the limit", async () => {
    const r = await brandErrors(fixtureText("h84-brand-font-oversize"), (p) => {
      mkdirSync(join(p.root, "templates", "fonts"));
      writeFileSync(join(p.root, "templates", "fonts", "big.woff2"), "");
      truncateSync(join(p.root, "templates", "fonts", "big.woff2"), 5 * 1024 * 1024); // sparse: no 5 MB written
    });
    expect(r.errors).toEqual(["Font file `fonts/big.woff2` is 5242880 bytes, over the limit of 4194304. Use a smaller file (fonts subset to the scripts you print are well under 1 MB)."]);
  });

  it("h85: a logo that is a FIFO is a located error at once (no wait for a writer)", async () => {
    const r = await brandErrors(undefined, (p) => {
      rmSync(join(p.root, "templates", "logo.svg"));
      execFileSync("mkfifo", [join(p.root, fixtureText("h85-brand-logo-fifo").trim().split(" ")[1]!)]);
    });
    expect(r.errors).toEqual(["Logo `logo.svg` is not a regular file (a folder, device or pipe). Point it at a font or image file."]);
  }, 30_000);
});
