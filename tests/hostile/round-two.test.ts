// Hostile corpus, round two (issue 17): what the first round let through. Terminal escapes in what the CLI prints,
// templates and brand files that escape their sandbox, the preview server, output folders, and the smaller holes.
// Each case is in cases.ts with its fixture; these tests drive them one by one, each in its own project.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { execFileSync } from "node:child_process";
import { request } from "node:http";
import { deflateSync } from "node:zlib";
import { join } from "node:path";
import { makeProject, fixture, REPO, type TempProject } from "../helpers/project.js";
import { runCli, type CliRun } from "../helpers/cli.js";
import { cli } from "../../src/cli/cli.js";
import { assembleBrief, replaceBlock } from "./harness.js";
import { build } from "../../src/build/build.js";
import { pdfText } from "../helpers/pdf.js";
import { editionFailureText } from "../../src/cli/wording.js";
import { startPreview } from "../../src/cli/watch/preview.js";

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
  const code = await cli(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: true,
    env: { PATH: process.env.PATH },
    cwd,
  });
  return { code, stdout, stderr };
}

describe("terminal escapes in what the CLI prints (h76–h78)", () => {
  let p: TempProject;
  const key = () => fixtureText("h76-terminal-key").trim();
  const fileName = fixtureText("h78-terminal-file-name")
    .trim()
    .replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
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
    const messages = (JSON.parse(json.stdout) as { problems: Array<{ message: string }> }).problems.map(
      (m) => m.message,
    );
    expect(messages).toContain(
      "Unknown key `evil\x1b[2J\x1b[H\x1b]0;pwned\x07key H76` in front matter. Keys here: title, subtitle, short_title, date, authors, source, audiences, marking, bluf, keywords, lang, budgets. Remove it or fix its name.",
    );
  });

  it("h77 (diff): a title with a screen clear, a hyperlink, concealed text, a C1 CSI and a bidi override is printed escaped", async () => {
    const r = await runCli(["diff", "h77-terminal-title", "us", "eu"], p.root);
    expect(r.code, r.stderr).toBe(0);
    expectEscaped(r, [
      "Escapes H77 \\u001b[2J\\u001b]8;;http://evil.example/\\u0007click here\\u001b]8;;\\u0007 \\u001b[8mhidden\\u001b[0m \\u009b2J \\u202egnp.exe (h77-terminal-title)",
    ]);
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
    const brief = assembleBrief("control", "memo", "", audiences.join(", ")).text.replace(
      'title: "Hostile case memo"',
      'title: "<img src=x onerror=alert(1)> H79"',
    );
    p = makeProject({ memo: brief });
    for (const a of audiences) p.write(`templates/audiences/${a}/audience.yml`, `name: ${a}\nextends: us\n`);
    p.write("templates/audiences/tilde-triple/layout.hbs", fixtureText("h79-template-unescaped-tilde"));
    p.write(
      "templates/audiences/tilde-amp/layout.hbs",
      fixtureText("h79-template-unescaped-tilde").replace("{{~{brief.title}}}", "{{~&brief.title}}"),
    );
    p.write("templates/audiences/refresh/partials/letterhead.hbs", fixtureText("h80-template-refresh-entity"));
  });
  afterAll(() => p.remove());

  it.each(["tilde-triple", "tilde-amp"])(
    "h79: %s is refused from the parsed template, naming it and the line; nothing is written",
    async (a) => {
      const r = await build(p.options({ formats: ["html"], audiences: [a] }));
      const e = r.editions.find((x) => x.audience === a)!;
      expect(e.status).toBe("failed");
      expect(editionFailureText(e)).toBe(
        `templates/audiences/${a}/layout.hbs:4: triple braces \`{{{ }}}\` (unescaped output) are not allowed in templates: only the memo body is printed unescaped, as \`{{body}}\`. Use double braces.`,
      );
      expect(existsSync(join(p.root, "out", a))).toBe(false);
    },
  );

  it("h80: a meta refresh hidden by a character reference or a quoted `>` is dropped before printing: the PDF has the memo", async () => {
    const r = await build(p.options({ formats: ["pdf"], audiences: ["refresh"] }));
    const e = r.editions.find((x) => x.audience === "refresh")!;
    expect(e.status, editionFailureText(e)).toBe("built");
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
      for (const m of errors) (expect(m.line).toBeGreaterThanOrEqual(from), expect(m.line).toBeLessThanOrEqual(to));
      expect(r.editions.every((e) => e.status === "failed")).toBe(true);
      const out = join(p.root, "out");
      const written = existsSync(out)
        ? readdirSync(out, { recursive: true })
            .map(String)
            .filter((f) => !f.startsWith(".cache") && f !== ".brief.lock")
        : [];
      return { errors: errors.map((m) => m.reason), written };
    } finally {
      p.remove();
    }
  }

  it("h81: a palette name that would close the <style> is a located error; nothing is written", async () => {
    const r = await brandErrors(fixtureText("h81-brand-css-palette"));
    expect(r.errors).toEqual([
      "Colour name `x:red}</style><script>alert(1)</script><style>` in `color.palette` is not usable in CSS. Use letters, digits, `-` and `_`, starting with a letter (e.g. `navy`).",
    ]);
    expect(r.written.filter((f) => /\.html$/.test(f) && f !== "index.html")).toEqual([]);
  });

  it("h82: a font family that would close the <style> is a located error", async () => {
    const r = await brandErrors(fixtureText("h82-brand-css-family"));
    expect(r.errors).toEqual([
      "Font family `Evil</style><script>alert(2)</script>` may only use letters, digits, spaces, `.`, `_` and `-` (it is written into the memo's CSS). Rename it, e.g. `Source Serif 4`.",
    ]);
    expect(r.written.filter((f) => f.startsWith("assets") || /^[a-z-]+\/memo/.test(f))).toEqual([]);
  });

  it.each([
    [
      "the package folder is a link to /etc",
      (p: TempProject) => {
        mkdirSync(join(p.root, "node_modules", "@fontsource"), { recursive: true });
        symlinkSync("/etc", join(p.root, "node_modules", "@fontsource", "h83-evil"));
      },
    ],
    [
      "a file of the package is a link to /etc/passwd",
      (p: TempProject) => {
        p.write(
          "node_modules/@fontsource/h83-evil/package.json",
          '{ "name": "@fontsource/h83-evil", "version": "1.0.0" }',
        );
        symlinkSync("/etc/passwd", join(p.root, "node_modules", "@fontsource", "h83-evil", "passwd"));
      },
    ],
  ])("h83: %s: a located error, /etc/passwd is never copied into out/", async (_, prepare) => {
    const r = await brandErrors(fixtureText("h83-brand-font-package-link"), prepare);
    expect(r.errors).toEqual([
      "Font file `@fontsource/h83-evil/passwd` leads outside its package in node_modules (a link to /etc/passwd). Reinstall the package (`npm ci`), or copy the font into templates/.",
    ]);
    expect(r.written.filter((f) => f.startsWith("assets"))).toEqual([]);
  });

  it("h84: a font over LIMITS.asset is a located error naming the size and the limit", async () => {
    const r = await brandErrors(fixtureText("h84-brand-font-oversize"), (p) => {
      mkdirSync(join(p.root, "templates", "fonts"));
      writeFileSync(join(p.root, "templates", "fonts", "big.woff2"), "");
      truncateSync(join(p.root, "templates", "fonts", "big.woff2"), 5 * 1024 * 1024); // sparse: no 5 MB written
    });
    expect(r.errors).toEqual([
      "Font file `fonts/big.woff2` is 5242880 bytes, over the limit of 4194304. Use a smaller file (fonts subset to the scripts you print are well under 1 MB).",
    ]);
  });

  it("h85: a logo that is a FIFO is a located error at once (no wait for a writer)", async () => {
    const r = await brandErrors(undefined, (p) => {
      rmSync(join(p.root, "templates", "logo.svg"));
      execFileSync("mkfifo", [join(p.root, fixtureText("h85-brand-logo-fifo").trim().split(" ")[1]!)]);
    });
    expect(r.errors).toEqual([
      "Logo `logo.svg` is not a regular file (a folder, device or pipe). Point it at a font or image file.",
    ]);
  }, 30_000);
});

