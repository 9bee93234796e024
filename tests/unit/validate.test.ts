// Validate stage: front matter (each field's rules, each error at its line:column in the .md file) and structure.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { body, frontMatter, messagesOf, parse } from "./brief-from-markdown.js";
import fc from "fast-check";
import { briefParser, parserFor } from "../../src/validate/parse-brief.js";
import { FRONT_MATTER } from "../../src/load/front-matter.js";

/** Parses a brief whose front matter is changed by `fields`/`extra`; returns its messages. */
const problems = (fields: Parameters<typeof frontMatter>[0], extra = "", text = body()) => {
  const { brief, file } = parse(`${frontMatter(fields, extra)}\n${text}`);
  return { brief, messages: messagesOf(file) };
};

describe("a valid brief", () => {
  it("has no messages and typed metadata", () => {
    const { brief, messages } = problems({});
    expect(messages).toEqual([]);
    expect(brief?.meta).toMatchObject({
      title: "Test brief",
      shortTitle: "Test brief",
      date: "2025-07-01",
      authors: ["A. Analyst"],
      marking: "TLP:CLEAR",
      keywords: [],
      budgets: {},
    });
    expect(brief?.targets).toEqual(["us", "eu"]);
  });

  it("targets every audience when `audiences` is left out", () => {
    const { brief, messages } = problems(
      { audiences: "" },
      "",
      body({ implications: '## Implications\n\n:::audience{for="us eu global-south"}\nAll.\n:::\n' }),
    );
    expect(messages).toEqual([]);
    expect(brief?.targets).toEqual(["us", "eu", "global-south"]);
  });

  it("accepts a byte-order mark before the front matter", () => {
    const { brief, file } = parse(`\uFEFF${frontMatter()}\n${body()}`);
    expect(messagesOf(file)).toEqual([]);
    expect(brief?.meta.title).toBe("Test brief");
  });

  it("does not end the front matter at a value that ends in ---", () => {
    const { brief, messages } = problems({ subtitle: "subtitle: Before and after---" });
    expect(messages).toEqual([]);
    expect(brief?.meta.subtitle).toBe("Before and after---");
    expect(brief?.meta.marking).toBe("TLP:CLEAR");
  });
});

