// Editions in other languages and scripts, in real Chromium: French, Arabic (right to left) and Chinese test briefs
// for audiences in those languages, checked from the PDFs (fonts, text, language) and the HTML; a character no font
// covers fails its edition at its line and column before anything is printed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { pdfFonts, pdfInfo, pdfText } from "./helpers/pdf.js";
import { runCli } from "./helpers/cli.js";

const AUDIENCES: Record<string, string> = {
  "africa-fr": "name: Afrique francophone\nextends: global-south\nlang: fr-FR\nlocale: fr-FR\n",
  arab: "name: العالم العربي\nextends: global-south\nlang: ar\nlocale: ar-EG\n",
  china: "name: 中国读者\nextends: global-south\nlang: zh-CN\nlocale: zh-CN\n",
};

let project: TempProject;
let run: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  project = makeProject({
    fr: fixture("briefs/i18n/fr.md"),
    ar: fixture("briefs/i18n/ar.md"),
    zh: fixture("briefs/i18n/zh.md"),
    sample: fixture("briefs/sample.md"),
  });
  for (const [id, yml] of Object.entries(AUDIENCES)) project.write(`templates/audiences/${id}/audience.yml`, yml);
  run = await runCli([], project.root, { SOURCE_DATE_EPOCH: "1750000000" });
}, 180_000);
afterAll(() => project.remove());

const out = (p: string) => join(project.root, "out", p);
/** Font families of a PDF without the subset prefix: "AAAAAA+NotoSerifSCExtraLight-Bold" → "NotoSerifSC". */
const families = (file: string) =>
  [...new Set(pdfFonts(file).map((f) => f.name.replace(/^[A-Z]{6}\+/, "").replace(/(ExtraLight)?-.*$/, "")))].sort();

describe("each language's briefs go to its audiences only", () => {
  it("builds fr for africa-fr, ar for arab, zh for china, and the English sample for the English audiences", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    for (const p of ["africa-fr/fr.pdf", "arab/ar.pdf", "china/zh.pdf", "us/sample.pdf", "eu/sample.pdf"])
      expect(existsSync(out(p)), p).toBe(true);
    for (const p of ["africa-fr/sample.html", "us/fr.html", "arab/zh.html", "china/ar.html", "global-south/fr.html"])
      expect(existsSync(out(p)), p).toBe(false);
  });
});

describe("the web edition's bar speaks the memo's language", () => {
  it("links to the index and the PDF in French, Arabic and Chinese, and in English for the English memo", () => {
    const bar = (p: string) => /<nav class="web-nav"[\s\S]*?<\/nav>/.exec(readFileSync(out(p), "utf8"))?.[0] ?? "";
    expect(bar("africa-fr/fr.html")).toContain(">Toutes les notes</a>");
    expect(bar("africa-fr/fr.html")).toContain(">Imprimer ou télécharger (PDF)</a>");
    expect(bar("africa-fr/fr.html")).toContain("Éditions\u00a0:");
    expect(bar("arab/ar.html")).toContain(">جميع المذكرات</a>");
    expect(bar("china/zh.html")).toContain(">打印或下载（PDF）</a>");
    expect(bar("africa-fr/fr.html")).toContain('aria-label="Note"');
    expect(bar("china/zh.html")).toContain('aria-label="备忘录"');
    expect(bar("us/sample.html")).toContain('aria-label="Memo"');
    expect(bar("us/sample.html")).toContain(">All memos</a>");
    for (const p of ["africa-fr/fr.html", "arab/ar.html", "china/zh.html"]) expect(bar(p)).not.toContain("All memos");
  });
});

describe("the index page lists Chinese and Arabic memos in fonts it carries", () => {
  it("embeds the fallback faces for exactly the characters the brand's fonts lack, at the head of its font stacks", () => {
    const html = readFileSync(out("index.html"), "utf8");
    const faces = html.match(/@font-face\{font-family:"(Noto Serif SC|Noto Naskh Arabic)"[^}]*\}/g) ?? [];
    expect(new Set(faces.map((f) => /"([^"]+)"/.exec(f)![1]))).toEqual(new Set(["Noto Serif SC", "Noto Naskh Arabic"]));
    // Each range lists code points, none of them Latin: Latin text keeps the page's own fonts.
    for (const f of faces) {
      const range = /unicode-range:([^;]+);/.exec(f)![1]!;
      expect(range).toMatch(/^U\+[0-9a-f]+(,U\+[0-9a-f]+)*$/);
      for (const cp of range.split(",").map((u) => parseInt(u.slice(2), 16))) expect(cp, range).toBeGreaterThan(0x24f);
    }
    expect(html).toContain('body{margin:0;font:17px/1.55 "Noto Naskh Arabic","Noto Serif SC",Georgia,');
    // The Chinese characters of the index (its title, the China edition's name) are in some face's range.
    const ranges = faces.join(",");
    for (const ch of "收获之后的粮食走廊中国读者") expect(ranges, ch).toContain(`U+${ch.codePointAt(0)!.toString(16)}`);
  });
});

