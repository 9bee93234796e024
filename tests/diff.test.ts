// `diff <slug> <a> <b>`: what each reader sees that the other does not, section by section (text and --json).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProject, fixture, SHIPPED_AUDIENCES, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";
import type { EditionDiff } from "../src/diff/compare.js";

const sample = fixture("briefs/sample.md");
// An edition-only endnote cited before a shared one: the shared one's number differs between editions (2 vs 1).
const numbered = sample
  .replace(
    "## Executive summary\n",
    '## Executive summary\n\n:::audience{for="us"}\nA note for Washington only.[^us]\n:::\n',
  )
  .replace(/\n$/, "\n[^us]: A source only the US edition cites.\n");

let project: TempProject;
beforeAll(() => {
  project = makeProject({ sample, numbered });
});
afterAll(() => project.remove());

/** The text output split into blocks by section heading ("## Title…" → its lines). */
function blocks(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of stdout.split(/^## /m).slice(1)) out.set(part.split("\n")[0]!, part);
  return out;
}

describe("diff as text", () => {
  it("shows US-only and EU-only text in the right sections, and marks the sections that are the same", async () => {
    const r = await runCli(["diff", "sample", "us", "eu"], project.root);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const b = blocks(r.stdout);
    expect([...b.keys()]).toEqual([
      "Executive summary — same in both",
      "Key judgements — same in both",
      "Analysis",
      "Implications",
      "Recommendations",
      "Endnotes — same in both",
    ]);
    const analysis = b.get("Analysis")!;
    expect(analysis).toMatch(/Only in us:\n\s+• Only editions other than the EU see this paragraph: NOT-EU-MARKER\./);
    expect(analysis).not.toContain("Only in eu:");
    const implications = b.get("Implications")!;
    expect(implications).toMatch(
      /Only in us:\n\s+• Washington should watch insurance rates: US-IMPLICATIONS-MARKER\.\n\s+Only in eu:\n\s+• Brussels should fund the port authority: EU-IMPLICATIONS-MARKER, and an inline phrase for the\s+EU\./,
    );
    const recommendations = b.get("Recommendations")!;
    expect(recommendations).toMatch(
      /Only in us:\n\s+• The State Department should keep the corridor on its agenda\.\n\s+Only in eu:\n\s+• The Commission should keep funding the port authority\.\n\s+• Member states should share insurance data\./,
    );
    // shared text is not listed
    expect(r.stdout).not.toContain("A common paragraph every edition shows");
    expect(r.stdout).not.toContain("Derived from the analysis");
    // the edition settings a reader notices
    expect(r.stdout).toMatch(/paper\s+us: Letter\n\s+eu: A4/);
    expect(r.stdout).toMatch(/date\s+us: July 1, 2025\n\s+eu: 1 July 2025/);
    expect(r.stdout).toContain("3 of 6 sections differ: 3 passages only in us, 3 passages only in eu.");
  });

  it("does not count an endnote's number as a difference", async () => {
    const r = await runCli(["diff", "numbered", "us", "eu"], project.root);
    expect(r.code).toBe(0);
    const summary = blocks(r.stdout).get("Executive summary")!;
    expect(summary).toContain("• A note for Washington only.");
    expect(summary).not.toContain("Ports handled");
    expect(blocks(r.stdout).get("Endnotes")).toContain("[^us] A source only the US edition cites.");
  });
});

describe("diff --json", () => {
  it("gives each section with what only each audience sees", async () => {
    const r = await runCli(["diff", "sample", "eu", "us", "--json"], project.root);
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout) as EditionDiff;
    expect(diff).toMatchObject({
      brief: "sample",
      title: "Grain corridors after the harvest",
      audiences: ["eu", "us"],
      same: false,
    });
    expect(diff.editions).toEqual({ eu: "European Union edition", us: "United States edition" });
    expect(diff.sections.map((s) => [s.id, s.same])).toEqual([
      ["executive-summary", true],
      ["key-judgements", true],
      ["analysis", false],
      ["implications", false],
      ["recommendations", false],
      ["endnotes", true],
    ]);
    const section = (id: string) => diff.sections.find((s) => s.id === id)!;
    expect(section("analysis").only).toEqual({
      eu: [],
      us: ["Only editions other than the EU see this paragraph: NOT-EU-MARKER."],
    });
    expect(section("implications").only).toEqual({
      eu: ["Brussels should fund the port authority: EU-IMPLICATIONS-MARKER, and an inline phrase for the EU."],
      us: ["Washington should watch insurance rates: US-IMPLICATIONS-MARKER."],
    });
    expect(section("recommendations").only.eu).toEqual([
      "The Commission should keep funding the port authority.",
      "Member states should share insurance data.",
    ]);
    expect(section("key-judgements")).toMatchObject({
      title: "Key judgements",
      in: ["eu", "us"],
      only: { eu: [], us: [] },
    });
    expect(diff.details.find((d) => d.field === "paper")).toEqual({
      field: "paper",
      values: { eu: "A4", us: "Letter" },
    });
  });
});

describe("diff errors", () => {
  it("names the known briefs and audiences for unknown ones (usage error, exit 2)", async () => {
    const slug = await runCli(["diff", "sampel", "us", "eu"], project.root);
    expect(slug.code).toBe(2);
    expect(slug.stderr).toContain("Unknown brief `sampel`");
    expect(slug.stderr).toContain("Did you mean `sample`?");
    expect(slug.stderr).toContain("Briefs: numbered, sample.");
    const audience = await runCli(["diff", "sample", "us", "eux"], project.root);
    expect(audience.code).toBe(2);
    expect(audience.stderr).toContain(
      `Unknown audience \`eux\`. Did you mean \`eu\`? Audiences: ${SHIPPED_AUDIENCES.join(", ")}.`,
    );
    expect(audience.stdout).toBe("");
    expect((await runCli(["diff", "sample", "us"], project.root)).code).toBe(2);
    expect((await runCli(["diff", "sample", "us", "us"], project.root)).code).toBe(2);
  });

  it("says when the brief has no edition for an audience (exit 1)", async () => {
    const r = await runCli(["diff", "sample", "us", "global-south"], project.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("sample has no global-south edition");
    expect(r.stderr).toContain("audiences: [us, eu]");
  });
});