// Front matter starts at line 2: title 2, subtitle 3, date 4, authors 5, source 6-10, audiences 11, marking 12, bluf 13, extra 14+.
describe("front matter fields, each error at its line:column", () => {
  it.each([
    [
      "title missing",
      { title: "" },
      "",
      "2:1 missing-field Missing required `title` in front matter. Add a line `title: …`.",
    ],
    [
      "title empty",
      { title: "title:" },
      "",
      "2:1 missing-field `title` is empty in front matter. Write its value after `title:`.",
    ],
    [
      "title blank",
      { title: 'title: "  "' },
      "",
      "2:8 invalid-field Invalid `title` in front matter: must not be empty.",
    ],
    [
      "title a number",
      { title: "title: 1984" },
      "",
      '2:8 invalid-field Invalid `title` in front matter: expected text, got a number (1984). Put the value in quotes, e.g. `title: "1984"`.',
    ],
    [
      "title too long",
      { title: `title: ${"x".repeat(161)}` },
      "",
      "2:8 invalid-field Invalid `title` in front matter: at most 160 characters.",
    ],
    [
      "subtitle missing",
      { subtitle: "" },
      "",
      "2:1 missing-field Missing required `subtitle` in front matter. Add a line `subtitle: …`.",
    ],
    [
      "short_title too long",
      {},
      `short_title: ${"x".repeat(61)}`,
      "14:14 invalid-field Invalid `short_title` in front matter: at most 60 characters.",
    ],
    [
      "date not ISO",
      { date: "date: July 1, 2025" },
      "",
      "4:7 invalid-field Invalid `date` in front matter: expected an ISO date such as 2025-07-15.",
    ],
    [
      "date not a real day",
      { date: "date: 2025-02-30" },
      "",
      "4:7 invalid-field Invalid `date` in front matter: not a real calendar date.",
    ],
    [
      "authors not a list",
      { authors: "authors: A. Analyst" },
      "",
      "5:10 invalid-field Invalid `authors` in front matter: expected a list, got a string (A. Analyst). Write a list, e.g. `authors: [A. Analyst]`.",
    ],
    [
      "authors empty",
      { authors: "authors: []" },
      "",
      "5:10 invalid-field Invalid `authors` in front matter: name at least one author.",
    ],
    [
      "source.author missing",
      { source: "source:\n  title: A paper\n  publisher: An Institute\n  date: 2025-06" },
      "",
      "6:1 missing-field Missing required `source.author` in front matter. Add a line `author: …` under `source:`.",
    ],
    [
      "source.date month 13",
      { source: "source:\n  author: A\n  title: T\n  publisher: P\n  date: 2025-13" },
      "",
      "10:9 invalid-field Invalid `source.date` in front matter: not a real calendar date.",
    ],
    [
      "source.date as words",
      { source: "source:\n  author: A\n  title: T\n  publisher: P\n  date: June 2025" },
      "",
      "10:9 invalid-field Invalid `source.date` in front matter: expected YYYY, YYYY-MM or YYYY-MM-DD.",
    ],
    [
      "source.url not http",
      { source: "source:\n  author: A\n  title: T\n  publisher: P\n  date: 2025-06\n  url: ftp://example.org/p" },
      "",
      "11:8 invalid-field Invalid `source.url` in front matter: expected a web address that starts with https:// (or http://).",
    ],

    [
      "marking not in the list",
      { marking: "marking: TLP:CLEARR" },
      "",
      "12:10 invalid-field Invalid `marking` in front matter: `TLP:CLEARR` is not allowed; expected one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED, PUBLIC, OFFICIAL, DRAFT — NOT FOR CITATION. Did you mean `TLP:CLEAR`?",
    ],
    [
      "bluf missing",
      { bluf: "" },
      "",
      "2:1 missing-field Missing required `bluf` in front matter. Add a line `bluf: …`.",
    ],
    [
      "bluf too long",
      { bluf: `bluf: ${"word ".repeat(241)}` },
      "",
      "13:7 invalid-field Invalid `bluf` in front matter: at most 1200 characters.",
    ],
    [
      "keywords not a list",
      {},
      "keywords: grain",
      "14:11 invalid-field Invalid `keywords` in front matter: expected a list, got a string (grain). Write a list, e.g. `keywords: [grain]`.",
    ],
    [
      "budgets.pages zero",
      {},
      "budgets:\n  pages: 0",
      "15:10 invalid-field Invalid `budgets.pages` in front matter: expected a whole number above 0.",
    ],
    [
      "unknown key",
      {},
      "keywrds: [a]",
      "14:1 unknown-key Unknown key `keywrds` in front matter. Did you mean `keywords`? Remove it or fix its name.",
    ],
    [
      "unknown nested key",
      {},
      "budgets:\n  word: 5",
      "15:3 unknown-key Unknown key `budgets.word` in front matter. Did you mean `words`? Remove it or fix its name.",
    ],
    [
      "unknown audience in `audiences`",
      { audiences: "audiences: [us, eu, uss]" },
      "",
      "11:21 unknown-audience Unknown audience `uss` in `audiences`. Did you mean `us`? Known audiences: us, eu, global-south. Fix the id, or add the folder templates/audiences/uss/ with an audience.yml.",
    ],
  ])("%s", (_, fields, extra, expected) => {
    const { brief, messages } = problems(fields as Record<string, string>, extra);
    expect(brief).toBeUndefined();
    expect(messages).toEqual([expected]);
  });

  it("an audience id in capitals: the pattern, and the id it probably means", () => {
    expect(problems({ audiences: "audiences: [US]" }).messages).toEqual([
      "11:13 invalid-field Invalid `audiences.0` in front matter: audience ids are lowercase letters, digits and hyphens.",
      "11:13 unknown-audience Unknown audience `US` in `audiences`. Did you mean `us`? Known audiences: us, eu, global-south. Fix the id, or add the folder templates/audiences/US/ with an audience.yml.",
    ]);
  });

  it("a source date given as a bare year (a number in YAML) is read as the year", () => {
    const { brief, messages } = problems({ source: "source:\n  author: A\n  title: T\n  publisher: P\n  date: 2025" });
    expect(messages).toEqual([]);
    expect(brief?.meta.source.date).toBe("2025");
  });

  it("reports every bad field of a brief in one run", () => {
    const { messages } = problems({ date: "date: 2025-02-30", marking: "marking: SECRET" }, "keywrds: [a]");
    expect(messages.map((m) => m.split(" ").slice(0, 2).join(" "))).toEqual([
      "4:7 invalid-field",
      "12:10 invalid-field",
      "14:1 unknown-key",
    ]);
  });
});