describe("fonts: every glyph from the brand's fonts or its fallbacks, embedded", () => {
  it("Arabic comes from Noto Naskh Arabic, Chinese from Noto Serif SC, nothing from a system font", () => {
    expect(families(out("arab/ar.pdf"))).toEqual(["NotoNaskhArabic", "SourceSans3", "SourceSerif4"]);
    expect(families(out("china/zh.pdf"))).toEqual(["NotoSerifSC", "SourceSans3", "SourceSerif4"]);
    expect(families(out("africa-fr/fr.pdf"))).toEqual(["SourceSans3", "SourceSerif4"]);
    expect(families(out("us/sample.pdf"))).toEqual(["SourceSans3", "SourceSerif4"]);
    for (const f of ["arab/ar.pdf", "china/zh.pdf"]) expect(pdfFonts(out(f)).every((x) => x.embedded)).toBe(true);
  });

  it("a Chinese memo stays small: only the subsets it uses are embedded, only the glyphs it uses printed", () => {
    expect(statSync(out("china/zh.pdf")).size).toBeLessThan(400_000);
    const html = readFileSync(out("china/zh.html"), "utf8");
    const subsets = html.match(/font-family:"Noto Serif SC";font-weight:400/g) ?? [];
    expect(subsets.length).toBeGreaterThan(0);
    expect(subsets.length).toBeLessThan(40); // of the package's 100-odd subsets
    expect(html).not.toContain("Noto Naskh Arabic");
  });

  it("the text is really there: Arabic and Chinese extracted from the PDFs, in the pack's words", () => {
    // pdftotext puts direction marks and stray spaces into Arabic runs: compare without them.
    const ar = pdfText(out("arab/ar.pdf")).replace(/[\s\u200e\u200f\u202a-\u202e]/g, "");
    for (const words of ["الخلاصة", "التوصيات", "الهوامش", "ممراتالحبوببعدالحصاد"]) expect(ar).toContain(words);
    const zh = pdfText(out("china/zh.pdf"));
    expect(zh).toContain("核心结论");
    expect(zh).toContain("收获之后的粮食走廊");
    expect(zh).toMatch(/第 1 页，共 1 页/);
  });
});

describe("language and direction", () => {
  it("Arabic: dir=rtl and lang=ar on <html>; /Lang in the PDF", () => {
    const html = readFileSync(out("arab/ar.html"), "utf8");
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(readFileSync(out("arab/ar.pdf")).toString("latin1")).toMatch(/\/Lang \(ar\)/);
    expect(readFileSync(out("china/zh.pdf")).toString("latin1")).toMatch(/\/Lang \(zh-CN\)/);
    expect(readFileSync(out("us/sample.html"), "utf8")).toContain('<html lang="en-US">');
  });

  it("French: guillemets with narrow no-break spaces and soft hyphens in the HTML", () => {
    const html = readFileSync(out("africa-fr/fr.html"), "utf8");
    expect(html.replace(/\u00ad/g, "")).toContain("«\u202fune bonne nouvelle\u202f»\u202f; est-ce durable\u202f?");
    expect(html).toContain("au\u00adto\u00adma\u00adtique");
    expect(pdfInfo(out("africa-fr/fr.pdf")).Pages).toBe("1");
  });
});

describe("a character no font covers", () => {
  it("fails its edition at the character's line and column, and writes nothing for it", async () => {
    const p = makeProject({ zh: fixture("briefs/i18n/zh.md").replace("中国标记。", "中国标记 ᚠ。") });
    try {
      p.write("templates/audiences/china/audience.yml", AUDIENCES.china!);
      const r = await runCli(["--format", "html"], p.root);
      expect(r.code).toBe(1);
      const line =
        fixture("briefs/i18n/zh.md")
          .split("\n")
          .findIndex((l) => l.includes("中国标记")) + 1;
      expect(r.stderr).toMatch(
        new RegExp(`${line}:\\d+\\s+error\\s+Character “ᚠ” \\(U\\+16A0\\) is in none of the brand's fonts`),
      );
      expect(existsSync(join(p.root, "out", "china", "zh.html"))).toBe(false);
    } finally {
      p.remove();
    }
  }, 60_000);
});

describe("check in other languages", () => {
  it("runs no English plain-language rule on fr, ar or zh briefs, says so, and counts Chinese words", async () => {
    const r = await runCli(["check", "--json"], project.root);
    const json = JSON.parse(r.stdout) as {
      problems: Array<{ file: string; rule: string; severity: string; source: string }>;
      summary: { editions: Array<{ brief: string; words: number }> };
    };
    for (const brief of ["fr", "ar", "zh"]) {
      const own = json.problems.filter((p) => p.file === `briefs/${brief}.md`);
      expect(own.filter((p) => p.source.startsWith("retext"))).toEqual([]);
      expect(own.map((p) => `${p.rule} ${p.severity}`)).toContain("plain-language-skipped info");
    }
    const zh = json.summary.editions.find((e) => e.brief === "zh")!;
    expect(zh.words).toBeGreaterThan(60); // word-cut, not "17 words" for whole sentences
  });
});