describe("the preview server and requests from other sites (h86)", () => {
  let p: TempProject;
  let preview: Awaited<ReturnType<typeof startPreview>>;
  beforeAll(async () => {
    p = makeProject({ memo: assembleBrief("control", "memo", "").text });
    preview = await startPreview({ build: p.options({ audiences: ["us"] }), port: 0, debounceMs: 30 });
    await preview.ready;
  });
  afterAll(async () => {
    await preview?.close();
    p?.remove();
  });
  const get = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: preview.port, path, headers }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });

  it.each(fixtureText("h86-preview-cross-site").trim().split("\n"))(
    "refuses a request with `%s` (403); opening a PDF from another site prints nothing",
    async (line) => {
      const [name, value] = line.split(": ") as [string, string];
      const r = await get("/us/memo.pdf", { [name]: value });
      expect(r).toEqual({ status: 403, body: "Forbidden: a request from another site.\n" });
      expect(existsSync(join(p.root, "out", "us", "memo.pdf"))).toBe(false);
    },
  );

  it("serves the preview's own requests and typed addresses (same-origin, none, its own Origin, no header)", async () => {
    const cases: Array<Record<string, string>> = [
      { "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "none" },
      { origin: `http://127.0.0.1:${preview.port}` },
      {},
    ];
    for (const headers of cases) {
      expect((await get("/us/memo.html", headers)).status, JSON.stringify(headers)).toBe(200);
    }
  });
});

