// Property tests of the transform stage: on generated briefs that mix random Markdown, random (often hostile)
// HTML and nested audience blocks, parseBrief + transformBrief never throw, the HTML is always sanitized, and a block
// shows in exactly the editions its for/not rules (and those of the blocks around it) allow.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { VFile } from "vfile";
import type { Audience } from "../src/shared/model.js";
import { parseBrief } from "../src/validate/parse-brief.js";
import { transformBrief } from "../src/transform/transform.js";

const IDS = ["us", "eu", "gs"] as const;
type Id = (typeof IDS)[number];
const AUDIENCES = IDS.map(
  (id) =>
    ({
      id,
      sections: ["executive-summary", "key-judgements", "analysis", "implications", "recommendations"],
      messages: {
        endnotes: "Endnotes",
        back_to_reference: "Back to reference {n}",
        back_to_reference_again: "Back to reference {n} (use {use})",
      },
    }) as unknown as Audience,
);
const RUNS = 200;

// ---- Random content -------------------------------------------------------------------------------------------------

const URLS = [
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "vbscript:msgbox(1)",
  "data:text/html,<script>alert(1)</script>",
  "data:image/svg+xml,<svg onload=alert(1)>",
  "data:image/png;base64,iVBORw0KGgo=",
  "file:///etc/passwd",
  "../../etc/passwd",
  "/etc/passwd",
  "http://127.0.0.1:9/x.png",
  "https://example.org/a",
  "//127.0.0.1:9/pr",
  "#analysis",
  "#%E0%A4%A",
  "mailto:a@example.org",
  " javascript:x",
];
const WORDS = [
  "ports",
  "grain",
  "corridor",
  "insurance",
  "policy",
  "tonnes",
  "season",
  "&amp;",
  "&lt;b&gt;",
  "x<y",
  "a > b",
  "1:2",
  "100%",
  "\\*",
];

const word = fc.constantFrom(...WORDS);
const url = fc.constantFrom(...URLS);
const text = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(" "));

const inlineMarkdown = fc.oneof(
  text,
  text.map((t) => `**${t}**`),
  text.map((t) => `_${t}_`),
  text.map((t) => `\`${t}\``),
  fc.tuple(text, url).map(([t, u]) => `[${t}](${u.replace(/[()\s]/g, "")})`),
  fc.tuple(text, url).map(([t, u]) => `![${t}](${u.replace(/[()\s]/g, "")})`),
  url.filter((u) => /^[a-z]+:[^\s<>]*$/i.test(u)).map((u) => `<${u}>`),
);

const TAGS = [
  "div",
  "span",
  "p",
  "a",
  "b",
  "i",
  "img",
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "form",
  "input",
  "svg",
  "math",
  "table",
  "template",
  "noscript",
  "textarea",
  "details",
  "video",
  "picture",
  "source",
  "base",
  "link",
  "meta",
  "title",
  "select",
  "button",
  "marquee",
  "xmp",
  "h1",
  "blockquote",
  "section",
  "image",
  "use",
  "foreignObject",
];
const VOID = new Set(["img", "input", "embed", "source", "base", "link", "meta", "br", "hr"]);
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "noscript", "iframe", "template"]);
const ATTRS = [
  "onclick",
  "onerror",
  "onload",
  "onmouseover",
  "style",
  "href",
  "src",
  "srcset",
  "action",
  "formaction",
  "background",
  "poster",
  "data",
  "xlink:href",
  "title",
  "class",
  "id",
  "name",
  "hidden",
  "http-equiv",
  "content",
  "ping",
];

const attribute = fc
  .tuple(
    fc.constantFrom(...ATTRS),
    fc.oneof(url, text, fc.constant("alert(1)"), fc.constant("background:url(http://127.0.0.1:9/s)")),
  )
  .map(([name, value]) => `${name}="${value.replace(/["\n]/g, "").replace(/</g, "&lt;")}"`);

/** A balanced HTML element on one line: hostile tags and attributes, children at most `depth` deep. */
function html(depth: number): fc.Arbitrary<string> {
  const children =
    depth > 0 ? fc.array(fc.oneof(text, html(depth - 1)), { maxLength: 3 }) : fc.array(text, { maxLength: 1 });
  return fc
    .tuple(fc.constantFrom(...TAGS), fc.array(attribute, { maxLength: 3 }), children)
    .map(([tag, attrs, kids]) => {
      const open = `<${tag}${attrs.map((a) => ` ${a}`).join("")}>`;
      if (VOID.has(tag)) return open;
      const inner = RAW_TEXT.has(tag) ? kids.join(" ").replace(/</g, "&lt;") : kids.join(" ");
      return `${open}${inner}</${tag}>`;
    });
}

// ---- Audience blocks with markers ------------------------------------------------------------------------------------