describe("YAML syntax in front matter", () => {
  it("points an unclosed quote at the quote, not at the end of the front matter", () => {
    expect(problems({ title: 'title: "Unclosed' }).messages).toEqual([
      '2:8 yaml-syntax YAML: this double quote is never closed. Add the closing " at the end of the value.',
    ]);
  });

  it("reports a duplicate key at the second one", () => {
    expect(problems({}, "title: Again").messages).toEqual([
      "14:1 yaml-syntax YAML: Map keys must be unique. Each key may appear once: remove or rename the second one.",
    ]);
  });

  it("reports tab indentation", () => {
    expect(problems({}, "keywords:\n\t- a").messages).toEqual([
      "15:1 yaml-syntax YAML: Tabs are not allowed as indentation. Indent with spaces, not tabs.",
    ]);
  });

  it("a colon inside an unquoted value says to quote it", () => {
    expect(problems({ subtitle: "subtitle: Russia: a partner" }).messages).toEqual([
      '3:11 yaml-syntax YAML: Nested mappings are not allowed in compact mappings. If the value contains ": ", put it in quotes (title: "Russia: a partner"); otherwise line the key up with the keys above it.',
    ]);
  });

  it("a value starting with a reserved character says to quote it", () => {
    expect(problems({ subtitle: "subtitle: @handle said so" }).messages).toEqual([
      "3:11 yaml-syntax YAML: Plain value cannot start with reserved character @. Put the value in quotes.",
    ]);
  });

  it("one mistake, one message: errors on the same line are reported once", () => {
    expect(problems({}, "- a\nb: 1").messages).toHaveLength(1);
  });

  it("front matter that is not `key: value` lines", () => {
    const { file } = parse(`---\njust some text\n---\n\n${body()}`);
    expect(messagesOf(file)).toEqual([
      "2:1 invalid-field The front matter must be `key: value` lines (one field per line), not a string (just some text).",
    ]);
  });

  it("refuses alias bombs with a message instead of expanding them", () => {
    const bomb =
      'keywords: &a ["x","x","x","x","x","x","x","x","x","x"]\nk2: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nk3: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]';
    const { messages } = problems({}, bomb);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^2:1 yaml-syntax YAML: Excessive alias count .*Write the values out instead of using aliases/,
    );
  });

  it("skips the per-edition checks while the YAML cannot be read (no errors about audiences it cannot know)", () => {
    const { messages } = problems(
      { title: 'title: "Unclosed' },
      "",
      body({ implications: '## Implications\n\n:::audience{for="us"}\nUS only.\n:::\n' }),
    );
    expect(messages).toHaveLength(1);
  });

  it("a brief without front matter is an error at 1:1", () => {
    const { brief, file } = parse(body());
    expect(brief).toBeUndefined();
    expect(messagesOf(file)).toEqual([
      "1:1 front-matter No front matter: start the brief with a `---` line, the YAML fields (title, subtitle, date, …), and a closing `---` line.",
    ]);
  });
});

