// Hostile corpus, round two (issue 17): what the first round let through. Terminal escapes in what the CLI prints,
// templates and brand files that escape their sandbox, the preview server, output folders, and the smaller holes.
// Each case is in cases.ts with its fixture; these tests drive them one by one, each in its own project.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, REPO, type TempProject } from "../helpers/project.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { cli } from "../../src/cli.js";
import { assembleBrief } from "./harness.js";

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