type Spec = { for?: Id[]; not?: Id[] };
type Block =
  | { kind: "markdown"; text: string }
  | { kind: "html"; text: string }
  | { kind: "marker" }
  | { kind: "inline"; spec: Spec }
  | { kind: "leaf"; spec: Spec }
  | { kind: "container"; spec: Spec; children: Block[] };

const ids = fc.subarray([...IDS], { minLength: 1 });
const spec: fc.Arbitrary<Spec> = fc.oneof(
  ids.map((f) => ({ for: f })),
  ids.map((n) => ({ not: n })),
  fc.tuple(ids, ids).map(([f, n]) => ({ for: f, not: n })),
);

function block(depth: number): fc.Arbitrary<Block> {
  const leaves: Array<fc.Arbitrary<Block>> = [
    fc
      .array(inlineMarkdown, { minLength: 1, maxLength: 4 })
      .map((parts) => ({ kind: "markdown" as const, text: parts.join(" ") })),
    html(2).map((t) => ({ kind: "html" as const, text: t })),
    fc.constant({ kind: "marker" as const }),
    spec.map((s) => ({ kind: "inline" as const, spec: s })),
    spec.map((s) => ({ kind: "leaf" as const, spec: s })),
  ];
  if (depth === 0) return fc.oneof(...leaves);
  const container = fc
    .tuple(spec, fc.array(block(depth - 1), { minLength: 1, maxLength: 4 }))
    .map(([s, children]) => ({ kind: "container" as const, spec: s, children }));
  return fc.oneof({ arbitrary: fc.oneof(...leaves), weight: 3 }, { arbitrary: container, weight: 2 });
}

/** What each marker's visibility must be: shown iff every enclosing rule (and its own) lets the audience see it. */
interface Marker {
  name: string;
  rules: Spec[];
}

const attrs = (s: Spec) =>
  [s.for ? `for="${s.for.join(" ")}"` : "", s.not ? `not="${s.not.join(" ")}"` : ""].filter(Boolean).join(" ");
const shown = (rules: Spec[], audience: Id) =>
  rules.every((r) => (!r.for || r.for.includes(audience)) && (!r.not || !r.not.includes(audience)));
const depthOf = (b: Block): number => (b.kind === "container" ? 1 + Math.max(0, ...b.children.map(depthOf)) : 0);

/** Markdown for `blocks`, collecting every marker with the rules that govern it. */
function render(blocks: Block[], rules: Spec[], markers: Marker[]): string {
  const mark = (more: Spec[]) => {
    const name = `MKR${String(markers.length).padStart(3, "0")}Z`;
    markers.push({ name, rules: [...rules, ...more] });
    return name;
  };
  return blocks
    .map((b) => {
      switch (b.kind) {
        case "markdown":
        case "html":
          return b.text;
        case "marker":
          return `Marker ${mark([])} here.`;
        case "inline":
          return `Inline :audience[${mark([b.spec])}]{${attrs(b.spec)}} text.`;
        case "leaf":
          return `::audience[${mark([b.spec])}]{${attrs(b.spec)}}`;
        case "container": {
          const fence = ":".repeat(3 + depthOf(b) - 1);
          return `${fence}audience{${attrs(b.spec)}}\n\n${render(b.children, [...rules, b.spec], markers)}\n\n${fence}`;
        }
      }
    })
    .join("\n\n");
}

const FRONT_MATTER = `---
title: Generated brief
subtitle: A brief written by fast-check
date: 2025-07-01
authors: [Property Tester]
source: {author: A. Author, title: A paper, publisher: An Institute, date: "2025"}
marking: PUBLIC
bluf: The memo stays inert.
---
`;

const briefArb = fc
  .tuple(fc.array(block(3), { minLength: 1, maxLength: 6 }), fc.array(block(2), { maxLength: 4 }))
  .map(([summary, analysis]) => {
    const markers: Marker[] = [];
    const text = [
      FRONT_MATTER,
      "## Executive summary",
      render(summary, [], markers),
      "## Key judgements",
      "1. **Nothing escapes.** Really.",
      "## Analysis",
      analysis.length > 0 ? render(analysis, [], markers) : "Plain analysis.",
      "## Implications",
      ...IDS.map((id) => `:::audience{for="${id}"}\nImplications for ${id}.\n:::`),
      "## Recommendations",
      "1. **Keep** it inert.",
      "",
    ].join("\n\n");
    return { text, markers };
  });

// ---- What sanitized output looks like --------------------------------------------------------------------------------

const FORBIDDEN_TAGS = new Set([
  "script",
  "style",
  "iframe",
  "frame",
  "object",
  "embed",
  "applet",
  "form",
  "input",
  "button",
  "select",
  "textarea",
  "svg",
  "math",
  "base",
  "link",
  "meta",
  "template",
  "noscript",
  "video",
  "audio",
  "source",
  "picture",
  "title",
  "xmp",
  "marquee",
  "param",
  "track",
  "image",
  "use",
  "foreignobject",
]);
const URL_ATTRS =
  /^(href|src|cite|longdesc|action|formaction|poster|background|data|codebase|archive|manifest|ping|srcset|xlink:href|usemap|itemtype|profile|lowsrc|dynsrc)$/i;
