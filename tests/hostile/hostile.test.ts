// Hostile corpus: briefs and templates written by an attacker. Every case is checked on the built HTML (as
// Chromium parses it, with JavaScript on), on the PDF, and on the requests made: a server on 127.0.0.1 that every
// hostile URL points at must get no request, neither while the memos are printed nor when the built pages are opened.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser } from "puppeteer-core";
import type { VFile } from "vfile";
import { makeProject, type TempProject, REPO } from "../helpers/project.js";
import { runCli } from "../helpers/cli.js";
import { build } from "../../src/build/build.js";
import { findBrowser } from "../../src/print/find-browser.js";
import type { BuildReport, EditionResult } from "../../src/build/report.js";
import { editionFailureText, warningText } from "../../src/cli/wording.js";
import { HOSTILE_CASES, type HostileCase } from "./cases.js";
import {
  assembleBrief,
  domElements,
  fillFixture,
  pdfActions,
  replaceBlock,
  startCountingServer,
  violations,
  type CountingServer,
  type DomElement,
} from "./harness.js";

const fixtureFile = (id: string) => {
  const dir = join(REPO, "tests", "fixtures", "hostile");
  const name = readdirSync(dir).find((f) => f.startsWith(`${id}.`));
  if (!name) throw new Error(`no fixture for ${id}`);
  return join(dir, name);
};
const fixtureText = (id: string) => readFileSync(fixtureFile(id), "utf8");

const corpus = HOSTILE_CASES.filter((c) => c.kind !== "own");
const TEMPLATE_CASE = "h63-template-remote-request";

let server: CountingServer;
let project: TempProject;
let report: BuildReport;
/** Requests the server had when the build (HTML and PDF) finished. */
let hitsAfterBuild: string[];
/** Fragment lines of each brief in the corpus. */
const fragmentLines = new Map<string, { lines: [number, number]; frontMatterEnd: number }>();
/** Each built page as Chromium parsed it (JavaScript on), and what opening it did. */
const pages = new Map<string, DomElement[]>();
const dialogs: string[] = [];
const strayRequests: string[] = [];

beforeAll(async () => {
  server = await startCountingServer();
  project = makeProject();
  // An extra audience whose template fetches: only the template case's brief is written for it.
  project.write("templates/audiences/tpl/audience.yml", "name: Template test\nextends: us\n");
  project.write(
    "templates/audiences/tpl/partials/letterhead.hbs",
    fillFixture(fixtureText(TEMPLATE_CASE), server, TEMPLATE_CASE),
  );
  const write = (id: string, kind: "body" | "front-matter" | "control", fragment: string, audience = "us") => {
    const brief = assembleBrief(kind, id, fragment, audience);
    project.write(`briefs/${id}.md`, brief.text);
    fragmentLines.set(id, { lines: brief.lines, frontMatterEnd: brief.text.split("\n").indexOf("---", 1) + 1 });
  };
  write("h00-control", "control", "");
  write(TEMPLATE_CASE, "control", "", "tpl");
  for (const c of corpus) write(c.id, c.kind as "body" | "front-matter", fillFixture(fixtureText(c.id), server, c.id));

  report = await build(project.options({ formats: ["html", "pdf"], concurrency: 2 }));
  hitsAfterBuild = [...server.hits];

  // Open every built page the way a reader would get it: from disk, JavaScript on, the counting server reachable.
  const browser: Browser = await puppeteer.launch({
    executablePath: await findBrowser(),
    headless: true,
    pipe: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const outDir = join(project.root, "out");
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const url = request.url();
      const allowed =
        url.startsWith(pathToFileURL(outDir).href + "/") ||
        url.startsWith("data:") ||
        url.startsWith(`${server.origin}/`);
      if (!allowed) strayRequests.push(url);
      void (allowed ? request.continue() : request.abort()).catch(() => undefined);
    });
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss().catch(() => undefined);
    });
    for (const id of ["h00-control", ...corpus.map((c) => c.id)]) {
      const file = join(outDir, "us", `${id}.html`);
      if (!existsSync(file)) continue;
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.waitForNetworkIdle({ idleTime: 50, timeout: 10_000 }).catch(() => undefined);
      pages.set(id, await domElements(page));
    }
  } finally {
    await browser.close();
  }
}, 300_000);

afterAll(async () => {
  await server?.close();
  project?.remove();
});

const edition = (id: string, audience = "us"): EditionResult | undefined =>
  report.editions.find((e) => e.brief === id && e.audience === audience);
