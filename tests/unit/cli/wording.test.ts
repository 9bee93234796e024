// The words for a build's typed problems: only the CLI and watch put them into words, from these functions.
import { describe, expect, it } from "vitest";
import { failureText, hasOwnWords, warningText } from "../../../src/cli/wording.js";
import type { EditionFailure } from "../../../src/shared/problems.js";

const NAME = "us/a";

describe("edition failures", () => {
  it.each([
    [
      { cause: "input-errors", input: "brand", file: "templates/brand.yml" },
      "templates/brand.yml has errors (listed above); fix them to build any memo.",
    ],
    [
      { cause: "input-errors", input: "audience", file: "templates/audiences/us" },
      "templates/audiences/us has errors (listed above); fix them to build this edition.",
    ],
    [
      { cause: "input-errors", input: "brief", file: "briefs/a.md" },
      "briefs/a.md has errors (listed above); fix them to build its memos.",
    ],
    [
      { cause: "not-targeted", file: "briefs/a.md", audience: "us" },
      "briefs/a.md is not written for the us audience (front matter `audiences`).",
    ],
    [{ cause: "print", problem: { rule: "print", reason: "printing failed: boom" } }, "printing failed: boom"],
    [
      { cause: "template", problem: { rule: "template", reason: "layout.hbs:4: bad", file: "layout.hbs", line: 4 } },
      "layout.hbs:4: bad",
    ],
    [
      {
        cause: "over-budget",
        overruns: [
          { rule: "word-budget", actual: 900, budget: 800 },
          { rule: "page-budget", actual: 3, budget: 2 },
        ],
      },
      "us/a: 900 words, over the budget of 800. us/a: 3 pages, over the budget of 2. (--strict: shorten the brief or raise budgets in its front matter)",
    ],
  ] satisfies Array<[EditionFailure, string]>)("%o", (failure, text) => {
    expect(failureText(NAME, failure)).toBe(text);
  });

  it("only a failure that points at an input file's errors has no words of its own (they are that file's messages)", () => {
    expect(hasOwnWords({ cause: "input-errors", input: "brief", file: "briefs/a.md" })).toBe(false);
    expect(hasOwnWords({ cause: "write", problem: { rule: "write", reason: "Cannot write" } })).toBe(true);
    expect(hasOwnWords(undefined)).toBe(false);
  });
});

describe("edition warnings", () => {
  it("name the edition, the numbers and the budget; a blocked address is cut to 120 characters", () => {
    expect(warningText(NAME, { rule: "word-budget", actual: 900, budget: 800 })).toBe(
      "us/a: 900 words, over the budget of 800.",
    );
    const url = `https://example.org/${"x".repeat(200)}`;
    expect(warningText(NAME, { rule: "blocked-request", url })).toBe(
      `us/a: blocked a request to ${url.slice(0, 120)} (memos may only use their own assets and data: URLs).`,
    );
  });
});
