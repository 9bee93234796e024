// When the CLI stops V8's TurboFan for a build (src/cli/compiler-tier.ts): Node 20's V8 only, PDF builds and small
// HTML builds, never when BRIEF_TURBOFAN asks to keep it. And when it turns concurrent marking off: Node 20's V8 only,
// never when BRIEF_CONCURRENT_MARKING asks to keep it.
import { describe, expect, it } from "vitest";
import {
  HTML_TURBOFAN_BRIEFS,
  KEEP_CONCURRENT_MARKING_ENV,
  KEEP_TURBOFAN_ENV,
  stopsConcurrentMarking,
  stopsTurbofan,
} from "../../../src/cli/compiler-tier.js";

const NODE20_V8 = "11.3.244.8-node.33";

describe("stopsTurbofan", () => {
  it("on Node 20's V8: stops it for any PDF build, and for HTML builds of fewer than 64 briefs", () => {
    expect(HTML_TURBOFAN_BRIEFS).toBe(64);
    expect(stopsTurbofan({ briefs: 1, pdf: true }, {}, NODE20_V8)).toBe(true);
    expect(stopsTurbofan({ briefs: 3000, pdf: true }, {}, NODE20_V8)).toBe(true);
    expect(stopsTurbofan({ briefs: 0, pdf: false }, {}, NODE20_V8)).toBe(true);
    expect(stopsTurbofan({ briefs: 63, pdf: false }, {}, NODE20_V8)).toBe(true);
    expect(stopsTurbofan({ briefs: 64, pdf: false }, {}, NODE20_V8)).toBe(false);
    expect(stopsTurbofan({ briefs: 3000, pdf: false }, {}, NODE20_V8)).toBe(false);
  });

  it("on later V8s (Node 22 and on, with Maglev): leaves the compiler alone", () => {
    for (const v8 of ["12.4.254.21-node.33", "13.6.233.10-node.18", "14.1.146.11-node.24"]) {
      expect(stopsTurbofan({ briefs: 4, pdf: true }, {}, v8)).toBe(false);
      expect(stopsTurbofan({ briefs: 4, pdf: false }, {}, v8)).toBe(false);
    }
  });

  it(`${KEEP_TURBOFAN_ENV} set to anything but "" or "0" keeps it`, () => {
    expect(stopsTurbofan({ briefs: 4, pdf: true }, { [KEEP_TURBOFAN_ENV]: "1" }, NODE20_V8)).toBe(false);
    expect(stopsTurbofan({ briefs: 4, pdf: true }, { [KEEP_TURBOFAN_ENV]: "yes" }, NODE20_V8)).toBe(false);
    expect(stopsTurbofan({ briefs: 4, pdf: true }, { [KEEP_TURBOFAN_ENV]: "0" }, NODE20_V8)).toBe(true);
    expect(stopsTurbofan({ briefs: 4, pdf: true }, { [KEEP_TURBOFAN_ENV]: "" }, NODE20_V8)).toBe(true);
  });
});

describe("stopsConcurrentMarking", () => {
  it("turns it off on Node 20's V8 only", () => {
    expect(stopsConcurrentMarking({}, NODE20_V8)).toBe(true);
    expect(stopsConcurrentMarking({}, "11.8.172.17-node.19")).toBe(true);
    for (const v8 of ["10.2.154.26-node.36", "12.4.254.21-node.33", "13.6.233.10-node.18", "14.1.146.11-node.24"])
      expect(stopsConcurrentMarking({}, v8)).toBe(false);
  });

  it(`${KEEP_CONCURRENT_MARKING_ENV} set to anything but "" or "0" keeps it`, () => {
    expect(KEEP_CONCURRENT_MARKING_ENV).toBe("BRIEF_CONCURRENT_MARKING");
    expect(stopsConcurrentMarking({ [KEEP_CONCURRENT_MARKING_ENV]: "1" }, NODE20_V8)).toBe(false);
    expect(stopsConcurrentMarking({ [KEEP_CONCURRENT_MARKING_ENV]: "yes" }, NODE20_V8)).toBe(false);
    expect(stopsConcurrentMarking({ [KEEP_CONCURRENT_MARKING_ENV]: "0" }, NODE20_V8)).toBe(true);
    expect(stopsConcurrentMarking({ [KEEP_CONCURRENT_MARKING_ENV]: "" }, NODE20_V8)).toBe(true);
  });

  it("leaves BRIEF_TURBOFAN to the compiler: each variable keeps only its own", () => {
    expect(stopsConcurrentMarking({ [KEEP_TURBOFAN_ENV]: "1" }, NODE20_V8)).toBe(true);
    expect(stopsTurbofan({ briefs: 4, pdf: true }, { [KEEP_CONCURRENT_MARKING_ENV]: "1" }, NODE20_V8)).toBe(true);
  });
});