const fileOf = (id: string): VFile | undefined => report.files.find((f) => f.path === `briefs/${id}.md`);
const out = (p: string) => join(project.root, "out", p);

/** The case's message (error or warning) and where it is. */
function located(c: HostileCase, fatal: boolean) {
  const messages = (fileOf(c.id)?.messages ?? []).filter(
    (m) => Boolean(m.fatal) === fatal && c.message!.test(m.reason),
  );
  expect(
    messages.map((m) => m.reason),
    `messages of briefs/${c.id}.md: ${fileOf(c.id)
      ?.messages.map((m) => `${m.line}: ${m.reason}`)
      .join(" | ")}`,
  ).not.toEqual([]);
  const { lines, frontMatterEnd } = fragmentLines.get(c.id)!;
  const [from, to] = c.kind === "front-matter" ? [2, frontMatterEnd - 1] : lines;
  for (const m of messages) {
    expect(m.line, `${m.reason} is located`).toBeGreaterThanOrEqual(from);
    expect(m.line).toBeLessThanOrEqual(to);
  }
}

describe("the corpus", () => {
  it("has at least 40 cases, each with an id, what it attacks, what must hold, and a fixture", () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(HOSTILE_CASES.map((c) => c.id)).size).toBe(HOSTILE_CASES.length);
    for (const c of HOSTILE_CASES) {
      expect(c.id).toMatch(/^h\d\d-[a-z0-9-]+$/);
      expect(c.attack.length).toBeGreaterThan(5);
      expect(c.holds.length).toBeGreaterThan(5);
      expect(existsSync(fixtureFile(c.id))).toBe(true);
    }
  });

  it("made no request to the server: not while printing every memo, not when the built pages were opened with JavaScript on", () => {
    expect(hitsAfterBuild).toEqual([]);
    expect(server.hits).toEqual([]);
  });

  it("opening the built pages ran no script (no dialog) and asked for nothing outside out/", () => {
    expect(pages.size).toBeGreaterThanOrEqual(corpus.filter((c) => c.outcome === "built").length + 1);
    expect(dialogs).toEqual([]);
    expect(strayRequests).toEqual([]);
  });

  it("the control brief is built and its page is the baseline", () => {
    expect(edition("h00-control")?.status).toBe("built");
    expect(pages.get("h00-control")?.length).toBeGreaterThan(10);
    expect(violations(pages.get("h00-control")!, pages.get("h00-control")!, server)).toEqual([]);
  });
});

describe.each(corpus.filter((c) => c.outcome === "built"))("$id: $attack", (c) => {
  it(`built, and ${c.holds}`, () => {
    const e = edition(c.id);
    expect(e?.failure).toBeUndefined();
    expect(e?.status).toBe("built");
    const html = readFileSync(out(`us/${c.id}.html`), "utf8");
    expect(html).toContain(`Control text ${c.id}.`);
    for (const p of c.present ?? []) typeof p === "string" ? expect(html).toContain(p) : expect(html).toMatch(p);
    const withoutStyles = html.replace(/<style>[\s\S]*?<\/style>/g, ""); // the template's CSS is not the brief's
    for (const a of c.absent ?? [])
      typeof a === "string" ? expect(withoutStyles).not.toContain(a) : expect(withoutStyles).not.toMatch(a);
    // As Chromium parsed it: nothing that loads, runs or submits beyond what the template itself has.
    expect(violations(pages.get(c.id)!, pages.get("h00-control")!, server)).toEqual([]);
    // And as text: no such tag outside attribute values (where `<` is inert).
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script|<iframe|<object|<embed|<form|<base|<svg|<math/i);
    if (c.message) located(c, false);
  });

  it("printed to a PDF without scripts, launches or file links, and Chromium tried no request", () => {
    const pdf = readFileSync(out(`us/${c.id}.pdf`));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdfActions(pdf)).toEqual([]);
    expect(edition(c.id)!.warnings.filter((w) => w.rule === "blocked-request")).toEqual([]);
    expect(hitsAfterBuild.filter((h) => h.startsWith(`/${c.id}/`))).toEqual([]);
  });
});

describe.each(corpus.filter((c) => c.outcome === "refused"))("$id: $attack", (c) => {
  it(`refused: ${c.holds}`, () => {
    expect(edition(c.id)?.status).toBe("failed");
    located(c, true);
    expect(existsSync(out(`us/${c.id}.html`))).toBe(false);
    expect(existsSync(out(`us/${c.id}.pdf`))).toBe(false);
    expect(hitsAfterBuild.filter((h) => h.startsWith(`/${c.id}/`))).toEqual([]);
  });
});

