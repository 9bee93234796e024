// Load stage: audiences (extends chains, overrides, located errors), brand.yml, briefs, YAML places.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { rmSync } from "node:fs";
import { VFile } from "vfile";
import { makeProject, SHIPPED_AUDIENCES, type TempProject } from "../helpers/project.js";
import { loadAudiences } from "../../src/load/audiences.js";
import { loadBrand } from "../../src/load/brand.js";
import { contrast } from "../../src/load/brand-checks.js";
import { loadBriefs } from "../../src/load/briefs.js";
import { parseYaml } from "../../src/load/yaml.js";
import { InputError } from "../../src/shared/errors.js";
import { messagesOf } from "./brief-from-markdown.js";

let project: TempProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

/** A temp project with the repo's templates plus `files` (path under templates/ → text). */
function templates(files: Record<string, string>): TempProject {
  project?.remove();
  project = makeProject();
  for (const [path, text] of Object.entries(files)) project.write(join("templates", path), text);
  return project;
}

async function audiences(p: TempProject) {
  const brand = (await loadBrand(p.root, join(p.root, "templates"))).brand;
  const loaded = await loadAudiences(p.root, join(p.root, "templates"), brand);
  const byId = new Map(loaded.audiences.map((a) => [a.id, a]));
  const problems = Object.fromEntries(
    loaded.files.filter((f) => f.messages.length > 0).map((f) => [f.path, messagesOf(f)]),
  );
  return { loaded, byId, problems };
}