const FORBIDDEN_ATTRS =
  /^(on.*|style|srcset|action|formaction|background|poster|data|xlink:href|hidden|http-equiv|ping|content)$/i;

/** Every tag of `html` (as rehype-stringify writes it: `<` in text is always escaped, attribute values are double-quoted). */
function tags(html: string): Array<{ name: string; attrs: Array<[string, string]> }> {
  const out: Array<{ name: string; attrs: Array<[string, string]> }> = [];
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>"'/]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attrs = [...m[2]!.matchAll(/\s+([^\s=>"'/]+)(?:="([^"]*)")?/g)].map(
      (a) => [a[1]!, a[2] ?? ""] as [string, string],
    );
    out.push({ name: m[1]!.toLowerCase(), attrs });
  }
  return out;
}

function unsafe(html: string): string[] {
  const problems: string[] = [];
  // Nothing that looks like a tag may hide from the tag scan (a `<` + letter outside a well-formed tag).
  const stray = html
    .replace(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>"'/]+(?:="[^"]*")?)*)\s*\/?>/g, "")
    .replace(/<\/[a-zA-Z][a-zA-Z0-9-]*>/g, "");
  if (/<[a-zA-Z!?]/.test(stray)) problems.push(`unparsed markup: ${/<[a-zA-Z!?].{0,40}/.exec(stray)![0]}`);
  for (const tag of tags(html)) {
    if (FORBIDDEN_TAGS.has(tag.name)) problems.push(`<${tag.name}>`);
    for (const [name, raw] of tag.attrs) {
      if (FORBIDDEN_ATTRS.test(name)) problems.push(`<${tag.name} ${name}>`);
      const value = raw
        .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
        .replace(/[\u0000-\u0020]/g, "")
        .toLowerCase();
      // A scheme only matters where a URL is read (href, src, …); `title="javascript:…"` is inert text.
      if (
        URL_ATTRS.test(name) &&
        /^(javascript|vbscript|livescript|file):|^data:(?!image\/(png|jpeg|gif|webp);base64,)/.test(value)
      )
        problems.push(`<${tag.name} ${name}="${raw}">`);
      if (name === "src" && !/^data:image\/(png|jpeg|gif|webp);base64,/.test(value))
        problems.push(`<${tag.name} src="${raw}">`);
    }
  }
  return problems;
}

// ---- The properties -----------------------------------------------------------------------------------------------

describe("transform stage, on generated hostile briefs", () => {
  it("the generator makes valid briefs (else the properties below would test nothing)", () => {
    fc.assert(
      fc.property(briefArb, ({ text }) => {
        const file = new VFile({ path: "briefs/generated.md", value: text });
        const brief = parseBrief({ slug: "generated", file }, IDS);
        expect(
          brief,
          file.messages
            .filter((m) => m.fatal)
            .map(String)
            .join("\n"),
        ).toBeDefined();
      }),
      { numRuns: 50, seed: 7 },
    );
  });

  it("never throws, always sanitizes, and never shows a block to an audience it is not for", () => {
    let markersChecked = 0;
    fc.assert(
      fc.property(briefArb, ({ text, markers }) => {
        const file = new VFile({ path: "briefs/generated.md", value: text });
        const brief = parseBrief({ slug: "generated", file }, IDS);
        if (!brief) return; // counted by the test above; here only "no exception" applies
        for (const audience of AUDIENCES) {
          const { html } = transformBrief(brief, audience);
          expect(unsafe(html), html).toEqual([]);
          for (const m of markers) {
            const expected = shown(m.rules, audience.id as Id);
            expect(html.includes(m.name), `${m.name} (${JSON.stringify(m.rules)}) in the ${audience.id} edition`).toBe(
              expected,
            );
            markersChecked++;
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(markersChecked).toBeGreaterThan(RUNS);
  }, 120_000);
});

describe("the checks themselves", () => {
  it("catch what they are meant to catch", () => {
    expect(unsafe('<p onclick="x">a</p>')).toEqual(["<p onclick>"]);
    expect(unsafe('<a href="javascript:alert(1)">a</a>')).toEqual(['<a href="javascript:alert(1)">']);
    expect(unsafe('<a href="&#x6A;avascript:alert(1)">a</a>')).toHaveLength(1);
    expect(unsafe('<img src="http://127.0.0.1/x.png">')).toEqual(['<img src="http://127.0.0.1/x.png">']);
    expect(unsafe("<script>1</script>")).toEqual(["<script>"]);
    expect(unsafe('<img src="data:image/png;base64,iVBOR" alt="x"><a href="https://example.org">ok</a>')).toEqual([]);
    expect(shown([{ for: ["us"] }, { not: ["us"] }], "us")).toBe(false);
    expect(shown([{ not: ["eu"] }], "gs")).toBe(true);
  });
});