// Body places are found by searching the text rather than by counting lines.
describe("structure rules", () => {
  const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;
  const check = (text: string, ids?: string[]) => {
    const md = `${frontMatter()}\n${text}`;
    const { brief, file } = parse(md, ids);
    return { md, brief, messages: messagesOf(file) };
  };

  it("a missing required section", () => {
    const { messages } = check(body({ "key-judgements": "" }));
    expect(messages).toEqual([
      "1:1 missing-section Missing section `## Key judgements`. Every brief has: Executive summary, Key judgements, Analysis, Implications, Recommendations.",
    ]);
  });

  it("a section that appears twice, at the second heading", () => {
    const text = body({ analysis: "## Analysis\n\nOne.\n\n## Analysis\n\nTwo.\n" });
    const { md, messages } = check(text);
    const second = md.lastIndexOf("## Analysis");
    const line = md.slice(0, second).split("\n").length;
    expect(messages).toEqual([
      `${line}:1 duplicate-section Section \`## Analysis\` appears twice. Merge the two sections.`,
    ]);
  });

  it("an unknown audience in a directive, at the directive", () => {
    const text = body({ analysis: '## Analysis\n\n:::audience{for="nato"}\nFor NATO.\n:::\n' });
    const { md, brief, messages } = check(text);
    expect(brief).toBeUndefined();
    expect(messages).toEqual([
      `${lineOf(md, ':::audience{for="nato"}')}:1 unknown-audience Unknown audience \`nato\` in an audience block. Known audiences: us, eu, global-south; a new one is a folder templates/audiences/nato/ with an audience.yml.`,
    ]);
  });

  it("an unknown audience in an inline directive, with a suggestion", () => {
    const text = body({ analysis: '## Analysis\n\nShared text :audience[for the EU]{for="euu"}.\n' });
    const { md, messages } = check(text);
    const line = lineOf(md, "Shared text");
    expect(messages).toEqual([
      `${line}:13 unknown-audience Unknown audience \`euu\` in an audience block. Did you mean \`eu\`? Known audiences: us, eu, global-south; a new one is a folder templates/audiences/euu/ with an audience.yml.`,
    ]);
  });

  it("an audience block without for/not, an unknown attribute, an unknown directive", () => {
    const text = body({
      analysis:
        '## Analysis\n\n:::audience\nNobody.\n:::\n\n:::audience{fro="us"}\nTypo.\n:::\n\n:::note\nA note.\n:::\n',
    });
    const { messages } = check(text);
    expect(messages.map((m) => m.replace(/^\d+:\d+ /, ""))).toEqual([
      'audience-attribute An audience block names no audience. Write `:::audience{for="us"}` or `:::audience{not="us"}`.',
      'audience-attribute Unknown attribute `fro` on an audience block. Did you mean `for`? Use for="us eu" or not="us".',
      'audience-attribute An audience block names no audience. Write `:::audience{for="us"}` or `:::audience{not="us"}`.',
      'unknown-directive Unknown directive `:::note`. The directives are `:::audience{for="…"}` (or `not="…"`) and ' +
        '`:::chart{type="…" title="…" source="…"}`.',
    ]);
  });

  it("endnotes: an undefined reference, an unused definition", () => {
    const text = body({
      analysis: "## Analysis\n\nA claim.[^missing]\n",
      end: "[^ports]: Source.\n\n[^spare]: Never cited.\n",
    });
    const { md, messages } = check(text);
    expect(messages).toEqual([
      `${lineOf(md, "A claim.")}:9 footnote-undefined Endnote reference \`[^missing]\` has no definition. Add a line \`[^missing]: …\` at the end of the brief.`,
      `${lineOf(md, "[^spare]:")}:1 footnote-unused Endnote \`[^spare]\` is defined but never referenced. Cite it in the text with \`[^spare]\` or delete it.`,
    ]);
  });

  it("an endnote defined inside an audience block: the reference cannot see it, and the message says where to move it", () => {
    const text = body({
      analysis:
        '## Analysis\n\nShared claim.[^us-note]\n\n:::audience{for="us"}\n[^us-note]: Only in the US block.\n:::\n',
    });
    const { md, messages } = check(text);
    expect(messages).toEqual([
      `${lineOf(md, "Shared claim.")}:14 footnote-undefined Endnote reference \`[^us-note]\` cannot see its definition on line ${lineOf(md, "[^us-note]:")}, which is inside a block (e.g. an audience block). Move the line \`[^us-note]: …\` out of the block, to the end of the brief.`,
    ]);
  });

  it("more than three recommendations in one edition, at the fourth", () => {
    const text = body({
      recommendations: '## Recommendations\n\n1. One.\n2. Two.\n3. Three.\n\n:::audience{for="eu"}\n4. Four.\n:::\n',
    });
    const { md, messages } = check(text);
    expect(messages).toEqual([
      `${lineOf(md, "4. Four.")}:1 too-many-recommendations The eu edition has 4 recommendations; at most 3 are allowed. Keep the 3 that matter most.`,
    ]);
  });

  it("an audience the brief targets without its own implications, at the heading", () => {
    const text = body({ implications: '## Implications\n\n:::audience{for="us"}\nUS text.\n:::\n' });
    const { md, messages } = check(text);
    expect(messages).toEqual([
      `${lineOf(md, "## Implications")}:1 missing-implications No implications written for the eu edition. Add a block \`:::audience{for="eu"}\` … \`:::\` under \`## Implications\` (or one for every other reader, \`:::audience{not="…"}\`).`,
    ]);
  });

  it("a not= block gives implications to every audience it is shown to", () => {
    const text = body({
      implications:
        '## Implications\n\n:::audience{for="us"}\nUS text.\n:::\n\n:::audience{not="us"}\nEveryone else.\n:::\n',
    });
    expect(check(text).messages).toEqual([]);
  });

  it("raw HTML is a warning, not an error", () => {
    const { brief, messages } = check(body({ analysis: "## Analysis\n\n<div>Raw.</div>\n" }));
    expect(brief).toBeDefined();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/raw-html Raw HTML: only an allow-list/);
  });

  it("a colon in text (10:30, Note:this) is not a directive", () => {
    const { brief, messages } = check(
      body({ analysis: "## Analysis\n\nAt 10:30 the port opened. Note:this stays.\n" }),
    );
    expect(messages).toEqual([]);
    expect(brief).toBeDefined();
  });
});