describe("audiences: extends chains", () => {
  it("the three shipped audiences load without problems, global-south extending eu", async () => {
    const { byId, problems } = await audiences(templates({}));
    expect(problems).toEqual({});
    expect([...byId.keys()].sort()).toEqual(SHIPPED_AUDIENCES);
    const gs = byId.get("global-south")!;
    expect(gs.chain).toEqual(["global-south", "eu"]);
    expect({ paper: gs.paper, lang: gs.lang, locale: gs.locale }).toEqual({
      paper: "A4",
      lang: "en",
      locale: "en-001",
    });
    expect(byId.get("us")).toMatchObject({ paper: "Letter", locale: "en-US", lang: "en-US" });
  });

  it("a child overrides any setting and inherits the rest, through two levels", async () => {
    const p = templates({
      "audiences/nato/audience.yml":
        'name: NATO\nextends: eu\npaper: Letter\naddressee: "For: the North Atlantic Council"\nsections: [key-judgements, executive-summary, analysis, implications, recommendations]\nbudgets: { words: 900 }\n',
      "audiences/nato-mil/audience.yml":
        "name: NATO Military Committee\nextends: nato\nmarking: footer\nlocale: en-US\n",
    });
    const { byId, problems } = await audiences(p);
    expect(problems).toEqual({});
    const eu = byId.get("eu")!;
    const nato = byId.get("nato")!;
    const mil = byId.get("nato-mil")!;
    expect(nato).toMatchObject({
      name: "NATO",
      edition: "NATO edition",
      paper: "Letter",
      lang: eu.lang,
      locale: eu.locale,
      disclaimer: eu.disclaimer,
      addressee: "For: the North Atlantic Council",
      chain: ["nato", "eu"],
    });
    expect(nato.sections[0]).toBe("key-judgements");
    expect(nato.budgets.words).toBe(900);
    expect(mil).toMatchObject({
      name: "NATO Military Committee",
      edition: "NATO Military Committee edition",
      paper: "Letter",
      locale: "en-US",
      lang: eu.lang,
      markingPlacement: "footer",
      addressee: nato.addressee,
      chain: ["nato-mil", "nato", "eu"],
    });
    expect(mil.sections).toEqual(nato.sections);
    expect(mil.budgets.words).toBe(900);
  });

  it("the layout, single partials and CSS: nearest in the chain wins; styles go base → parent → child", async () => {
    const p = templates({
      "audiences/eu/style.css": "/* eu */\n",
      "audiences/nato/audience.yml": "name: NATO\nextends: eu\n",
      "audiences/nato/layout.hbs": "{{> bluf}}{{body}}\n",
      "audiences/nato/partials/bluf.hbs": "<p>{{brief.bluf}}</p>\n",
      "audiences/nato/style.css": "/* nato */\n",
      "audiences/nato-mil/audience.yml": "name: NATO MC\nextends: nato\n",
      "audiences/nato-mil/partials/letterhead.hbs": "<header>MC</header>\n",
    });
    const { byId, problems } = await audiences(p);
    expect(problems).toEqual({});
    const t = (...parts: string[]) => join(p.root, "templates", ...parts);
    const nato = byId.get("nato")!;
    expect(nato.layout).toBe(t("audiences", "nato", "layout.hbs"));
    expect(nato.partials.bluf).toBe(t("audiences", "nato", "partials", "bluf.hbs"));
    expect(nato.partials.letterhead).toBe(t("base", "partials", "letterhead.hbs"));
    expect(nato.styles).toEqual([
      t("base", "style.css"),
      t("audiences", "eu", "style.css"),
      t("audiences", "nato", "style.css"),
    ]);
    const mil = byId.get("nato-mil")!;
    expect(mil.layout).toBe(t("audiences", "nato", "layout.hbs"));
    expect(mil.partials.bluf).toBe(t("audiences", "nato", "partials", "bluf.hbs"));
    expect(mil.partials.letterhead).toBe(t("audiences", "nato-mil", "partials", "letterhead.hbs"));
    expect(mil.partials["title-block"]).toBe(t("base", "partials", "title-block.hbs"));
    expect(mil.styles).toEqual(nato.styles);
    // The cache depends on every file of the chain.
    expect(mil.files).toEqual(
      expect.arrayContaining([
        t("audiences", "eu", "audience.yml"),
        t("audiences", "nato", "audience.yml"),
        t("audiences", "nato-mil", "audience.yml"),
        t("audiences", "nato", "layout.hbs"),
      ]),
    );
    // The parent does not see its child's files.
    expect(byId.get("eu")!.partials.letterhead).toBe(t("base", "partials", "letterhead.hbs"));
    expect(byId.get("eu")!.layout).toBe(t("base", "layout.hbs"));
  });

  it("an unknown parent is an error at the `extends` line, with a suggestion", async () => {
    const { byId, problems } = await audiences(
      templates({ "audiences/nato/audience.yml": "# NATO\nname: NATO\nextends: eux\n" }),
    );
    expect(byId.has("nato")).toBe(false);
    expect(problems).toEqual({
      "templates/audiences/nato/audience.yml": [
        `3:10 audience-extends-unknown \`extends: eux\` names no audience. Did you mean \`eu\`? Known: ${["base", ...SHIPPED_AUDIENCES].join(", ")}.`,
      ],
    });
  });

  it("a loop is an error at the `extends` line of every audience in it; an audience extending the loop names its parent", async () => {
    const { loaded, byId, problems } = await audiences(
      templates({
        "audiences/a/audience.yml": "name: A\nextends: b\n",
        "audiences/b/audience.yml": "name: B\nextends: a\n",
        "audiences/c/audience.yml": "name: C\n\nextends: a\n",
        "audiences/self/audience.yml": "name: Self\nextends: self\n",
      }),
    );
    expect(["a", "b", "c", "self"].filter((id) => byId.has(id))).toEqual([]);
    expect(loaded.ids).toEqual(expect.arrayContaining(["a", "b", "c", "self"]));
    expect(problems).toEqual({
      "templates/audiences/a/audience.yml": [
        "2:10 audience-extends-loop `extends: b` makes a loop (a → b → a). Make one audience in the loop extend `base` or another audience.",
      ],
      "templates/audiences/b/audience.yml": [
        "2:10 audience-extends-loop `extends: a` makes a loop (b → a → b). Make one audience in the loop extend `base` or another audience.",
      ],
      "templates/audiences/c/audience.yml": [
        "3:10 audience-extends-broken The parent audience `a` has errors, so this one cannot be built. Fix templates/audiences/a/audience.yml first.",
      ],
      "templates/audiences/self/audience.yml": [
        "2:10 audience-extends-loop `extends: self` makes a loop (self → self). Make one audience in the loop extend `base` or another audience.",
      ],
    });
    // The good audiences are unaffected.
    expect([...byId.keys()].sort()).toEqual(SHIPPED_AUDIENCES);
  });

  it("an unknown key is an error at the key, with a did-you-mean suggestion", async () => {
    const { problems } = await audiences(
      templates({ "audiences/nato/audience.yml": "name: NATO\nextends: eu\npapr: A4\n" }),
    );
    expect(problems).toEqual({
      "templates/audiences/nato/audience.yml": [
        "3:1 unknown-key Unknown key `papr` in audience.yml. Did you mean `paper`? Remove it or fix its name.",
      ],
    });
  });

  it("bad values are located: paper, locale, marking placement, section ids", async () => {
    const { problems } = await audiences(
      templates({
        "audiences/nato/audience.yml":
          "name: NATO\npaper: A5\nlocale: xx-notalocale-zz\nmarking: side\nsections: [analysis, analyses]\n",
      }),
    );
    expect(problems["templates/audiences/nato/audience.yml"]?.sort()).toEqual([
      "2:8 invalid-field Invalid `paper` in audience.yml: `A5` is not allowed; expected Letter or A4. Did you mean `A4`?",
      "3:9 invalid-field Invalid `locale` in audience.yml: expected a locale Intl knows, such as en-US or en-GB.",
      "4:10 invalid-field Invalid `marking` in audience.yml: `side` is not allowed; expected a marking (TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED, PUBLIC, OFFICIAL, DRAFT — NOT FOR CITATION); where it is printed is `marking_placement`.",
    ]);
    const second = await audiences(
      templates({ "audiences/nato/audience.yml": "name: NATO\nsections: [analysis, analyses]\n" }),
    );
    expect(second.problems["templates/audiences/nato/audience.yml"]).toEqual([
      "2:22 audience-section Unknown section `analyses` in `sections`. Did you mean `analysis`? Sections: executive-summary, key-judgements, analysis, implications, recommendations, or a brief's own section by the id of its heading (`## Annex: method` is annex-method).",
    ]);
  });

  it("issue 16: an audience sets its marking (inherited by its children) apart from where it is printed", async () => {
    const { byId, problems } = await audiences(
      templates({
        "audiences/nato/audience.yml": "name: NATO\nextends: eu\nmarking: TLP:AMBER\nmarking_placement: header\n",
        "audiences/nato-mil/audience.yml": "name: NATO MC\nextends: nato\n",
      }),
    );
    expect(problems).toEqual({});
    expect(byId.get("nato")).toMatchObject({ marking: "TLP:AMBER", markingPlacement: "header" });
    expect(byId.get("nato-mil")).toMatchObject({ marking: "TLP:AMBER", markingPlacement: "header" });
    expect(byId.get("eu")!.marking).toBeUndefined();
    const bad = await audiences(templates({ "audiences/nato/audience.yml": "name: NATO\nmarking_placement: side\n" }));
    expect(bad.problems["templates/audiences/nato/audience.yml"]).toEqual([
      "2:20 invalid-field Invalid `marking_placement` in audience.yml: `side` is not allowed; expected one of header-footer, header, footer.",
    ]);
  });

  it("an audience without a name anywhere in its chain is an error", async () => {
    const { problems } = await audiences(templates({ "audiences/nato/audience.yml": "paper: A4\n" }));
    expect(problems).toEqual({
      "templates/audiences/nato/audience.yml": [
        "1:1 missing-field Missing `name` in audience.yml (and no parent gives one). Add e.g. `name: NATO`.",
      ],
    });
  });

  it("a folder without audience.yml is an error naming the folder and the fix; its id still counts as known", async () => {
    const p = templates({ "audiences/nato/partials/bluf.hbs": "<p></p>\n" });
    const { loaded, problems } = await audiences(p);
    expect(problems).toEqual({
      "templates/audiences/nato": [
        "?:? audience-missing-config Audience folder has no audience.yml. Add one (`npm run brief -- new audience nato` writes a commented one), or delete the folder.",
      ],
    });
    expect(loaded.ids).toContain("nato");
  });
});