describe("output folders that would overwrite the project (h87)", () => {
  let p: TempProject;
  beforeAll(() => {
    p = makeProject({ memo: assembleBrief("control", "memo", "").text });
  });
  afterAll(() => p.remove());
  const why: Record<string, string> = {
    "/": "is the root of the file system",
    ".": "is the project folder itself",
    "..": "holds the project folder",
    "templates/audiences": "is inside templates/, where the templates are",
    "briefs/out": "is inside briefs/, where the briefs are",
  };

  it.each(fixtureText("h87-out-folder").trim().split("\n"))(
    "--out %s is a usage error (exit 2) naming the flag and the fix; nothing is written",
    async (dir) => {
      const before = readdirSync(p.root, { recursive: true }).map(String).sort();
      // An unknown --brief and a stopped watch: were --out accepted (as before the fix), nothing would be built in `/`.
      const stopped = AbortSignal.abort("SIGTERM");
      for (const argv of [
        ["--format", "html", "--brief", "h87-none", "--out", dir],
        ["watch", "--brief", "h87-none", "--port", "0", "--out", dir],
        ["merge", "out-1", "--out", dir],
      ]) {
        const r = await runCli(argv, p.root, {}, stopped);
        expect(r.code, argv.join(" ")).toBe(2);
        expect(r.stderr).toBe(
          `error: --out ${dir}: the output folder ${why[dir]}, and a build writes and removes files in it. Choose a folder of its own, e.g. --out out.\n`,
        );
      }
      expect(readdirSync(p.root, { recursive: true }).map(String).sort()).toEqual(before);
    },
  );
});

