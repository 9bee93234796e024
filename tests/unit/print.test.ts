// The print stage's HTML preparation (no browser).
import { describe, expect, it } from "vitest";
import { withoutRefresh } from "../../src/print/print.js";

describe("withoutRefresh", () => {
  // Regression: a template's meta refresh navigated the print page after load; under load the print then
  // failed with "Execution context was destroyed" (seen in the hostile suite, 5 builds in 10 on a busy machine).
  it("drops every form of <meta http-equiv=refresh> and keeps other meta tags", () => {
    const html = [
      '<meta charset="utf-8">',
      '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/x">',
      "<META HTTP-EQUIV=Refresh CONTENT='5'>",
      '<meta content="1" http-equiv = "REFRESH" >',
      '<meta name="description" content="refresh the memo">',
    ].join("\n");
    const out = withoutRefresh(html);
    expect(out).not.toMatch(/http-equiv/i);
    expect(out).toContain('<meta charset="utf-8">');
    expect(out).toContain('<meta name="description" content="refresh the memo">');
  });
});