describe("h49: __proto__ keys", () => {
  it("do not pollute Object.prototype", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe(`${TEMPLATE_CASE}: a template that fetches`, () => {
  it("is printed, with every request blocked and each a warning naming the edition and brief", () => {
    const e = edition(TEMPLATE_CASE, "tpl")!;
    expect(e.status, editionFailureText(e)).toBe("built");
    const blocked = e.warnings.flatMap((w) => (w.rule === "blocked-request" ? [w] : []));
    const urls = blocked.map((w) => w.url);
    for (const w of blocked)
      expect(warningText(`tpl/${TEMPLATE_CASE}`, w)).toMatch(
        new RegExp(`^tpl/${TEMPLATE_CASE}: blocked a request to `),
      );
    // The image, the stylesheet, the CSS background and the frame were all attempted, and all blocked (Chromium refuses
    // the file: image itself, before any request: a page printed from memory may not read local files).
    for (const path of ["tpl-img.png", "tpl.css", "tpl-bg.png", "tpl-iframe"])
      expect(urls).toContain(`${server.origin}/${TEMPLATE_CASE}/${path}`);
    expect(urls.filter((u) => !u?.startsWith(`${server.origin}/${TEMPLATE_CASE}/`))).toEqual([]);
    expect(hitsAfterBuild).toEqual([]);
    expect(existsSync(out(`tpl/${TEMPLATE_CASE}.pdf`))).toBe(true);
  });
});

// Cases that need a project or templates of their own: small HTML-only builds, each in its own project.
describe("briefs that cannot be read, and names that climb out (h59–h62)", () => {
  let p: TempProject;
  beforeAll(() => {
    p = makeProject({ fine: assembleBrief("control", "fine", "").text });
  });
  afterAll(() => p.remove());
  /** The other brief is still built (issue 17: one unreadable brief no longer stops the build). */
  const othersBuilt = (r: { stdout: string }) => {
    expect(r.stdout).toMatch(/^us\/fine +(built|cached) /m);
    expect(existsSync(join(p.root, "out", "us", "fine.html"))).toBe(true);
  };
  /** The brief's one error, as the reporter prints it under its name, and its edition failed. */
  const unreadable = (r: { stderr: string }, id: string, reason: RegExp) => {
    expect(r.stderr).toMatch(
      new RegExp(`^briefs/${id}\\.md\n +error ${reason.source} +brief-unreadable +brief\n\n✖ 1 error\n`),
    );
    expect(r.stderr).toContain(
      `failed: us/${id}: briefs/${id}.md has errors (listed above); fix them to build its memos.\n`,
    );
  };

  it("h59: a 600 KB brief is refused with its name and the limit, before it is parsed; the other briefs are built", async () => {
    const line = fixtureText("h59-oversize");
    const brief = assembleBrief("body", "h59-oversize", line.repeat(Math.ceil(600_000 / line.length))).text;
    p.write("briefs/h59-oversize.md", brief);
    const r = await runCli(["--format", "html"], p.root);
    rmSync(join(p.root, "briefs", "h59-oversize.md"));
    expect(r.code).toBe(1);
    unreadable(
      r,
      "h59-oversize",
      /briefs\/h59-oversize\.md is \d{6} bytes, over the limit of 524288\. Split it or shrink it\./,
    );
    othersBuilt(r);
  });

  it.each([
    ["h60-symlink-brief", "root:"],
    ["h61-dev-zero-link", "\0"],
  ])(
    "%s: a brief that is a link out of the project is refused without reading it; the other briefs are built",
    async (id) => {
      const target = fixtureText(id).trim();
      symlinkSync(target, join(p.root, "briefs", `${id}.md`));
      // Reading the target (a device that never ends) would hang until the test's time-out.
      const r = await runCli(["--format", "html"], p.root);
      rmSync(join(p.root, "briefs", `${id}.md`));
      expect(r.code).toBe(1);
      unreadable(
        r,
        id,
        new RegExp(
          `briefs/${id}\\.md is a link to a file outside the project\\. Copy the file into the project instead\\.`,
        ),
      );
      expect(r.stderr).not.toContain("root:");
      othersBuilt(r);
    },
  );

  it("h62: --brief and --audience that climb out are unknown names, nothing is read", async () => {
    const lines = fixtureText("h62-cli-traversal").trim().split("\n");
    for (const line of lines) {
      const [flag, value] = line.split(" ") as [string, string];
      const r = await runCli(["--format", "html", flag, value], p.root);
      expect(r.code, line).toBe(2);
      expect(r.stderr, line).toContain(
        flag === "--brief"
          ? `error: --brief ${value}: no file briefs/${value}.md.`
          : `error: --audience ${value}: no such audience.`,
      );
      expect(r.stderr).not.toContain("root:");
    }
  });
});

describe("templates that reach for prototypes, raw output or files outside (h64–h67)", () => {
  let p: TempProject;
  let r: BuildReport;
  const audiences = ["proto-lookup", "proto-path", "triple", "linked"];
  beforeAll(async () => {
    p = makeProject({ memo: assembleBrief("control", "memo", "", audiences.join(", ")).text });
    for (const a of audiences) p.write(`templates/audiences/${a}/audience.yml`, `name: ${a}\nextends: us\n`);
    p.write("templates/audiences/proto-lookup/layout.hbs", fixtureText("h64-template-proto-lookup"));
    p.write("templates/audiences/proto-path/layout.hbs", fixtureText("h65-template-proto-path"));
    p.write("templates/audiences/triple/layout.hbs", fixtureText("h66-template-triple-stash"));
    mkdirSync(join(p.root, "templates/audiences/linked/partials"), { recursive: true });
    symlinkSync(
      fixtureText("h67-template-symlink-partial").trim(),
      join(p.root, "templates/audiences/linked/partials/bluf.hbs"),
    );
    r = await build(p.options({ formats: ["html"] }));
  });
  afterAll(() => p.remove());
  const result = (a: string) => r.editions.find((e) => e.audience === a)!;

  it("h64: lookup of constructor, __proto__ and __defineGetter__ gives nothing", () => {
    expect(result("proto-lookup").status).toBe("built");
    expect(readFileSync(join(p.root, "out/proto-lookup/memo.html"), "utf8")).toContain('<p id="probe">[][][][]</p>');
  });

  it("h65: a path through constructor fails, naming the template", () => {
    expect(result("proto-path").status).toBe("failed");
    expect(editionFailureText(result("proto-path"))).toMatch(
      /^templates\/audiences\/proto-path\/layout\.hbs\b.*constructor/,
    );
    expect(existsSync(join(p.root, "out/proto-path/memo.html"))).toBe(false);
  });

  it("h66: triple braces are refused, naming the template and line", () => {
    expect(editionFailureText(result("triple"))).toBe(
      "templates/audiences/triple/layout.hbs:4: triple braces `{{{ }}}` (unescaped output) are not allowed in templates: only the memo body is printed unescaped, as `{{body}}`. Use double braces.",
    );
  });

  it("h67: a partial linked to /etc/passwd is refused; the target never reaches the output", () => {
    expect(result("linked").status).toBe("failed");
    expect(editionFailureText(result("linked"))).toBe(
      "templates/audiences/linked/partials/bluf.hbs is a link that leads outside the project. Copy the file into templates/ instead.",
    );
    const outputs = readdirSync(join(p.root, "out"), { recursive: true })
      .map(String)
      .filter((f) => /\.(html|json)$/.test(f));
    for (const f of outputs) expect(readFileSync(join(p.root, "out", f), "utf8")).not.toContain("root:x:0:0");
  });
});

describe("templates and audience folders that break the rules (h73–h75)", () => {
  let p: TempProject;
  let r: BuildReport;
  beforeAll(async () => {
    p = makeProject({ other: assembleBrief("control", "other", "", "us, big, climber").text });
    p.write("templates/audiences/big/audience.yml", "name: Big\nextends: us\n");
    p.write(
      "templates/audiences/big/layout.hbs",
      fixtureText("h73-template-oversize") + "{{!-- padding --}}\n".repeat(Math.ceil(270_000 / 19)),
    );
    p.write(`templates/audiences/${fixtureText("h74-audience-folder-id").trim()}/audience.yml`, "name: Evil\n");
    p.write("templates/audiences/climber/audience.yml", fixtureText("h75-audience-extends-path"));
    r = await build(p.options({ formats: ["html"] }));
  });
  afterAll(() => p.remove());
  const messages = (path: string) =>
    (r.files.find((f) => f.path === path)?.messages ?? []).filter((m) => m.fatal).map((m) => `${m.line}:${m.reason}`);

  it("h73: a layout over the size limit is refused with its name and the limit; the other editions are built", () => {
    expect(editionFailureText(r.editions.find((e) => e.audience === "big")!)).toBe(
      `templates/audiences/big/layout.hbs is over 262144 bytes. Shrink the template.`,
    );
    expect(r.editions.find((e) => e.audience === "us")?.status).toBe("built");
  });

  it("h74: an audience folder whose name is not an id is an error on its audience.yml, and builds nothing", () => {
    expect(messages("templates/audiences/EVIL..Dir/audience.yml")).toEqual([
      expect.stringMatching(/^1:Audience folder name `EVIL\.\.Dir` is not a valid id\./),
    ]);
    expect(existsSync(join(p.root, "out", "EVIL..Dir"))).toBe(false);
  });

  it("h75: `extends: ../us` is refused at its line", () => {
    expect(messages("templates/audiences/climber/audience.yml")).toEqual([
      expect.stringMatching(/^2:Invalid `extends` in audience\.yml/),
    ]);
    expect(existsSync(join(p.root, "out", "climber"))).toBe(false);
  });

  it("h72: a brief file name that is not a slug is an error on that file; the others are built", async () => {
    const q = makeProject({ fine: assembleBrief("control", "fine", "").text });
    try {
      q.write(`briefs/${fixtureText("h72-slug-invalid").trim()}.md`, assembleBrief("control", "x", "").text);
      const run = await build(q.options({ formats: ["html"] }));
      expect(run.ok).toBe(false);
      const file = run.files.find((f) => f.path === "briefs/Evil Name.md")!;
      expect(file.messages.filter((m) => m.fatal).map((m) => m.reason)).toEqual([
        "The file name is the memo's slug and may only use lowercase letters, digits and hyphens. Rename it to briefs/evil-name.md.",
      ]);
      expect(readdirSync(join(q.root, "out", "us"))).toEqual(["fine.html"]);
    } finally {
      q.remove();
    }
  });
});

describe("brand files that climb out (h68–h70)", () => {
  it.each([
    [
      "h68-brand-logo-traversal",
      /^Logo `\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd` points outside the project\./,
    ],
    [
      "h69-brand-font-specifier",
      /^Font file `@fontsource\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd` must name a file inside its package/,
    ],
    ["h70-brand-logo-symlink", /^Logo `logo\.svg` is a link that leads outside the project\./],
  ])(
    "%s is a located error in brand.yml; no memo is built and nothing of the target is embedded",
    async (id, message) => {
      const p = makeProject({ memo: assembleBrief("control", "memo", "").text });
      try {
        const brandPath = join(p.root, "templates", "brand.yml");
        let from = 1;
        let to = 1_000;
        if (id === "h70-brand-logo-symlink") {
          rmSync(join(p.root, "templates", "logo.svg"));
          symlinkSync(fixtureText(id).trim(), join(p.root, "templates", "logo.svg"));
        } else {
          const replaced = replaceBlock(readFileSync(brandPath, "utf8"), fixtureText(id));
          writeFileSync(brandPath, replaced.text);
          ({ from, to } = replaced);
        }
        const r = await build(p.options({ formats: ["html"] }));
        const brand = r.files.find((f) => f.path === "templates/brand.yml")!;
        const errors = brand.messages.filter((m) => m.fatal);
        expect(errors.map((m) => m.reason)).toEqual([expect.stringMatching(message)]);
        expect(errors[0]!.line).toBeGreaterThanOrEqual(from);
        expect(errors[0]!.line).toBeLessThanOrEqual(to);
        expect(r.editions.every((e) => e.status === "failed")).toBe(true);
        expect(existsSync(join(p.root, "out", "us", "memo.html"))).toBe(false);
        expect(existsSync(join(p.root, "out", "assets"))).toBe(false);
      } finally {
        p.remove();
      }
    },
  );
});

describe("Markdown bombs at full size", () => {
  const nested = (n: number, open: string, close = "") => open.repeat(n) + "x" + close.repeat(n);
  const table = (cols: number, rows: number) =>
    `|${" c |".repeat(cols)}\n|${" - |".repeat(cols)}\n${`|${" x |".repeat(cols)}\n`.repeat(rows)}`;
  it.each([
    ["100 000 nested block quotes (overflowed the stack)", ">".repeat(100_000) + " x"],
    ["20 000 nested <div>s (overflowed the HTML parser's stack)", nested(20_000, "<div>", "</div>")],
    ["50 000 unclosed <span>s", "x <span>".repeat(50_000)],
    ["20 000 <div>s with their > on the next line", "<div\n>".repeat(20_000) + "x"],
    [
      "a list nested 2 000 deep (minutes)",
      Array.from({ length: 2_000 }, (_, i) => `${"  ".repeat(i)}- x`)
        .join("\n")
        .slice(0, 400_000),
    ],
    ["5 000 list markers on one line (overflowed the stack)", "- ".repeat(5_000) + "x"],
    ["50 000 emphasis delimiters (minutes)", nested(50_000, "*", "*")],
    ["2 000 nested audience blocks (minutes)", ':::audience{for="us"}\n'.repeat(2_000) + "x\n" + ":::\n".repeat(2_000)],
    ["a table of 200 columns by 1 000 rows (tens of seconds)", table(200, 1_000).slice(0, 400_000)],
    [
      "alternating emphasis closed in reverse, 24 KB (overflowed the stack after 15 s)",
      "*a _a ".repeat(2_000) + "a_ a* ".repeat(2_000),
    ],
    ["30 000 nested link brackets (quadratic)", "[a ".repeat(30_000) + "](u)".repeat(30_000)],
    ["100 000 list items (36 s and 2.5 GB)", "- i\n".repeat(100_000)],
    ["40 000 <div></i> (overflowed the stack, with no location)", "<div></i>".repeat(40_000)],
  ])("%s: refused at once with a located error, nothing thrown", async (_, fragment) => {
    const { parseBrief } = await import("../../src/validate/parse-brief.js");
    const { VFile } = await import("vfile");
    const file = new VFile({ path: "briefs/bomb.md", value: assembleBrief("body", "bomb", fragment).text });
    // Refused before parsing (parsing these takes minutes, past the test's time-out); the speed is npm run bench's.
    const brief = parseBrief({ slug: "bomb", file }, ["us"]);
    expect(brief).toBeUndefined();
    expect(file.messages.filter((m) => m.fatal).map((m) => m.ruleId)).toEqual(
      [expect.stringMatching(/^brief-too-complex$/)].concat(
        file.messages.filter((m) => m.fatal).length > 1 ? [expect.stringMatching(/^brief-too-complex$/)] : [],
      ),
    );
    expect(file.messages[0]!.line).toBeGreaterThanOrEqual(12);
  });
});

describe("the print page itself, without the sanitizer in front of it", () => {
  it("runs no JavaScript and blocks every request but data: images and fonts, reporting each", async () => {
    const { BrowserSession } = await import("../../src/print/browser.js");
    const session = new BrowserSession();
    const blocked: string[] = [];
    try {
      const page = await session.page((url) => blocked.push(url));
      const png = readFileSync(fixtureFile("h03-event-handlers"), "utf8").match(
        /data:image\/png;base64,[A-Za-z0-9+/=]+/,
      )![0];
      const s = `${server.origin}/print-page`;
      await page.setContent(
        `<title>before</title><script>document.title = "ran"; fetch("${s}/fetch")</script>
         <img src="${s}/img.png"><img src="file:///etc/passwd"><img src="../../../../etc/passwd"><img id="ok" src="${png}">
         <link rel="stylesheet" href="${s}/style.css"><iframe src="${s}/frame"></iframe><meta http-equiv="refresh" content="0;url=data:text/html,<img src=${s}/inner.png>">
         <style>@import url("${s}/import.css"); body { background: url("${s}/bg.png") }</style>
         <object data="${s}/object"></object><video poster="${s}/poster.png"></video>`,
        { waitUntil: "load" },
      );
      await page.waitForNetworkIdle({ idleTime: 100, timeout: 10_000 });
      expect(await page.title()).toBe("before");
      expect(await page.$eval("#ok", (img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
      for (const path of ["img.png", "style.css", "frame", "import.css", "bg.png"])
        expect(blocked).toContain(`${s}/${path}`);
      expect(page.url()).toBe("about:blank"); // the meta refresh to a data: page did not navigate (Chromium refuses it)
      expect(blocked.some((u) => u.startsWith("data:image/png"))).toBe(false);
      expect(server.hits.filter((h) => h.startsWith("/print-page/"))).toEqual([]);
      await page.close();
    } finally {
      await session.close();
    }
  }, 60_000);
});