describe("the parser a brief gets (autolink literals only where the body could hold one)", () => {
  const shipped = readdirSync("briefs").filter((f) => f.endsWith(".md"));

  it("gives every shipped brief the same tree as full GFM, positions included", () => {
    expect(shipped.length).toBeGreaterThan(3);
    for (const name of shipped) {
      const text = readFileSync(join("briefs", name), "utf8");
      const fm = FRONT_MATTER.exec(text)!;
      const parser = parserFor(text.slice(fm[0].length));
      expect(parser, name).not.toBe(briefParser); // the shipped briefs' bodies hold no link literal
      expect(JSON.stringify(parser.parse(text)), name).toBe(JSON.stringify(briefParser.parse(text)));
    }
  });

  it("leaves out only the constructs the body cannot hold: the same tree on every edge of each test", () => {
    const cases = [
      "a\n-\n", // a setext heading, not a table
      "a\n:-:\n", // a one-column table without a pipe
      "a\n-:\n",
      "> a\n> :--\n",
      "- a\n  :-:\n",
      "| a |\n| - |\n",
      "a | b\n- | -\n",
      "x ~~y~~ z and ~w~",
      "- [ ] task\n- [x] done\n- [X] done\n- [\t] tab\n",
      "- [\n] odd\n",
      "1. [x] a\n",
      "text\n\n---\n\n-|-\n",
    ];
    // The tree, or the error parsing throws: under the test runner the parsers' development builds run, whose
    // assertions can fail where the shipped builds do not ("1.\n[x] |", in mdast-util-gfm-task-list-item); both
    // parsers must then fail alike.
    const outcome = (parser: typeof briefParser, body: string) => {
      try {
        return JSON.stringify(parser.parse(body));
      } catch (error) {
        return `throws: ${String(error)}`;
      }
    };
    for (const body of [...cases, "1.\n[x] |"])
      expect(outcome(parserFor(body), body), body).toBe(outcome(briefParser, body));
    // And on random mixes of the characters each construct starts from.
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("|", "~", ":", "-", "[", "]", "x", " ", "\t", "\n", "> ", "a", "1."), {
          maxLength: 40,
        }),
        (parts) => {
          const body = parts.join("");
          return outcome(parserFor(body), body) === outcome(briefParser, body);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("links www., https: and e-mail literals as GFM does", () => {
    for (const literal of ["www.nestcentre.org", "https://nestcentre.org/x", "press@nestcentre.org"]) {
      const text = `${frontMatter({})}\n${body}\nSee ${literal} for more.\n`;
      const fm = FRONT_MATTER.exec(text)!;
      const parser = parserFor(text.slice(fm[0].length));
      expect(parser, literal).toBe(briefParser);
      expect(JSON.stringify(parser.parse(text))).toContain('"type":"link"');
    }
  });
});
