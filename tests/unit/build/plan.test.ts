// Planning: the audiences a brief lists (read without parsing it) and the shards of the edition matrix.
import { describe, expect, it } from "vitest";
import { shardOf } from "../../../src/build/plan.js";
import { declaredAudiences, readAudiencesField } from "../../../src/load/front-matter.js";

const IDS = ["eu", "global-south", "us"];
const brief = (yaml: string) => `---\n${yaml}\n---\n\n## Body\n`;

describe("the audiences a brief lists", () => {
  it.each([
    ["the one-line form", brief("title: A\naudiences: [us, eu]"), ["eu", "us"]],
    ["a YAML block list", brief("audiences:\n  - global-south\n  - us"), ["global-south", "us"]],
    ["no list: every audience", brief("title: A"), IDS],
    ["no front matter: every audience", "## Body\n", IDS],
    ["only unknown ids: every audience (the parse stage reports them)", brief("audiences: [nato]"), IDS],
    ["after a byte-order mark", `\uFEFF${brief("audiences: [us]")}`, ["us"]],
    ["with CRLF line ends", brief("audiences: [eu]").replace(/\n/g, "\r\n"), ["eu"]],
  ])("%s", (_, text, expected) => {
    expect(declaredAudiences(text, IDS)).toEqual(expected);
  });

  it("is unreadable (undefined) when the YAML does not parse, absent when there is no such field", () => {
    expect(readAudiencesField(brief("audiences:\n  - us\n bad: [indent"))).toBeUndefined();
    expect(readAudiencesField(brief("title: A"))).toEqual({ value: undefined });
  });
});

describe("shards", () => {
  it("split the matrix exactly once, in sizes that differ by at most one", () => {
    const matrix = Array.from({ length: 11 }, (_, i) => i);
    const parts = [1, 2, 3].map((index) => shardOf(matrix, { index, count: 3 }));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(matrix);
    expect(parts.map((p) => p.length)).toEqual([4, 4, 3]);
    expect(shardOf(matrix, undefined)).toEqual(matrix);
  });
});
