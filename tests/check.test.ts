// `brief check`: every rule family, located problems, exit codes and output shapes; CLI in-process on temp projects.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, SHIPPED_AUDIENCES, SHIPPED_PACKS, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";
import { findFigures } from "../src/check/figures.js";
import { sourceText } from "../src/check/source-text.js";
import { grounded } from "../src/check/grounding.js";
import { findQuotations, matchQuotation, quoteSource } from "../src/check/quotations.js";

interface Problem {
  file: string;
  line: number | null;
  column: number | null;
  severity: "error" | "warning" | "info";
  message: string;
  rule: string | null;
  source: string | null;
}

const projects: TempProject[] = [];
afterEach(() => {
  for (const p of projects.splice(0)) p.remove();
});

function project(briefs: Record<string, string>, extra: Record<string, string> = {}): TempProject {
  const p = makeProject(briefs);
  projects.push(p);
  for (const [path, text] of Object.entries(extra)) p.write(path, text);
  return p;
}

async function checkJson(p: TempProject, ...args: string[]) {
  const run = await runCli(["check", "--json", ...args], p.root);
  const json = JSON.parse(run.stdout) as {
    problems: Problem[];
    summary: {
      errors: number;
      warnings: number;
      files: number;
      editions: Array<{ brief: string; audience: string; words: number; budget?: number; minutes: number }>;
    };
  };
  return { code: run.code, json, stderr: run.stderr };
}

