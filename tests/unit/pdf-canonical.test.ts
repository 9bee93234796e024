// The print stage's PDF post-processing, on a PDF Chromium wrote (tests/fixtures/pdf/chromium-table.pdf: the
// fixture brief's US edition, with a table whose header cells carry Chromium's made-up structure ids).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { REPO } from "../helpers/project.js";
import { rewriteChromiumPdf, setPdfMetadata, type PdfMetadata } from "../../src/print/pdf-metadata.js";

const RAW = readFileSync(join(REPO, "tests", "fixtures", "pdf", "chromium-table.pdf"));
const META: PdfMetadata = {
  title: "Grain corridors & <ports>",
  author: "Test Analyst",
  subject: "Grain moves when ports stay open.",
  keywords: ["grain", "ports"],
  creator: "brief test",
  lang: "en-US",
  date: new Date(Date.UTC(2025, 6, 2)),
  id: "ab".repeat(32),
};
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");
const rewrite = async (pdf: Uint8Array) => latin1((await setPdfMetadata(pdf, META)).bytes);

/** The raw file with two of Chromium's ids exchanged, as a print after other prints numbers them. */
function renumbered(raw: Buffer): Buffer {
  const ids = [...new Set(latin1(raw).match(/\(node\d+\)/g))];
  expect(ids.length).toBeGreaterThanOrEqual(2);
  const [a, b] = [ids[0]!, ids.at(-1)!];
  return Buffer.from(
    latin1(raw).replace(/\(node\d+\)/g, (id) => (id === a ? b : id === b ? a : id)),
    "latin1",
  );
}

/** Objects of the rewritten file: number → text (streams' data left out). */
function objects(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const m of text.matchAll(/(?:^|\n)(\d+) 0 obj\n([\s\S]*?)\nendobj/g))
    map.set(Number(m[1]), m[2]!.split("\nstream\n")[0]!);
  return map;
}

