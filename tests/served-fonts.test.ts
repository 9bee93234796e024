// A printed memo's HTML names the brand's fonts by URL and the print page answers from memory (shared/served.ts):
// about 30 KB a memo goes to Chromium instead of about 200 KB. What a reader checks: the PDF carries the brand's font,
// a served URL asked for as anything but a font is blocked like any other request, and the PDF's /ID is the one the
// self-contained HTML gives.
import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BrowserSession } from "../src/print/browser.js";
import { printIsolated } from "../src/print/print.js";
import { SERVED_ORIGIN, SERVED_URL, servedUrlOf } from "../src/shared/served.js";
import { documentId } from "../src/build/print-editions.js";
import type { EditionWarning } from "../src/shared/problems.js";
import { pdfFonts } from "./helpers/pdf.js";

const fontFile = createRequire(import.meta.url).resolve(
  "@fontsource/source-serif-4/files/source-serif-4-latin-700-normal.woff2",
);
const bytes = readFileSync(fontFile);
const url = `${SERVED_ORIGIN}0123456789abcdef0123456789abcdef.woff2`;
const session = new BrowserSession();
session.serve(new Map([[url, { bytes, type: "font/woff2" }]]));
/** The PDFs the tests print, in one temp folder removed at the end. */
const pdfs = mkdtempSync(join(tmpdir(), "brief-served-"));
let printed = 0;
afterAll(async () => {
  await session.close();
  rmSync(pdfs, { recursive: true, force: true });
});

const memo = (head: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>` +
  `<style>@page{size:A4}${head}</style></head><body>${body}</body></html>`;
const face = (src: string) =>
  `@font-face{font-family:"Served";font-weight:700;font-style:normal;font-display:block;src:url("${src}")}` +
  `p{font-family:"Served";font-weight:700}`;

async function print(html: string, warnings: EditionWarning[]): Promise<string> {
  const pdf = await printIsolated(session, html, "us/served", 30_000, warnings);
  const file = join(pdfs, `memo-${++printed}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

describe("fonts served to the print page", () => {
  it("embeds a served font in the PDF, with no warning", async () => {
    const warnings: EditionWarning[] = [];
    const file = await print(memo(face(url), ""), []);
    const plain = await print(memo("", "<p>Bottom line up front</p>"), warnings);
    const served = await print(memo(face(url), "<p>Bottom line up front</p>"), warnings);
    expect(warnings).toEqual([]);
    expect(pdfFonts(served).map((f) => f.name)).toEqual([expect.stringMatching(/\+SourceSerif4-Bold$/)]);
    expect(pdfFonts(served)[0]?.embedded).toBe(true);
    expect(
      pdfFonts(plain)
        .map((f) => f.name)
        .join(" "),
    ).not.toMatch(/SourceSerif4/);
    expect(pdfFonts(file)).toEqual([]);
  }, 60_000);

  it("blocks, with a warning, a served URL asked for as an image, and a URL of the same host it does not serve", async () => {
    const warnings: EditionWarning[] = [];
    const other = `${SERVED_ORIGIN}ffffffffffffffffffffffffffffffff.woff2`;
    const file = await print(memo(face(other), `<p>Text</p><img src="${url}" alt="x">`), warnings);
    expect(warnings).toEqual(
      expect.arrayContaining([
        { rule: "blocked-request", url },
        { rule: "blocked-request", url: other },
      ]),
    );
    expect(
      pdfFonts(file)
        .map((f) => f.name)
        .join(" "),
    ).not.toMatch(/SourceSerif4/);
  }, 60_000);
});

describe("the PDF's /ID", () => {
  it("is the SHA-256 of the edition's name and the self-contained HTML, each served URL as its data: URL", () => {
    const data = `data:font/woff2;base64,${bytes.toString("base64")}`;
    const inlined = new Map([[url, data]]);
    const served = memo(face(url) + face(url), "<p>é — 中文</p>");
    const selfContained = memo(face(data) + face(data), "<p>é — 中文</p>");
    const expected = createHash("sha256").update(`us/served\0${selfContained}`).digest("hex");
    expect(documentId("us/served", served, inlined)).toBe(expected);
    // A URL of the host that is not served stays as written.
    const unknown = `${SERVED_ORIGIN}ffff.woff2`;
    // Every URL the build names a font by is one documentId finds.
    expect(servedUrlOf(bytes, ".woff2")).toMatch(new RegExp(`^${SERVED_URL.source}$`));
    expect(documentId("us/x", `a ${unknown} b`, inlined)).toBe(
      createHash("sha256").update(`us/x\0a ${unknown} b`).digest("hex"),
    );
  });
});
