// The dark scheme's colours (src/render/dark.ts): every brand text colour reaches WCAG AA on the darkest panel it sits
// on, whatever the brand; colours already legible are kept.
import { describe, expect, it } from "vitest";
import { darkColours, darkSchemeCss, DARK_SHEET } from "../../src/render/dark.js";
import { contrast } from "../../src/load/brand-checks.js";
import type { Brand } from "../../src/shared/model.js";

const brands: Record<string, Record<string, string>> = {
  shipped: {
    foreground: "#1a1a1a",
    background: "#ffffff",
    primary: "#1f3a5f",
    secondary: "#4a5a6a",
    tertiary: "#9c3d26",
    light: "#eef2f6",
  },
  // An accent darker than the sheet itself (the BLUF tint is then darker than the sheet).
  midnight: {
    foreground: "#1a1a1a",
    background: "#ffffff",
    primary: "#0b1630",
    secondary: "#4a5a6a",
    tertiary: "#9c3d26",
    light: "#eef2f6",
  },
  black: {
    foreground: "#000000",
    background: "#ffffff",
    primary: "#000000",
    secondary: "#000000",
    tertiary: "#000000",
    light: "#eeeeee",
  },
  vivid: {
    foreground: "#222222",
    background: "#ffffff",
    primary: "#0000ff",
    secondary: "#006400",
    tertiary: "#b00020",
    light: "#fff4cc",
  },
};

describe("darkColours", () => {
  it.each(Object.keys(brands))(
    "%s: every text colour has 4.5:1 on the sheet, the BLUF and end-matter panels",
    (name) => {
      const dark = darkColours(brands[name]!);
      expect(dark.background).toBe(DARK_SHEET);
      for (const role of ["foreground", "primary", "secondary", "tertiary"]) {
        expect(contrast(dark[role]!, dark.background!), `${role} on the sheet`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(dark[role]!, dark.light!), `${role} on the BLUF panel`).toBeGreaterThanOrEqual(4.5);
        if (role !== "foreground")
          expect(contrast(dark[role]!, "#262c33"), `${role} on the end matter`).toBeGreaterThanOrEqual(4.5);
      }
      expect(contrast(dark.foreground!, dark.light!)).toBeGreaterThanOrEqual(10);
    },
  );

  it("keeps a colour that is already light enough", () => {
    expect(darkColours({ ...brands.shipped!, primary: "#9cc3ff" }).primary).toBe("#9cc3ff");
  });

  it("writes the dark colours for the screen only, and the brand's own back on figures", () => {
    const css = darkSchemeCss({ colors: brands.shipped! } as unknown as Brand);
    expect(css).toMatch(/^@media screen and \(prefers-color-scheme:dark\)\{:root\{--color-background:#1e2329;/);
    expect(css).toContain(".memo-body figure{--color-background:#ffffff;--color-light:#eef2f6;");
    expect(css).toMatch(/\.memo-body figure\{[^}]*--color-primary:#1f3a5f;/);
  });
});
