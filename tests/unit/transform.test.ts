// Transform stage: audience filtering, sections wrapped and ordered, endnotes, word count, sanitizing. No browser.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Audience } from "../../src/shared/model.js";
import { countWords, transformBrief } from "../../src/transform/transform.js";
import { body, frontMatter, parseValid, repoTemplates, withSections } from "./brief-from-markdown.js";

let us: Audience;
let eu: Audience;
beforeAll(async () => {
  const { audiences } = await repoTemplates();
  us = audiences.get("us")!;
  eu = audiences.get("eu")!;
});

const brief = (parts: Parameters<typeof body>[0], fields: Parameters<typeof frontMatter>[0] = {}) =>
  parseValid(`${frontMatter(fields)}\n${body(parts)}`);
const sectionIds = (html: string) => [...html.matchAll(/<section[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);

describe("audience filtering", () => {
  const b = () =>
    brief({
      analysis: [
        "## Analysis",
        "",
        "Shared paragraph.",
        "",
        ':::audience{for="us"}',
        "US-ONLY block.",
        ":::",
        "",
        ':::audience{for="us eu"}',
        "US-AND-EU block.",
        ":::",
        "",
        ':::audience{not="us"}',
        "NOT-US block.",
        ":::",
        "",
        'Inline: :audience[EU-PHRASE]{for="eu"} and :audience[NOT-EU-PHRASE]{not="eu"}.',
        "",
        '::audience[US-LEAF line]{for="us"}',
        "",
      ].join("\n"),
    });

  it("the US edition keeps for=us, for=us eu, the inline and leaf forms for it, and drops not=us", () => {
    const { html } = transformBrief(b(), us);
    for (const s of ["Shared paragraph.", "US-ONLY block.", "US-AND-EU block.", "NOT-EU-PHRASE", "<p>US-LEAF line</p>"])
      expect(html).toContain(s);
    expect(html).not.toContain("NOT-US block.");
    expect(html).not.toMatch(/[^-]EU-PHRASE/);
    expect(html).toContain("Inline:  and NOT-EU-PHRASE.");
    expect(html).toContain("US text.");
    expect(html).not.toContain("EU text.");
  });

  it("the EU edition keeps for=us eu, not=us and its phrase; drops the US blocks and the leaf", () => {
    const { html } = transformBrief(b(), eu);
    for (const s of ["Shared paragraph.", "US-AND-EU block.", "NOT-US block.", "Inline: EU-PHRASE and ."])
      expect(html).toContain(s);
    for (const s of ["US-ONLY", "NOT-EU-PHRASE", "US-LEAF", "US text."]) expect(html).not.toContain(s);
  });

  it("leaves no directive markup behind", () => {
    for (const a of [us, eu])
      expect(transformBrief(b(), a).html).not.toMatch(/:::|audience\{|::audience|data-directive/);
  });

  it("never changes the brief's tree: editions built in any order are the same", () => {
    const one = b();
    const first = transformBrief(one, us).html;
    transformBrief(one, eu);
    expect(transformBrief(one, us).html).toBe(first);
  });
});

describe("sections", () => {
  it("wraps each ## section in a <section> with an id, a class and its heading as label", () => {
    const { html } = transformBrief(brief({}), us);
    expect(html).toContain(
      '<section id="key-judgements" class="section section--key-judgements" aria-labelledby="key-judgements-heading"><h2 id="key-judgements-heading">Key judgements</h2>',
    );
    expect(sectionIds(html)).toEqual([
      "executive-summary",
      "key-judgements",
      "analysis",
      "implications",
      "recommendations",
      "endnotes",
    ]);
  });

  it("orders sections by the audience's `sections`; sections it does not list keep their order after those it lists", () => {
    const custom = withSections(us, "us-reordered", ["recommendations", "key-judgements"]);
    const { html } = transformBrief(brief({}), custom);
    expect(sectionIds(html)).toEqual([
      "recommendations",
      "key-judgements",
      "executive-summary",
      "analysis",
      "implications",
      "endnotes",
    ]);
    // The same brief for the default order is unchanged (processors are per audience and order).
    expect(sectionIds(transformBrief(brief({}), us).html)[0]).toBe("executive-summary");
  });

  it("issue 16: an extra section (not a required one) is wrapped too and stays after the section it follows", () => {
    const { html } = transformBrief(
      brief({ analysis: "## Analysis\n\nText.\n\n## Annex: the ports\n\nMore.\n" }),
      withSections(us, "us-annex", ["analysis"]),
    );
    expect(sectionIds(html)).toEqual([
      "analysis",
      "annex-the-ports",
      "executive-summary",
      "key-judgements",
      "implications",
      "recommendations",
      "endnotes",
    ]);
  });

  it("issue 16: an extra section written before Key judgements stays there, and one before all sections leads", () => {
    const extra = brief({
      "executive-summary": "## Context\n\nFirst.\n\n## Executive summary\n\nPorts handled 12 million tonnes.[^ports]\n",
      "key-judgements": "## Background\n\nBefore the judgements.\n\n## Key judgements\n\n1. Traffic will continue.\n",
    });
    expect(sectionIds(transformBrief(extra, us).html)).toEqual([
      "context",
      "executive-summary",
      "background",
      "key-judgements",
      "analysis",
      "implications",
      "recommendations",
      "endnotes",
    ]);
  });

  it("issue 16: an audience may list a brief's own section by its id and place it anywhere", () => {
    const extra = brief({
      "key-judgements": "## Background\n\nBefore the judgements.\n\n## Key judgements\n\n1. Traffic will continue.\n",
    });
    const custom = withSections(us, "us-bg", ["key-judgements", "executive-summary", "background"]);
    expect(sectionIds(transformBrief(extra, custom).html)).toEqual([
      "key-judgements",
      "executive-summary",
      "background",
      "analysis",
      "implications",
      "recommendations",
      "endnotes",
    ]);
  });

  it("### headings stay inside their section", () => {
    const { html } = transformBrief(brief({ analysis: "## Analysis\n\n### Ports\n\nText.\n" }), us);
    expect(html).toMatch(
      /<section id="analysis"[^>]*><h2 id="analysis-heading">Analysis<\/h2>\n<h3>Ports<\/h3>\n<p>Text.<\/p>\n<\/section>/,
    );
  });
});

describe("endnotes", () => {
  const b = () =>
    brief({
      analysis: "## Analysis\n\nAgain.[^ports] And another.[^two]\n",
      end: "[^ports]: A. Author, *A paper*.\n\n[^two]: Second note.\n",
    });

  it("come last, labelled Endnotes, numbered in order of first reference", () => {
    const { html } = transformBrief(b(), us);
    expect(sectionIds(html).at(-1)).toBe("endnotes");
    expect(html).toContain(
      '<section data-footnotes="" class="section section--endnotes footnotes" id="endnotes" aria-labelledby="endnotes-heading"><h2 id="endnotes-heading">Endnotes</h2>',
    );
    expect(html).not.toContain('class=""');
    const items = [...html.matchAll(/<li id="(user-content-fn-[^"]+)">/g)].map((m) => m[1]);
    expect(items).toEqual(["user-content-fn-ports", "user-content-fn-two"]);
  });

  it("every reference links to its note and every note links back to each of its references", () => {
    const { html } = transformBrief(b(), us);
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const hrefs = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThanOrEqual(6); // 3 references + 3 back-links
    for (const h of hrefs) expect(ids.has(h), `#${h} has a target`).toBe(true);
    expect(html).toContain('href="#user-content-fnref-ports-2"');
    expect(html).toMatch(/Back to reference 1<\/span>/);
  });

  it("are not counted as words: the count is the BLUF plus the sections", () => {
    const plain = brief({ end: "[^ports]: Short.\n" });
    const long = brief({ end: `[^ports]: ${"Many more words in the endnote. ".repeat(20)}\n` });
    const a = transformBrief(plain, us);
    const c = transformBrief(long, us);
    expect(c.words).toBe(a.words);
    expect(a.words).toBe(countWords(plain.meta.bluf) + a.outline.reduce((n, s) => n + countWords(s.text), 0));
    expect(a.outline.map((s) => s.id)).not.toContain("endnotes");
  });
});

describe("word count", () => {
  it("counts runs of letters and digits, with inner punctuation", () => {
    expect(countWords("Grain moves when ports stay open. Keep them open.")).toBe(9);
    expect(countWords("12 million tonnes, 1.5 % — the EU's share; well-known")).toBe(8);
    expect(countWords("  ")).toBe(0);
  });

  it("counts what the word expression matches, in any script and with surrogate pairs", () => {
    // The definition: a letter or digit, then letters, marks, digits and ' ’ . , - (CJK runs cut by the segmenter).
    const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,-]*/gu;
    const byExpression = (text: string) => {
      let cjk = 0;
      const rest = text.replace(/\p{Script=Han}+/gu, (run) => {
        for (const s of new Intl.Segmenter("zh", { granularity: "word" }).segment(run)) if (s.isWordLike) cjk++;
        return " ";
      });
      return cjk + (rest.match(WORD)?.length ?? 0);
    };
    // Letters, digits, the joining punctuation, spaces, combining and Arabic marks, Arabic and Devanagari letters,
    // astral letters and digits (𝐀, 𝟎), an emoji, lone surrogates, Han characters.
    const pieces = [..."aZ7'’.,- \n\u0301\u064eبक\u093f", "𝐀", "𝟎"];
    const piece = fc.constantFrom(...pieces, "😀", "\ud800", "\udc00", "港口", "—", "%", "é");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        expect(countWords(text)).toBe(byExpression(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("an edition's count follows its own text", () => {
    const b = brief({
      implications:
        '## Implications\n\n:::audience{for="us"}\nOne two three four five six seven eight nine ten.\n:::\n\n:::audience{for="eu"}\nOne.\n:::\n',
    });
    expect(transformBrief(b, us).words - transformBrief(b, eu).words).toBe(9);
  });
});

describe("sanitizing", () => {
  const hostile = [
    "## Analysis",
    "",
    "<script>alert('SCRIPT-RAN')</script>",
    "",
    '<a href="javascript:alert(1)" onclick="steal()" style="color:red">link</a>',
    "",
    '<iframe src="https://example.org/frame"></iframe>',
    "",
    '<img src="https://example.org/x.png" onerror="steal()" alt="x">',
    "",
    "<style>body{display:none}</style>",
    "",
    '<form action="https://example.org"><input name="q"></form>',
    "",
    "[md link](javascript:alert(1)) and <b>bold</b> kept",
    "",
  ].join("\n");

  it("removes scripts, handlers, styles, frames, forms and javascript: URLs; keeps safe markup", () => {
    const { html } = transformBrief(brief({ analysis: hostile }), us);
    for (const bad of [
      "<script",
      "SCRIPT-RAN",
      "onclick",
      "onerror",
      "style=",
      "<style",
      "<iframe",
      "<form",
      "<input",
      "javascript:",
    ])
      expect(html).not.toContain(bad);
    expect(html).toContain("<b>bold</b> kept");
    expect(html).toContain("<a>link</a>");
    // Whatever the image policy (remote images are not fetched), no handler survives on an image.
    expect(html).not.toMatch(/<img[^>]*\son/);
  });

  // Regression (found by the property test): an unclosed element in raw HTML swallowed the rest of the
  // memo, which sanitizing then dropped unseen. Raw HTML is now parsed block by block.
  it("broken raw HTML cannot swallow the Markdown after it", () => {
    const analysis =
      "## Analysis\n\n<div><object>x<y ports</object></div>\n\nAFTER-THE-BROKEN-HTML stays.\n\n- and this list item\n";
    const { html } = transformBrief(brief({ analysis }), us);
    expect(html).toContain("AFTER-THE-BROKEN-HTML stays.");
    expect(html).toContain("<li>and this list item</li>");
    expect(html).toMatch(/<section id="implications"/);
  });

  it("inline HTML still works inside its paragraph; an unclosed inline tag ends with the paragraph", () => {
    const analysis =
      "## Analysis\n\nEmissions of CO<sub>2</sub> fell.\n\nAn <em>unclosed emphasis.\n\nNEXT-PARAGRAPH plain.\n";
    const { html } = transformBrief(brief({ analysis }), us);
    expect(html).toContain("CO<sub>2</sub> fell.");
    expect(html).toMatch(/<p>NEXT-PARAGRAPH plain\.<\/p>/);
  });

  it("ids from the brief are prefixed so they cannot clash with the memo's own", () => {
    const { html } = transformBrief(brief({ analysis: '## Analysis\n\n<p id="main">Clash?</p>\n' }), us);
    expect(html).toContain('<p id="user-content-main">Clash?</p>');
  });
});

describe("GFM", () => {
  it("tables keep their alignment; strikethrough and task lists render without inputs", () => {
    const { html } = transformBrief(
      brief({ analysis: "## Analysis\n\n| Port | Tonnes |\n|:--|--:|\n| Odesa | 12 |\n\n~~old~~ new\n\n- [x] done\n" }),
      us,
    );
    expect(html).toContain('<th align="left">Port</th>');
    expect(html).toContain('<td align="right">12</td>');
    expect(html).toContain("<del>old</del> new");
    expect(html).not.toContain("<input");
  });
});