describe("brand.yml", () => {
  async function brand(edit: (text: string) => string, extra: Record<string, string> = {}) {
    project?.remove();
    project = makeProject();
    const path = join("templates", "brand.yml");
    project.write(path, edit(project.read(path)));
    for (const [p, text] of Object.entries(extra)) project.write(p, text);
    const loaded = await loadBrand(project.root, join(project.root, "templates"));
    return { brand: loaded.brand, messages: messagesOf(loaded.file), text: project.read(path) };
  }
  const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;

  it("issue 16: a text colour without contrast on the background is an error at its line, with a readable colour", async () => {
    const { brand: b, messages, text } = await brand((t) => t.replace("secondary: slate", 'secondary: "#e0e0e0"'));
    expect(b).toBeUndefined();
    expect(messages).toEqual([
      `${lineOf(text, 'secondary: "#e0e0e0"')}:14 brand-contrast \`color.secondary\` (#e0e0e0, subtitles and bylines) has a contrast of 1.32:1 on \`background\` (#ffffff); text needs at least 4.5:1 to be readable (WCAG AA). Use a darker colour such as #707070.`,
    ]);
    expect(contrast("#707070", "#ffffff")).toBeGreaterThanOrEqual(4.5);
    // A palette colour used for the body on a dark background: named at the role that sets it.
    const dark = await brand((t) => t.replace('background: "#ffffff"', 'background: "#1a1a1a"'));
    expect(dark.messages.filter((m) => m.includes("brand-contrast")).length).toBeGreaterThan(0);
    expect(dark.messages[0]).toMatch(
      /^\d+:\d+ brand-contrast `color\.foreground` \(#1a1a1a, body text\) has a contrast of 1\.00:1/,
    );
  });

  it("issue 16: `source: system` says what is supported and how to get a font file", async () => {
    const { messages, text } = await brand((t) => t.replace("source: file", "source: system"));
    expect(messages).toEqual([
      `${lineOf(text, "source: system")}:15 invalid-field Invalid \`typography.fonts.0.source\` in brand.yml: \`system\` is not allowed; only \`file\` is supported: fonts are embedded in the PDF, since a system font differs from machine to machine and a memo never fetches one from the web. Write \`source: file\` and list the font's files under \`files:\` — in templates/ or of an npm package, e.g. \`npm install @fontsource/inter\`, then \`{ path: "@fontsource/inter/files/inter-latin-400-normal.woff2", weight: 400 }\`.`,
    ]);
  });

  it("issue 16: a font without a bold face (or the body font without an italic) is a warning naming the file to add", async () => {
    const {
      brand: b,
      messages,
      text,
    } = await brand((t) =>
      t
        .split("\n")
        .filter((l) => !/source-sans-3-latin-(600|700)-normal|source-serif-4-latin-400-italic/.test(l))
        .join("\n"),
    );
    expect(b).toBeDefined(); // a warning: the memo still builds
    expect(messages).toEqual([
      `${lineOf(text, "family: Source Serif 4")}:15 brand-font-weight Font \`Source Serif 4\` (typography.base) has no italic face: Chromium slants the upright one for *emphasis*, subtitles and quotations. Add its italic file under \`files:\` with \`style: italic\` (e.g. \`@fontsource/source-serif-4/files/source-serif-4-latin-400-italic.woff2\`).`,
      `${lineOf(text, "family: Source Sans 3")}:15 brand-font-weight Font \`Source Sans 3\` (typography.headings) has no bold face (weight 600 or more): Chromium fakes bold text (headings, **strong**) by smearing the regular one. Add its bold file under \`files:\` with \`weight: 700\` (e.g. \`@fontsource/source-sans-3/files/source-sans-3-latin-700-normal.woff2\`).`,
    ]);
  });

  it("the shipped brand loads: colours resolved from the palette, fonts to files", async () => {
    const { brand: b, messages } = await brand((t) => t);
    expect(messages).toEqual([]);
    expect(b?.colors.primary).toBe("#1f3a5f");
    expect(b?.fonts.faces.length).toBeGreaterThan(0);
    expect(b?.fonts.faces.every((f) => f.file.endsWith(".woff2"))).toBe(true);
  });

  it("an unknown colour name: located, with a suggestion and the palette", async () => {
    const { brand: b, messages, text } = await brand((t) => t.replace("primary: navy", "primary: navvy"));
    expect(b).toBeUndefined();
    expect(messages).toEqual([
      `${lineOf(text, "primary: navvy")}:12 brand-color Unknown colour \`navvy\` for \`color.primary\`. Did you mean \`navy\`? Use a name from \`color.palette\` (navy, slate, brick, mist, ink) or a hex value such as #1f3a5f.`,
    ]);
  });

  it("a font file missing from an installed package: located, with the nearest file", async () => {
    const {
      brand: b,
      messages,
      text,
    } = await brand((t) => t.replace("source-serif-4-latin-600-normal.woff2", "source-serif-4-latin-650-normal.woff2"));
    expect(b).toBeUndefined();
    expect(messages).toEqual([
      `${lineOf(text, "latin-650")}:19 brand-font Font file \`@fontsource/source-serif-4/files/source-serif-4-latin-650-normal.woff2\` does not exist in the installed package @fontsource/source-serif-4. Did you mean \`@fontsource/source-serif-4/files/source-serif-4-latin-600-normal.woff2\`? Fix the file name (the package's files are in node_modules/@fontsource/source-serif-4/files/).`,
    ]);
  });

  it("a font from a package that is not installed says to install it", async () => {
    const { messages } = await brand((t) =>
      t.replace(
        "@fontsource/source-sans-3/files/source-sans-3-latin-700-normal.woff2",
        "@fontsource/no-such-font/files/x.woff2",
      ),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^\d+:19 brand-font Font file `@fontsource\/no-such-font\/files\/x.woff2` is not installed: the package @fontsource\/no-such-font is missing. Run `npm ci` \(or `npm install @fontsource\/no-such-font` to add it to the project\).$/,
    );
  });

  it("a font file in the repo that does not exist", async () => {
    const { messages, text } = await brand((t) =>
      t.replace("@fontsource/source-sans-3/files/source-sans-3-latin-700-normal.woff2", "fonts/sans-bold.woff2"),
    );
    expect(messages).toEqual([
      `${lineOf(text, "fonts/sans-bold")}:19 brand-font Font file \`fonts/sans-bold.woff2\` does not exist (looked for fonts/sans-bold.woff2). Fix the path or add the file.`,
    ]);
  });

  it("a logo outside templates/ is refused, even when the file exists", async () => {
    const {
      brand: b,
      messages,
      text,
    } = await brand((t) => t.replace("path: logo.svg", "path: ../logo.svg"), {
      "logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    });
    expect(b).toBeUndefined();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      new RegExp(
        `^${lineOf(text, "../logo.svg")}:13 brand-logo Logo \`../logo.svg\` points outside the project\\. Use a path inside `,
      ),
    );
  });

  it("a logo that is not SVG or PNG", async () => {
    const { messages } = await brand((t) => t.replace("path: logo.svg", "path: logo.gif"), {
      "templates/logo.gif": "GIF89a",
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^\d+:13 brand-logo The logo must be an SVG or PNG file\.$/);
  });

  it("a typography family that is not among the fonts", async () => {
    const { messages, text } = await brand((t) =>
      t.replace("headings:\n    family: Source Sans 3", "headings:\n    family: Source Sans 4"),
    );
    expect(messages).toEqual([
      `${lineOf(text, "family: Source Sans 4")}:13 brand-font \`typography.headings.family: Source Sans 4\` is not one of the fonts listed in \`typography.fonts\`. Did you mean \`Source Sans 3\`?`,
    ]);
  });

  it("an unknown key, and a missing brand.yml", async () => {
    const { messages, text } = await brand((t) => t.replace("color:\n", "colour:\n  x: 1\ncolor:\n"));
    expect(messages).toEqual([
      `${lineOf(text, "colour:")}:1 unknown-key Unknown key \`colour\` in brand.yml. Did you mean \`color\`? Remove it or fix its name.`,
    ]);
    rmSync(join(project!.root, "templates", "brand.yml"));
    await expect(loadBrand(project!.root, join(project!.root, "templates"))).rejects.toThrow(/ENOENT/);
  });
});

describe("briefs", () => {
  it("reads the briefs sorted by slug", async () => {
    project = makeProject({ b: "B", a: "A" });
    const sources = await loadBriefs(project.options());
    expect(sources.map((s) => [s.slug, s.file.path, String(s.file.value)])).toEqual([
      ["a", "briefs/a.md", "A"],
      ["b", "briefs/b.md", "B"],
    ]);
  });

  it("no briefs found: the folder and the fix", async () => {
    project = makeProject();
    await expect(loadBriefs(project.options())).rejects.toThrow(
      new InputError(
        `No briefs found in briefs/. Add a brief as briefs/<slug>.md (the README's "Writing a brief" shows the format).`,
      ),
    );
  });

  it("an unknown --brief names the known ones, with a suggestion", async () => {
    project = makeProject({ sample: "x", other: "y" });
    await expect(loadBriefs(project.options({ briefs: ["sampel"] }))).rejects.toThrow(
      "--brief sampel: no file briefs/sampel.md. Did you mean `sample`? Briefs: other, sample.",
    );
  });

  it("a file name that is not a slug is an error on that file; the other briefs still load", async () => {
    project = makeProject({ good: "x", "My Brief": "y" });
    const sources = await loadBriefs(project.options());
    expect(sources.map((s) => s.slug)).toEqual(["My Brief", "good"]);
    expect(messagesOf(sources[0]!.file)).toEqual([
      "?:? brief-file-name The file name is the memo's slug and may only use lowercase letters, digits and hyphens. Rename it to briefs/my-brief.md.",
    ]);
    expect(sources[1]!.file.messages).toEqual([]);
  });
});

describe("YAML places", () => {
  const locate = (text: string, path: PropertyKey[], at?: "key") => {
    const yaml = parseYaml(new VFile(), text)!;
    const place = yaml.locate(path, at) as { line: number; column: number };
    return `${place.line}:${place.column}`;
  };

  it("a value, a key, a list item, an empty value, a missing key", () => {
    const text = "a: 1\nb:\n  c: two\n  d:\n    - x\n    - y\ne:\n";
    expect(locate(text, ["a"])).toBe("1:4");
    expect(locate(text, ["b", "c"])).toBe("3:6");
    expect(locate(text, ["b", "c"], "key")).toBe("3:3");
    expect(locate(text, ["b", "d", 1])).toBe("6:7");
    expect(locate(text, ["e"])).toBe("7:1"); // empty: at its key, not the next line
    expect(locate(text, ["b", "zz"])).toBe("2:1"); // missing: at the parent's key
    expect(locate(text, ["zz"])).toBe("1:1");
  });

  it("adds the line offset of front matter", () => {
    const yaml = parseYaml(new VFile(), "a: 1\nb: 2\n", 1)!;
    expect(yaml.locate(["b"])).toEqual({ line: 3, column: 4 });
  });
});