/** Line and column (1-based) of the `nth` occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`fixture has no ${nth + 1}th \`${needle}\``);
  }
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const place = (p: Problem) => ({ line: p.line, column: p.column });
const clean = fixture("check/clean.md");
const paper = fixture("check/paper.txt");

describe("check: a clean project", () => {
  it("passes with exit 0, lists every edition's length and writes nothing", async () => {
    const p = project({ clean });
    const run = await runCli(["check"], p.root);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^edition\s+words\s+budget\s+reading$/m);
    expect(run.stdout).toMatch(/^eu\/clean\s+\d+\s+600\s+0\.\d min$/m);
    expect(run.stdout).toMatch(/^us\/clean\s+\d+\s+600\s+0\.\d min$/m);
    // brand.yml, every audience.yml and the brief
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe(
      `0 errors, 0 warnings in ${SHIPPED_AUDIENCES.length + SHIPPED_PACKS.length + 2} files`,
    );
    expect(existsSync(join(p.root, "out"))).toBe(false);
  });
});

describe("check: plain language (warnings from the retext plugins)", () => {
  const plain = fixture("check/plain.md");

  it("reports each plugin's warning at its line:column, front matter and wrapped lines included", async () => {
    const p = project({ plain });
    const { code, json } = await checkJson(p);
    expect(code).toBe(0);
    const found = json.problems.map((m) => ({ rule: m.rule, source: m.source, severity: m.severity, ...place(m) }));
    expect(found).toEqual(
      expect.arrayContaining([
        // BLUF, second line of a folded YAML block
        { rule: "utilize", source: "retext-simplify", severity: "warning", ...at(plain, "utilize") },
        // a list item's wrapped (indented) line
        { rule: "made", source: "retext-passive", severity: "warning", ...at(plain, "made") },
        // after an HTML entity on the same line
        { rule: "utilize", source: "retext-simplify", severity: "warning", ...at(plain, "utilize", 1) },
        { rule: "readability", source: "retext-readability", severity: "warning", ...at(plain, "The institutional") },
      ]),
    );
    // the same passive inside quotation marks is the source's wording, not the writer's
    expect(json.problems.filter((m) => m.rule === "made").map(place)).toEqual([at(plain, "made")]);
    expect(at(plain, "made", 1).line).toBe(at(plain, "“mistakes were made at sea”").line);
    expect(json.problems.every((m) => m.severity === "warning" && m.file === "briefs/plain.md")).toBe(true);
    expect(json.summary.errors).toBe(0);
  });

  it("turns warnings into exit 1 under --frail", async () => {
    const p = project({ plain: fixture("check/plain.md") });
    const normal = await runCli(["check"], p.root);
    const frail = await runCli(["check", "--frail"], p.root);
    expect(normal.code).toBe(0);
    expect(frail.code).toBe(1);
    expect(frail.stdout).toMatch(
      new RegExp(`^0 errors, [1-9]\\d* warnings in ${SHIPPED_AUDIENCES.length + SHIPPED_PACKS.length + 2} files$`, "m"),
    );
    // vfile-reporter style: file header, then `line:column-range  severity  reason  rule  source`
    expect(frail.stdout).toMatch(/^briefs\/plain\.md$/m);
    expect(frail.stdout).toMatch(
      /^22:22-22:26\s+warning\s+Unexpected use of the passive voice\s+made\s+retext-passive$/m,
    );
  });

  it("does not flag the clean brief under --frail", async () => {
    const p = project({ clean });
    expect((await runCli(["check", "--frail"], p.root)).code).toBe(0);
  });
});

describe("check: --json", () => {
  it("prints every problem as {file, line, column, severity, message, rule} and a summary", async () => {
    const p = project({ plain: fixture("check/plain.md"), clean });
    const { json } = await checkJson(p);
    expect(json.problems.length).toBeGreaterThan(0);
    for (const m of json.problems) {
      expect(typeof m.file).toBe("string");
      expect(typeof m.line).toBe("number");
      expect(typeof m.column).toBe("number");
      expect(["error", "warning", "info"]).toContain(m.severity);
      expect(typeof m.message).toBe("string");
      expect(typeof m.rule).toBe("string");
    }
    expect(json.summary).toMatchObject({
      errors: 0,
      warnings: json.problems.length,
      files: SHIPPED_AUDIENCES.length + SHIPPED_PACKS.length + 3,
    });
    expect(json.summary.editions.map((e) => `${e.audience}/${e.brief}`)).toEqual([
      "eu/clean",
      "us/clean",
      "eu/plain",
      "us/plain",
    ]);
    for (const e of json.summary.editions) expect(e.minutes).toBeCloseTo(e.words / 230, 1);
  });
});

describe("check: budgets", () => {
  it("warns for an edition over its word budget and a BLUF over 75 words, at their keys", async () => {
    const bluf = Array.from({ length: 16 }, () => "Grain moves when ports open.").join(" ");
    const md = clean
      .replace("words: 600", "words: 20")
      .replace("Grain moves when ports stay open. Keep them open.", bluf);
    const p = project({ long: md });
    const { code, json } = await checkJson(p);
    expect(code).toBe(0);
    const budget = json.problems.filter((m) => m.rule === "word-budget");
    expect(budget.map((m) => m.message.slice(0, 20)).sort()).toEqual(["The eu edition has 1", "The us edition has 1"]);
    const key = at(md, "words: 20");
    for (const m of budget) expect(place(m)).toEqual({ line: key.line, column: key.column + "words: ".length });
    const blufProblem = json.problems.find((m) => m.rule === "bluf-length");
    expect(blufProblem?.message).toContain("80 words");
    expect(place(blufProblem!)).toEqual(at(md, ">-"));
    expect(json.summary.editions.every((e) => e.budget === 20)).toBe(true);
  });

  it("warns when an edition takes more than 8 minutes to read", async () => {
    const filler = Array.from({ length: 500 }, () => "Ships came and went.").join(" ");
    const md = clean.replace("words: 600", "words: 5000").replace("Ships came and went each day.", filler);
    const p = project({ long: md });
    const { json } = await checkJson(p, "--audience", "us");
    const reading = json.problems.filter((m) => m.rule === "reading-time");
    expect(reading).toHaveLength(1);
    expect(reading[0]!.message).toMatch(
      /^The us edition takes about 9 minutes to read \(20\d\d words at 230 a minute\)/,
    );
    expect(json.summary.editions.map((e) => e.audience)).toEqual(["us"]);
  });
});

describe("check: source grounding", () => {
  const ungrounded = fixture("check/ungrounded.md");
  const grounded_ = fixture("check/grounded.md");

  it("--source: reports invented figures and misquotes at their place, and accepts the correct ones", async () => {
    const p = project({ ungrounded, grounded: grounded_ }, { "sources/paper.txt": paper });
    const { code, json } = await checkJson(p, "--source", "sources/paper.txt");
    expect(code).toBe(1);
    const errors = json.problems.filter((m) => m.severity === "error");
    expect(errors.every((m) => m.file === "briefs/ungrounded.md")).toBe(true);
    expect(errors.map((m) => ({ rule: m.rule, ...place(m) }))).toEqual([
      { rule: "ungrounded-number", ...at(ungrounded, "12 billion") },
      { rule: "ungrounded-number", ...at(ungrounded, "4.7 billion") },
      { rule: "ungrounded-number", ...at(ungrounded, "39 per cent") },
      { rule: "ungrounded-number", ...at(ungrounded, "1991–98") },
      { rule: "misquote", ...at(ungrounded, "“the corridor is open as long") },
    ]);
    expect(errors[3]!.message).toContain("it never gives 1998");
    expect(errors[4]!.message).toContain("as far as “the corridor is open”");
  });

  it("uses front matter `source.text` (relative to the brief) when there is no --source", async () => {
    const withText = ungrounded.replace("  date: 2025-06\n", "  date: 2025-06\n  text: ../sources/paper.txt\n");
    const p = project({ ungrounded: withText, grounded: grounded_ }, { "sources/paper.txt": paper });
    const { json } = await checkJson(p);
    expect(json.problems.filter((m) => m.rule === "ungrounded-number" || m.rule === "misquote")).toHaveLength(5);
    expect(json.problems.filter((m) => m.file === "briefs/grounded.md" && m.severity === "error")).toEqual([]);
  });

  it("reports a missing `source.text` file at its key, and a missing --source as a usage error", async () => {
    const p = project({ grounded: grounded_ });
    const { code, json } = await checkJson(p);
    expect(code).toBe(1);
    const problem = json.problems.find((m) => m.rule === "source-text");
    expect(problem && place(problem)).toEqual(at(grounded_, "../sources/paper.txt"));
    const flag = await runCli(["check", "--source", "nowhere.txt"], p.root);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--source nowhere.txt: source text `nowhere.txt` does not exist");
  });

  it("refuses a PDF as the source text", async () => {
    const p = project({ clean }, { "paper.pdf": "%PDF-1.7\n..." });
    const run = await runCli(["check", "--source", "paper.pdf"], p.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("pdftotext");
  });
});

describe("check: every brief's problems in one run", () => {
  it("reports a malformed YAML front matter and an unknown audience in a directive, each located", async () => {
    const badYaml = clean.replace(/^subtitle: .*$/m, 'subtitle: "A subtitle left open');
    const badAudience = clean.replace('{for="eu"}\nBrussels', '{for="eu nato"}\nBrussels');
    const p = project({ "bad-yaml": badYaml, "bad-audience": badAudience, clean });
    const { code, json } = await checkJson(p);
    expect(code).toBe(1);
    const yaml = json.problems.filter((m) => m.file === "briefs/bad-yaml.md");
    expect(yaml.map((m) => m.rule)).toEqual(["yaml-syntax"]);
    expect(yaml[0]!.line).toBe(at(badYaml, "subtitle:").line);
    const audience = json.problems.filter((m) => m.file === "briefs/bad-audience.md");
    expect(audience.map((m) => ({ rule: m.rule, ...place(m) }))).toEqual([
      { rule: "unknown-audience", ...at(badAudience, ':::audience{for="eu nato"}') },
    ]);
    expect(json.problems.filter((m) => m.file === "briefs/clean.md")).toEqual([]);
    expect(json.summary.errors).toBe(2);
  });

  it("reports the problems of audience.yml and brand.yml files too", async () => {
    const p = project({ clean });
    const eu = p.read("templates/audiences/eu/audience.yml").replace("paper: A4", "paper: A5");
    p.write("templates/audiences/eu/audience.yml", eu);
    p.write("templates/brand.yml", p.read("templates/brand.yml").replace("primary: navy", "primary: teal"));
    const { code, json } = await checkJson(p);
    expect(code).toBe(1);
    const audience = json.problems.find((m) => m.file === "templates/audiences/eu/audience.yml");
    expect(audience && { rule: audience.rule, ...place(audience) }).toEqual({ rule: "invalid-field", ...at(eu, "A5") });
    const brand = json.problems.find((m) => m.file === "templates/brand.yml");
    expect(brand?.rule).toBe("brand-color");
    expect(brand?.line).toBe(at(p.read("templates/brand.yml"), "primary: teal").line);
  });

  it("respects --brief and refuses arguments it does not take", async () => {
    const p = project({ clean, plain: fixture("check/plain.md") });
    const { json } = await checkJson(p, "--brief", "clean");
    expect(json.problems).toEqual([]);
    expect(json.summary.files).toBe(SHIPPED_AUDIENCES.length + SHIPPED_PACKS.length + 2);
    expect((await runCli(["check", "clean"], p.root)).code).toBe(2);
  });
});

describe("figures: read the same way in the brief and the source", () => {
  it("finds figures and skips names (list markers and footnote labels are not text at all)", () => {
    const text =
      "USD 245 billion, a 4,200-kilometre border, 37 per cent (1991–99), the S-400, G20, 5G, COVID-19 and mid-2024.";
    expect(findFigures(text).map((f) => f.text)).toEqual(["245 billion", "4,200", "37 per cent", "1991–99", "2024"]);
    expect(findFigures("1991–99")[0]!.quantities.map((q) => q.mantissa)).toEqual([1991, 1999]);
    expect(findFigures("1999–01")[0]!.quantities.map((q) => q.mantissa)).toEqual([1999, 2001]);
    expect(findFigures("in 2024 – 37 per cent").map((f) => f.text)).toEqual(["2024", "37 per cent"]);
  });

  const source = sourceText(
    "Trade reached US$245bn in 2024, up from 104 billion dollars. The border is 4200 km long. China's share is 37%. " +
      "Under Yeltsin (1991-1999) ties improved, and again in 2000–2004. Some twenty-three ships sank; 2.5 million tonnes moved. Table 3: 61 | 19.",
    "paper.txt",
  );
  const ok = (phrase: string) =>
    findFigures(phrase).every((f) => f.quantities.every((q) => grounded(q, source.figures)));

  it.each([
    "USD 245 billion",
    "245 billion",
    "245 bn",
    "4,200",
    "4,200-kilometre",
    "37 per cent",
    "37 percent",
    "1991–99",
    "2000–04",
    "23 ships",
    "2,500,000 tonnes",
    "2,500 thousand",
    "about 2.5 million",
    "about 240 billion",
    "nearly 40 per cent",
    "61 billion",
  ])("accepts %s", (phrase) => expect(ok(phrase)).toBe(true));

  it.each([
    ["254 billion", "digits changed"],
    ["245 million", "wrong scale"],
    ["104 million", "wrong scale"],
    ["38 per cent", "another figure"],
    ["61 per cent", "a number the source never gives as a percentage"],
    ["1991–98", "a range end the source never gives"],
    ["4,300", "another figure"],
    ["2.6 million", "a figure written as exact"],
    ["about 300 billion", "not even roughly"],
  ])("rejects %s (%s)", (phrase) => expect(ok(phrase)).toBe(false));
});

describe("quotations: word for word, typography aside", () => {
  const source = quoteSource(
    "Lo writes that “No American president can, much less will, match this package.” He calls it ‘virtually inconceiv-\nable’ that Moscow—or anyone—would switch. Russia’s long-term interest is clear.",
  );
  const match = (q: string) => matchQuotation(q, source).ok;

  it("finds curly and straight double quotes, not apostrophes or single quotes", () => {
    expect(findQuotations(`He said “one two” and "three four", Russia's 'scare quote'.`).map((q) => q.text)).toEqual([
      "one two",
      "three four",
    ]);
  });

  it.each([
    "No American president can, much less will, match this package.",
    "no American president can, much less will, match this package",
    "virtually inconceivable",
    "Moscow – or anyone – would switch",
    "Moscow—or anyone—would switch",
    "Russia's long-term interest",
    "No American president can … match this package",
    "[no] American president can, much less will, match this package",
  ])("accepts “%s”", (q) => expect(match(q)).toBe(true));

  it.each([
    "No American president can, much less would, match this package.",
    "No US president can, much less will, match this package.",
    "virtually impossible",
    "Russia's long-term interests",
    "match this package … No American president",
  ])("rejects “%s”", (q) => expect(match(q)).toBe(false));
});
