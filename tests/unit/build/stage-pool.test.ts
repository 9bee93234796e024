// Worker serialisation: a brief's messages cross the thread boundary as plain data and come back whole.
import { describe, expect, it } from "vitest";
import { VFile } from "vfile";
import { addMessages, messagesOf } from "../../../src/build/stage-pool.js";
import { fail, warn } from "../../../src/shared/problems.js";

describe("messages across threads", () => {
  it("survive structured cloning with place, rule, severity and hints", () => {
    const there = new VFile({ path: "briefs/a.md", value: "text" });
    fail(there, "An error.", { start: { line: 2, column: 3 }, end: { line: 2, column: 9 } }, "front-matter");
    warn(there, "A warning.", { line: 5, column: 1 }, "plain-language");
    const m = there.messages[1]!;
    Object.assign(m, { note: "a note", url: "https://example.org/rule", actual: "utilise", expected: ["use"] });

    const data = structuredClone(messagesOf(there)); // what postMessage does
    const here = new VFile({ path: "briefs/a.md", value: "text" });
    addMessages(here, data);

    const view = (f: VFile) =>
      f.messages.map((x) => ({
        reason: x.reason,
        line: x.line,
        column: x.column,
        place: x.place,
        ruleId: x.ruleId,
        source: x.source,
        fatal: x.fatal,
        note: x.note,
        url: x.url,
        actual: x.actual,
        expected: x.expected,
      }));
    expect(view(here)).toEqual(view(there));
    expect(here.messages[0]!.fatal).toBe(true);
  });

  it("sends only the messages added since a point", () => {
    const file = new VFile({ path: "briefs/a.md" });
    warn(file, "Before.", undefined, "r");
    warn(file, "After.", undefined, "r");
    expect(messagesOf(file, 1).map((m) => m.reason)).toEqual(["After."]);
  });
});