describe("`source.text` naming project files that are not a source (h88)", () => {
  let p: TempProject;
  beforeAll(() => {
    p = makeProject();
    p.write(".git/config", '[remote "origin"]\n\turl = https://token-h88@git.example.org/secret.git\n');
    p.write(".git/notes.txt", "token-h88\n");
    p.write("node_modules/pkg/README.md", "token-h88\n");
    p.write("out/notes.txt", "token-h88\n");
  });
  afterAll(() => p.remove());

  it.each(fixtureText("h88-source-text-oracle").trim().split("\n"))(
    "source.text: %s is refused at its line, so check cannot tell what the file says",
    async (path) => {
      const fragment = `source: {author: A. Author, title: "A paper", publisher: Test Institute, date: "2025", text: ${path}}\nbluf: 'The key is "token-h88" and the url is "https://token-h88@git.example.org/secret.git".'`;
      const brief = assembleBrief("front-matter", "h88", fragment);
      p.write("briefs/h88.md", brief.text);
      const r = await runCli(["check", "--json"], p.root);
      const problems = (JSON.parse(r.stdout) as { problems: Array<{ line: number; message: string; rule: string }> })
        .problems;
      const refused = problems.filter((m) => m.rule === "source-text");
      expect(refused.map((m) => `${m.line}: ${m.message}`)).toEqual([
        `${brief.lines[0]}: \`source.text\`: Source text \`${path}\` is not allowed: name a plain-text copy of the paper (a .txt or .md file) inside the project, outside .git/, node_modules/ and out/.`,
      ]);
      expect(problems.filter((m) => m.rule === "misquote")).toEqual([]); // not compared with the file at all
      expect(r.code).toBe(1);
    },
  );
});

describe("`new audience --name` with quotes and line breaks (h89)", () => {
  let p: TempProject;
  beforeAll(() => {
    p = makeProject();
  });
  afterAll(() => p.remove());
  const [quoted, extra] = fixtureText("h89-new-audience-name").trimEnd().split("\n") as [string, string];

  it("a name with quotes, a colon and a # is written as valid YAML and loads as given", async () => {
    const name = `${quoted}: Command # 1`;
    const r = await runCli(["new", "audience", "allied", "--name", name], p.root);
    expect(r.code, r.stderr).toBe(0);
    const { loadAudiences } = await import("../../src/load/audiences.js");
    const loaded = await loadAudiences(p.root, join(p.root, "templates"), undefined);
    expect(loaded.audiences.find((a) => a.id === "allied")?.name).toBe(name);
  });

  it("a name with a line break is a usage error (exit 2) naming the flag; nothing is written", async () => {
    const r = await runCli(["new", "audience", "broken", "--name", `${quoted}\n${extra}`], p.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: --name "NATO \\"Allied\\"\\nfoo: bar": a name is one line of text, without line breaks or control characters. Write it on one line, e.g. --name "Asia Pacific".\n',
    );
    expect(existsSync(join(p.root, "templates", "audiences", "broken"))).toBe(false);
  });
});

describe("YAML that JavaScript reads oddly (h90–h91)", () => {
  const errors = async (fixtureId: string) => {
    const p = makeProject({
      memo: assembleBrief("front-matter", "memo", fixtureText(fixtureId)).text,
      fine: assembleBrief("control", "fine", "").text,
    });
    try {
      const r = await build(p.options({ formats: ["html"] }));
      expect(r.editions.find((e) => e.brief === "fine")?.status).toBe("built");
      expect(existsSync(join(p.root, "out", "us", "memo.html"))).toBe(false);
      return r.files
        .find((f) => f.path === "briefs/memo.md")!
        .messages.filter((m) => m.fatal)
        .map((m) => `${m.line}:${m.column} ${m.reason}`);
    } finally {
      p.remove();
    }
  };

  it("h90: keys that are not text are refused, each at its own line and column", async () => {
    expect(await errors("h90-yaml-odd-keys")).toEqual([
      '10:1 YAML: the key `1` is a number, not a name. Write a name, or put it in quotes ("1": …).',
      '11:1 YAML: the key `null` is empty (null), not a name. Write a name, or put it in quotes ("null": …).',
      '12:1 YAML: the key `[a, b]` is a list, not a name. Write a name, or put it in quotes ("[a, b]": …).',
    ]);
  });

  it("h91: numbers that are not finite are refused at the number", async () => {
    expect(await errors("h91-yaml-infinity")).toEqual([
      "10:29 YAML: `1e309` is not a finite number (it reads as Infinity). Write a number in range, or put it in quotes to keep it as text.",
      "11:14 YAML: `.inf` is not a finite number (it reads as Infinity). Write a number in range, or put it in quotes to keep it as text.",
    ]);
  });
});