describe("setPdfMetadata: a canonical PDF", () => {
  it("gives the same bytes whatever numbers Chromium gave its structure ids", async () => {
    const a = await rewrite(RAW);
    const b = await rewrite(renumbered(RAW));
    expect(b).toBe(a);
    expect(await rewrite(RAW)).toBe(a);
  });

  it("numbers structure ids in document order: the first table header cell is node00000001", async () => {
    const objs = objects(await rewrite(renumbered(RAW)));
    // Walk the structure tree from its root, in order, and list the ids met.
    const root = [...objs.values()].find((o) => o.includes("/Type /StructTreeRoot"))!;
    const met: string[] = [];
    const seen = new Set<number>();
    const walk = (text: string) => {
      for (const m of text.matchAll(/(\d+) 0 R/g)) {
        const n = Number(m[1]);
        const obj = objs.get(n);
        if (seen.has(n) || !obj?.includes("/Type /StructElem")) continue;
        seen.add(n);
        const id = /\/ID \((node\d+)\)/.exec(obj)?.[1];
        if (id) met.push(id);
        walk(/\/K ([\s\S]*?)(?:\n\/[A-Z]|>>$)/.exec(obj)?.[1] ?? "");
      }
    };
    walk(/\/K (\d+ 0 R|\[[^\]]*\])/.exec(root)![1]!);
    expect(met.length).toBeGreaterThanOrEqual(2);
    expect(met).toEqual(met.map((_, i) => `node${String(i + 1).padStart(8, "0")}`));
    // The ID tree lists them sorted, each pointing at the element that carries it.
    const leaf = [...objs.values()].find((o) => o.includes("/Names [(node"))!;
    const pairs = [...leaf.matchAll(/\((node\d+)\) (\d+) 0 R/g)];
    expect(pairs.map((p) => p[1])).toEqual([...met].sort());
    for (const [, id, n] of pairs) expect(objs.get(Number(n))).toContain(`/ID (${id})`);
  });

  it("maps every structure type PDF 1.7 does not define to a standard one in a /RoleMap", async () => {
    const text = await rewrite(RAW);
    const types = new Set([...text.matchAll(/\/Type \/StructElem\n\/S \/(\w+)/g)].map((m) => m[1]!));
    expect(types).toContain("Strong");
    const roleMap = /\/RoleMap <<([^>]*)>>/.exec(text)![1]!;
    expect(roleMap).toContain("/Strong /Span");
    expect(roleMap).toContain("/Em /Span");
    const standard =
      /^(Document|Part|Art|Sect|Div|NonStruct|P|H[1-6]?|L|LI|Lbl|LBody|Table|TR|TH|TD|THead|TBody|TFoot|Span|Link|Figure|Caption|Note|Reference|Quote|BlockQuote)$/;
    for (const t of types) expect(standard.test(t) || roleMap.includes(`/${t} /`), t).toBe(true);
  });

  it("declares PDF/UA-1 and sets what it requires that Chromium leaves out", async () => {
    const text = await rewrite(RAW);
    expect(text.startsWith("%PDF-1.7")).toBe(true);
    expect(text).toMatch(/\/MarkInfo <<\/Type \/MarkInfo\n\/Marked true>>/);
    const xmp = /<x:xmpmeta[\s\S]*<\/x:xmpmeta>/.exec(text)![0];
    expect(xmp).toContain("<pdfuaid:part>1</pdfuaid:part>");
    expect(Buffer.from(xmp, "latin1").toString("utf8")).toContain("Grain corridors &amp; &lt;ports&gt;");
    expect(xmp).toContain("<xmp:CreateDate>2025-07-02T00:00:00Z</xmp:CreateDate>");
    const pages = [...objects(text).values()].filter((o) => /\/Type \/Page\n/.test(o));
    expect(pages.length).toBe(2);
    for (const page of pages) expect(page).toContain("/Tabs /S");
  });

  it("leaves every link annotation in the structure tree (an OBJR whose element is a Link)", async () => {
    const objs = objects(await rewrite(RAW));
    const links = [...objs].filter(([, o]) => o.includes("/Subtype /Link"));
    expect(links.length).toBeGreaterThan(0);
    for (const [n, o] of links) {
      expect(o).toMatch(/\/StructParent \d+/);
      const owner = [...objs.values()].find(
        (e) => e.includes("/Type /StructElem") && new RegExp(`/Type /OBJR\\n/Obj ${n} 0 R`).test(e),
      );
      expect(owner, `annotation ${n}`).toMatch(/\/S \/Link/);
    }
  });

  it("reads back: page count, title and timestamps; a xref table that points at every object", async () => {
    const { bytes, pages } = await setPdfMetadata(RAW, META);
    expect(pages).toBe(2);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getTitle()).toBe(META.title);
    expect(doc.getCreationDate()?.toISOString()).toBe("2025-07-02T00:00:00.000Z");
    const text = latin1(bytes);
    const xref = text.slice(text.lastIndexOf("xref\n"));
    const entries = [...xref.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    entries.forEach((offset, i) =>
      expect(text.slice(offset).startsWith(`${i + 1} 0 obj`), `object ${i + 1}`).toBe(true),
    );
  });

  it("puts a PDF of another layout (object streams) in the same canonical form through pdf-lib", async () => {
    const other = await (
      await PDFDocument.load(renumbered(RAW), { updateMetadata: false })
    ).save({ useObjectStreams: true });
    const text = await rewrite(other);
    expect(text).toContain("<pdfuaid:part>1</pdfuaid:part>");
    expect(text).toContain("/RoleMap");
    const again = await rewrite(
      await (await PDFDocument.load(RAW, { updateMetadata: false })).save({ useObjectStreams: true }),
    );
    expect(again).toBe(text);
    expect((await PDFDocument.load(Buffer.from(text, "latin1"))).getPageCount()).toBe(2);
  });

  it("reads every kind of PDF value on the fast path: nested and escaped strings, comments, hex, numbers", () => {
    // A small file of Chromium's layout, each object back to back and a classic xref table; its structure element
    // holds one value of each kind the scanner must step over to reach the keys after it.
    const objects = [
      "<</Type /Catalog /Pages 2 0 R /Lang (en-US) /StructTreeRoot 5 0 R /MarkInfo <</Marked true>>>>",
      "<</Type /Pages /Kids [3 0 R] /Count 1>>",
      "<</Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources <<>>>>",
      "<</Producer (Skia/PDF)>>",
      "<</Type /StructTreeRoot /K [6 0 R]>>",
      "<</Type/StructElem%a comment, then a name with no space before it\n" +
        "/Alt (a (nested (twice)) string with \\) an escaped parenthesis) /E <48656C6C6F>" +
        " /N [-3 +4 .5 -.25 6. 1.5 true false null] /D <</Inner [1 0 R <<>>]>> /S /Strong /ID (node7) /P 5 0 R>>",
    ];
    let text = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    const offsets = objects.map((body, i) => {
      const at = text.length;
      text += `${i + 1} 0 obj\n${body}\nendobj\n`;
      return at;
    });
    const xref = text.length;
    text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const at of offsets) text += `${String(at).padStart(10, "0")} 00000 n \n`;
    text += `trailer\n<</Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R>>\nstartxref\n${xref}\n%%EOF`;

    const out = rewriteChromiumPdf(new Uint8Array(Buffer.from(text, "latin1")), META);
    expect(out, "the fast path took the file").toBeDefined();
    const written = latin1(out!.bytes);
    expect(out!.pages).toBe(1);
    // Every key after the tricky values was read: the element's id renumbered, its PDF 2.0 type given a role.
    expect(written).toContain("/ID (node00000001)");
    expect(written).toContain("/RoleMap <</Strong /Span>>");
    expect(written).toContain("(a (nested (twice)) string with \\) an escaped parenthesis)");
    expect(written).toContain("/N [-3 +4 .5 -.25 6. 1.5 true false null]");
  });

  it("leaves a file it cannot read to pdf-lib: an unterminated string, a stray character", () => {
    for (const bad of ["/Alt (never closed", "/N @"]) {
      const body = `<</Type /Catalog /Pages 2 0 R /Lang (en-US) ${bad}>>`;
      let text = "%PDF-1.4\n";
      const at = text.length;
      text += `1 0 obj\n${body}\nendobj\n`;
      const xref = text.length;
      text += `xref\n0 2\n0000000000 65535 f \n${String(at).padStart(10, "0")} 00000 n \n`;
      text += `trailer\n<</Size 2 /Root 1 0 R /Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
      expect(rewriteChromiumPdf(new Uint8Array(Buffer.from(text, "latin1")), META), bad).toBeUndefined();
    }
  });
});