describe("briefs that are not files (h92–h93)", () => {
  it("h92 and h93: a folder named <slug>.md and a FIFO are errors on those briefs alone; the other briefs are built (exit 1)", async () => {
    const p = makeProject({ fine: assembleBrief("control", "fine", "").text });
    try {
      mkdirSync(join(p.root, "briefs", `${fixtureText("h92-brief-folder").trim()}.md`));
      execFileSync("mkfifo", [join(p.root, fixtureText("h93-brief-fifo").trim().split(" ")[1]!)]);
      const r = await runCli(["--format", "html"], p.root);
      expect(r.code).toBe(1);
      for (const slug of ["fifo-brief", "folder-brief"]) {
        expect(r.stderr).toMatch(
          new RegExp(
            `briefs/${slug}\\.md\\n +error briefs/${slug}\\.md is not a regular file \\(a folder, device or pipe\\)\\. Replace it with a text file\\. +brief-unreadable +brief\\n`,
          ),
        );
        expect(r.stderr).toContain(
          `failed: us/${slug}: briefs/${slug}.md has errors (listed above); fix them to build its memos.\n`,
        );
      }
      expect(r.stdout).toMatch(/^us\/fine +built /m);
      expect(readdirSync(join(p.root, "out", "us"))).toEqual(["fine.html"]);
    } finally {
      p.remove();
    }
  }, 30_000);
});

/** A grey PNG of `width` × `height` pixels (a few KB however tall: the rows deflate to nothing). */
function tallPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0xc0);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("a few bytes that would print as thousands of pages (h96)", () => {
  it.each([
    [30, "refused before printing, from the page's height"],
    [2, "refused after printing, from the PDF's page count"],
  ])(
    "an image used %i times: past the page cap, %s; not published; the other briefs are built",
    async (n) => {
      // A 600 × 10 000 PNG (within every image limit) used through one reference definition: some 9 pages each, past
      // the cap (four times a budget of 2 pages: 10). Used 30 times it is not even printed.
      const png = tallPng(600, 10_000).toString("base64");
      const uses = Array.from({ length: n }, () => "![A tall grey bar][bar]").join("\n\n");
      const tall = SAMPLE.replace("## Analysis\n", `## Analysis\n\n${uses}\n\n[bar]: data:image/png;base64,${png}\n\n`);
      expect(tall).toMatch(/budgets:\n {2}pages: 2\n/);
      const p = makeProject({ tall, other: SAMPLE });
      try {
        const run = await runCli(["--audience", "us"], p.root);
        expect(run.code, run.stderr).toBe(1);
        const about = n > 2 ? "about " : "";
        expect(run.stderr).toMatch(new RegExp(`us/tall: ${about}\\d+ pages, past the cap of 10 .*not published`));
        expect(existsSync(join(p.root, "out", "us", "tall.pdf"))).toBe(false);
        expect(existsSync(join(p.root, "out", "us", "tall.html"))).toBe(false);
        expect(existsSync(join(p.root, "out", "us", "other.pdf"))).toBe(true);
        const manifest = JSON.parse(p.read("out/manifest.json")) as { artefacts: Array<{ path: string }> };
        expect(manifest.artefacts.map((a) => a.path)).toEqual(["us/other.html", "us/other.pdf"]);
      } finally {
        p.remove();
      }
    },
    180_000,
  );
});
