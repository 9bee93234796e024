// Language packs (templates/i18n/<lang>.yml): loading, missing keys and placeholders located, the pack an audience's
// `lang` picks, message overrides in audience.yml, and the rendered memo printing the pack's words. No browser.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { makeProject, REPO, type TempProject } from "../helpers/project.js";
import { languageContext, loadLanguagePacks, packFor } from "../../src/load/language-packs.js";
import { parseBrief } from "../../src/validate/parse-brief.js";
import { typeset } from "../../src/transform/typography.js";
import { loadAudiences } from "../../src/load/audiences.js";
import { loadBrand } from "../../src/load/brand.js";
import { loadBrandAssets } from "../../src/load/brand-assets.js";
import { createRenderer } from "../../src/render/render.js";
import { countWords, transformBrief } from "../../src/transform/transform.js";
import { MESSAGE_KEYS } from "../../src/shared/model.js";
import { loadTemplates } from "../../src/load/templates.js";
import { resolveOptions } from "../../src/shared/options.js";
import { checkGrounding } from "../../src/check/grounding.js";
import { sourceText } from "../../src/check/source-text.js";
import { body, briefFile, frontMatter, messagesOf, parseValid } from "./brief-from-markdown.js";

let project: TempProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

function templates(files: Record<string, string>): TempProject {
  project?.remove();
  project = makeProject();
  for (const [path, text] of Object.entries(files)) project.write(join("templates", path), text);
  return project;
}

async function load(p: TempProject) {
  const dir = join(p.root, "templates");
  const packs = await loadLanguagePacks(p.root, dir);
  const { brand } = await loadBrand(p.root, dir);
  const loaded = await loadAudiences(p.root, dir, brand, packs);
  const problems = Object.fromEntries(
    [...packs.files, ...loaded.files].filter((f) => f.messages.length > 0).map((f) => [f.path, messagesOf(f)]),
  );
  return { packs, brand: brand!, byId: new Map(loaded.audiences.map((a) => [a.id, a])), problems };
}

const FRENCH = "name: Afrique francophone\nextends: global-south\nlang: fr-FR\nlocale: fr-FR\n";

describe("the shipped language packs", () => {
  it("en, fr, es, pt, ar and zh-Hans load without a problem, each with every message and section", async () => {
    const packs = await loadLanguagePacks(REPO, join(REPO, "templates"));
    expect(packs.files.flatMap((f) => messagesOf(f))).toEqual([]);
    expect(Object.keys(packs.packs).sort()).toEqual(["ar", "en", "es", "fr", "pt", "zh-Hans"]);
    expect(readdirSync(join(REPO, "templates", "i18n")).length).toBe(6);
    for (const pack of Object.values(packs.packs)) {
      expect(Object.keys(pack.messages).sort()).toEqual([...MESSAGE_KEYS].sort());
      expect(Object.values(pack.sections).every((headings) => headings.length > 0)).toBe(true);
    }
    // Written for each language, not copied: no pack but English says "Endnotes" or "Page".
    for (const id of ["fr", "es", "pt", "ar", "zh-Hans"]) {
      expect(packs.packs[id]!.messages.endnotes).not.toBe("Endnotes");
      expect(packs.packs[id]!.messages.bluf).not.toBe("Bottom line up front");
    }
    expect(packs.packs.ar!.direction).toBe("rtl");
    expect(packs.packs.fr!.messages.derived_from).toBe("D’après\u00a0:");
  });

  it("a tag finds its pack: region and script fall back to the language, zh-CN to zh-Hans", () => {
    const ids = ["ar", "en", "es", "fr", "pt", "zh-Hans"];
    expect(packFor("en-US", ids)).toBe("en");
    expect(packFor("en-001", ids)).toBe("en");
    expect(packFor("fr-FR", ids)).toBe("fr");
    expect(packFor("pt-BR", ids)).toBe("pt");
    expect(packFor("ar-EG", ids)).toBe("ar");
    expect(packFor("zh-CN", ids)).toBe("zh-Hans");
    expect(packFor("zh", ids)).toBe("zh-Hans");
    expect(packFor("zh-TW", ids)).toBeUndefined();
    expect(packFor("de-DE", ids)).toBeUndefined();
  });
});

describe("bad packs are located errors", () => {
  it("a missing message names the key and the file, at `messages:`", async () => {
    const fr = (await import("node:fs")).readFileSync(join(REPO, "templates/i18n/fr.yml"), "utf8");
    const p = templates({ "i18n/fr.yml": fr.replace(/^ {2}endnotes: .*\n/m, "") });
    const { packs, problems } = await load(p);
    expect(packs.packs.fr).toBeUndefined();
    const line = fr.split("\n").indexOf("messages:") + 1;
    expect(problems["templates/i18n/fr.yml"]).toEqual([
      expect.stringMatching(
        new RegExp(`^${line}:1 pack-missing-key Missing message \`endnotes\` in templates/i18n/fr\\.yml\\. Add a line`),
      ),
    ]);
  });

  it("an unknown key, an unknown placeholder and a missing one are each reported at their line", async () => {
    const en = (await import("node:fs")).readFileSync(join(REPO, "templates/i18n/en.yml"), "utf8");
    const broken = en
      .replace('page: "Page {page} of {pages}"', 'page: "Page {page}"')
      .replace('edition: "{name} edition"', 'edition: "{nom} edition"')
      .replace("  bluf: Bottom line up front", "  bluf: Bottom line up front\n  blurb: x");
    const p = templates({ "i18n/en.yml": broken });
    const { problems } = await load(p);
    const lineOf = (text: string) => broken.split("\n").findIndex((l) => l.includes(text)) + 1;
    const messages = problems["templates/i18n/en.yml"]!;
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${lineOf("blurb")}:3 unknown-key Unknown key \`messages.blurb\``)),
        expect.stringMatching(
          new RegExp(`^${lineOf("  page: ")}:\\d+ pack-placeholder .*must contain \`\\{pages\\}\``),
        ),
        expect.stringMatching(
          new RegExp(`^${lineOf("edition: ")}:\\d+ pack-placeholder .*\`\\{nom\\}\`.*Did you mean \`name\``),
        ),
      ]),
    );
    // Every audience is English: none can be printed while its pack is broken, and each says why.
    expect(problems["templates/audiences/us/audience.yml"]).toEqual([
      expect.stringMatching(/audience-lang The language pack templates\/i18n\/en\.yml has errors/),
    ]);
  });

  it("an unknown `lang` in audience.yml is an error at its line with a did-you-mean from the packs", async () => {
    const p = templates({ "audiences/de/audience.yml": "name: Deutschland\nextends: eu\nlang: fz\n" });
    const { byId, problems } = await load(p);
    expect(byId.has("de")).toBe(false);
    expect(problems["templates/audiences/de/audience.yml"]).toEqual([
      expect.stringMatching(
        /^3:7 audience-lang No language pack for `lang: fz`\. Did you mean `fr`\? Language packs: ar, en/,
      ),
    ]);
  });
});

describe("an audience's language", () => {
  it("lang picks the pack; edition line and disclaimer come from it; the parent's English text is not inherited", async () => {
    const p = templates({ "audiences/africa-fr/audience.yml": FRENCH });
    const { byId, problems } = await load(p);
    expect(problems).toEqual({});
    const a = byId.get("africa-fr")!;
    expect(a).toMatchObject({ pack: "fr", direction: "ltr", edition: "Édition Afrique francophone", addressee: "" });
    expect(a.disclaimer).toMatch(/^Cette note s’appuie sur la source/);
    expect(a.messages.bluf).toBe("L’essentiel");
    expect(a.files).toContain(join(p.root, "templates/i18n/fr.yml"));
    // English audiences are unchanged by the packs.
    expect(byId.get("global-south")).toMatchObject({ pack: "en", edition: "Global South edition" });
  });

  it("messages: overrides one message for the audience and its children in the same language", async () => {
    const p = templates({
      "audiences/africa-fr/audience.yml": `${FRENCH}messages:\n  bluf: En bref\n`,
      "audiences/sahel/audience.yml": "name: Sahel\nextends: africa-fr\n",
      "audiences/lusophone/audience.yml": "name: África lusófona\nextends: africa-fr\nlang: pt\n",
    });
    const { byId, problems } = await load(p);
    expect(problems).toEqual({});
    expect(byId.get("africa-fr")!.messages).toMatchObject({ bluf: "En bref", endnotes: "Notes" });
    expect(byId.get("sahel")!.messages.bluf).toBe("En bref");
    expect(byId.get("lusophone")!.messages.bluf).toBe("O essencial");
    expect(byId.get("lusophone")!.edition).toBe("Edição África lusófona");
  });

  it("an override with a placeholder its message cannot fill is an error at its line", async () => {
    const p = templates({ "audiences/africa-fr/audience.yml": `${FRENCH}messages:\n  page: "p. {n}"\n` });
    const { problems } = await load(p);
    expect(problems["templates/audiences/africa-fr/audience.yml"]).toEqual([
      expect.stringMatching(/^6:9 pack-placeholder Message `page` uses `\{n\}`, which it cannot fill\./),
    ]);
  });
});

describe("the memo prints the pack's words", () => {
  it("a French edition: labels, endnotes heading, back-links, page numbers and date in French", async () => {
    const p = templates({ "audiences/africa-fr/audience.yml": FRENCH });
    const { byId, brand } = await load(p);
    const audience = byId.get("africa-fr")!;
    const brief = parseValid(
      `${frontMatter({ audiences: "audiences: [africa-fr]" })}\n${body({
        implications: '## Implications\n\n:::audience{for="africa-fr"}\nTout.\n:::\n',
      })}`,
      ["africa-fr"],
    );
    const html = createRenderer(p.root, audience, brand, await loadBrandAssets(brand)).render(
      brief,
      transformBrief(brief, audience),
      { inline: false },
    );
    expect(html).toContain('<h2 id="bluf-heading" class="bluf__label">L’essentiel</h2>');
    expect(html).toContain('<h2 class="end-matter__heading">Source et avertissement</h2>');
    expect(html).toContain("D’après\u00a0: A. Author");
    expect(html).toContain('<h2 id="endnotes-heading">Notes</h2>');
    expect(html).toContain("Retour à l’appel de note 1");
    expect(html).toContain('@bottom-center{content:"Page " counter(page) " sur " counter(pages)}');
    expect(html).toContain("1 juillet 2025");
    for (const english of ["Bottom line up front", "Endnotes", "Derived from", "Back to reference", `" of "`])
      expect(html.slice(html.indexOf("</style>"))).not.toContain(english);
  });
});

/** The repo's packs and audiences plus africa-fr (French), as parsing a brief sees them. */
async function frenchContext() {
  const p = templates({ "audiences/africa-fr/audience.yml": FRENCH });
  const dir = join(p.root, "templates");
  const packs = await loadLanguagePacks(p.root, dir);
  const loaded = await loadAudiences(p.root, dir, (await loadBrand(p.root, dir)).brand, packs);
  return { ids: loaded.ids, languages: languageContext(packs, loaded.audiences), byId: loaded.audiences };
}

const FRENCH_BODY = [
  "## Résumé\n\nLes ports restent ouverts.[^ports]\n",
  "## Principales conclusions\n\n1. Le trafic continuera.\n",
  "## Analyse\n\nLes ports sont restés ouverts.\n",
  '## Conséquences\n\n:::audience{for="africa-fr"}\nPour les capitales africaines.\n:::\n',
  "## Recommandations\n\n1. Garder le corridor ouvert.\n",
  "## À surveiller\n\nLes assurances.\n",
  "[^ports]: A. Author, *A paper*.\n",
].join("\n");

function parseWith(markdown: string, ctx: Awaited<ReturnType<typeof frenchContext>>) {
  const file = briefFile(markdown);
  return { brief: parseBrief({ slug: "test", file }, ctx.ids, ctx.languages), file, messages: messagesOf(file) };
}

describe("section headings in the brief's language", () => {
  it("a French brief (lang: fr) is recognised by its French headings and goes to the French audience only", async () => {
    const ctx = await frenchContext();
    const { brief, messages } = parseWith(
      `${frontMatter({ audiences: "", bluf: "bluf: Tout va bien." }, "lang: fr")}\n${FRENCH_BODY}`,
      ctx,
    );
    expect(messages).toEqual([]);
    expect(brief!.targets).toEqual(["africa-fr"]);
    expect(brief!.pack).toBe("fr");
    const html = transformBrief(
      brief!,
      ctx.byId.find((a) => a.id === "africa-fr")!,
    ).html;
    expect(html).toContain('<section id="executive-summary" class="section section--executive-summary"');
    expect(html).toContain('<h2 id="executive-summary-heading">Résumé</h2>');
    expect(html).toContain('<section id="key-judgements"');
    expect(html).toContain('<section id="implications"');
    expect(html).toContain('<section id="a-surveiller"'); // other sections keep their slug
  });

  it("an explicit {#id} names the section, and is not printed", async () => {
    const ctx = await frenchContext();
    const body = FRENCH_BODY.replace("## Résumé", "## En quelques mots {#executive-summary}");
    const { brief, messages } = parseWith(`${frontMatter({ audiences: "" }, "lang: fr")}\n${body}`, ctx);
    expect(messages).toEqual([]);
    const html = transformBrief(
      brief!,
      ctx.byId.find((a) => a.id === "africa-fr")!,
    ).html;
    expect(html).toContain('<h2 id="executive-summary-heading">En quelques mots</h2>');
    expect(html).not.toContain("{#");
  });

  it("English briefs are unchanged: English headings, every English audience, never the French one", async () => {
    const ctx = await frenchContext();
    const { brief, messages } = parseWith(
      `${frontMatter({ audiences: "" })}\n${body({ implications: '## Implications\n\n:::audience{not="africa-fr"}\nAll.\n:::\n' })}`,
      ctx,
    );
    expect(messages).toEqual([]);
    expect(brief!.targets).toEqual(ctx.ids.filter((id) => id !== "africa-fr"));
  });

  it("a heading in another language than `lang` is an error at the heading, saying how to fix it", async () => {
    const ctx = await frenchContext();
    const english = body({ "executive-summary": "## Résumé\n\nPorts handled 12 million tonnes.[^ports]\n" });
    const { brief, messages } = parseWith(`${frontMatter()}\n${english}`, ctx);
    expect(brief).toBeUndefined();
    const line = `${frontMatter()}\n${english}`.split("\n").indexOf("## Résumé") + 1;
    expect(messages).toEqual([
      `${line}:1 heading-language \`## Résumé\` is a heading in Français (fr), but this brief is written in English ` +
        "(`lang: en`). Write `## Executive summary`, set `lang: fr` in the front matter if the brief is in Français, " +
        "or keep the heading and name its section: `## Résumé {#executive-summary}`.",
    ]);
  });

  it("a French brief without its French sections names the French headings and the {#id} way", async () => {
    const ctx = await frenchContext();
    const { messages } = parseWith(
      `${frontMatter({ audiences: "" }, "lang: fr")}\n${FRENCH_BODY.replace("## Analyse", "## Étude")}`,
      ctx,
    );
    expect(messages).toEqual([
      "1:1 missing-section Missing section `## Analyse` (headings in Français, as templates/i18n/fr.yml lists " +
        "them: Analyse; or any heading followed by `{#analysis}`). Every brief has: Résumé, Principales conclusions, " +
        "Analyse, Conséquences, Recommandations.",
    ]);
  });
});

describe("a brief's language and its audiences", () => {
  it("an unknown lang is an error at its line, with a did-you-mean", async () => {
    const ctx = await frenchContext();
    const { messages } = parseWith(`${frontMatter({}, "lang: fz")}\n${body()}`, ctx);
    expect(messages).toEqual([
      expect.stringMatching(/^14:7 brief-lang No language pack for `lang: fz`\. Did you mean `fr`\? Language packs:/),
    ]);
  });

  it("listing an audience of another language is an error at the list item", async () => {
    const ctx = await frenchContext();
    const { messages } = parseWith(
      `${frontMatter({ audiences: "audiences: [africa-fr, us]" }, "lang: fr")}\n${FRENCH_BODY}`,
      ctx,
    );
    expect(messages).toContainEqual(
      "11:24 audience-language The us edition is for readers of English, and this brief is written in `fr`. " +
        "Remove `us` from `audiences`, or list `fr` in `brief_languages` of templates/audiences/us/audience.yml.",
    );
  });

  it("a brief in a language no audience reads is a warning listing the audiences and what they read", async () => {
    const ctx = await frenchContext();
    const markdown = `${frontMatter({ audiences: "" }, "lang: pt-BR")}\n${FRENCH_BODY}`;
    const { messages } = parseWith(markdown, ctx);
    expect(messages.find((m) => m.includes("brief-lang-unread"))).toMatch(
      /^13:7 brief-lang-unread No audience reads briefs in `pt-BR`, so this brief has no edition\. Audiences: africa-fr \(Français\), eu \(English\),/,
    );
  });

  it("brief_languages lets an audience build briefs in other languages too", async () => {
    const p = templates({ "audiences/africa-fr/audience.yml": `${FRENCH}brief_languages: [fr, en]\n` });
    const { byId, problems } = await load(p);
    expect(problems).toEqual({});
    expect(byId.get("africa-fr")!.briefLanguages).toEqual(["fr", "en"]);
  });
});

describe("typography per language", () => {
  const fr = {
    quotes: ["«\u202f", "\u202f»"] as [string, string],
    apostrophe: "’",
    spaceBefore: { ";!?": "\u202f", ":": "\u00a0" },
  };

  it("French: guillemets with narrow no-break spaces, the apostrophe, spaces before high punctuation", () => {
    expect(
      typeset(`C'est "une bonne nouvelle" ; est-ce durable ? Oui: à 12:30, voir https://example.org:8080 !`, fr),
    ).toBe(
      "C’est «\u202fune bonne nouvelle\u202f»\u202f; est-ce durable\u202f? Oui\u00a0: à 12:30, voir https://example.org:8080\u202f!",
    );
    // Curly quotes and guillemets typed with ordinary spaces come out the same.
    expect(typeset("« oui » et “non”", fr)).toBe("«\u202foui\u202f» et «\u202fnon\u202f»");
  });

  it("a quotation that spans inline markup is paired across the text nodes of its paragraph", async () => {
    const ctx = await frenchContext();
    const markdown = `${frontMatter({ audiences: "" }, "lang: fr")}\n${FRENCH_BODY.replace("Le trafic continuera.", 'Il a dit "le *trafic* continuera" hier.')}`;
    const { brief } = parseWith(markdown, ctx);
    const html = transformBrief(
      brief!,
      ctx.byId.find((a) => a.id === "africa-fr")!,
    ).html;
    expect(html).toContain("«\u202fle <em>tra\u00adfic</em> conti\u00adnue\u00adra\u202f» hier.");
  });

  it("Spanish and Chinese set their own quotation marks; English is left exactly as written", () => {
    expect(typeset('dijo "sí"', { quotes: ["«", "»"] })).toBe("dijo «sí»");
    expect(typeset('他说"可以"。', { quotes: ["“", "”"] })).toBe("他说“可以”。");
    const english = `He said "yes" ; it's 12:30 !`;
    expect(typeset(english, {})).toBe(english);
  });

  it("French body text gets soft hyphens from TeX patterns; headings, links and word counts do not", async () => {
    const ctx = await frenchContext();
    const { brief } = parseWith(`${frontMatter({ audiences: "" }, "lang: fr")}\n${FRENCH_BODY}`, ctx);
    const audience = ctx.byId.find((a) => a.id === "africa-fr")!;
    const body = transformBrief(brief!, audience);
    expect(body.html).toContain("Les ports sont res\u00adtés ou\u00adverts");
    expect(body.html).toContain('<h2 id="key-judgements-heading">Principales conclusions</h2>');
    expect(body.outline.map((s) => s.text).join(" ")).not.toContain("\u00ad");
    expect(body.words).toBe(transformBrief({ ...brief!, typography: {} }, audience).words);
  });
});

describe("right to left", () => {
  it("an Arabic edition has dir=rtl on <html> and its running header mirrored; English has no dir", async () => {
    const p = templates({
      "audiences/arab/audience.yml":
        "name: العالم العربي\nextends: global-south\nlang: ar\nlocale: ar-EG\nbrief_languages: [en]\n",
    });
    const { byId, brand } = await load(p);
    const assets = await loadBrandAssets(brand);
    const brief = parseValid(`${frontMatter({ audiences: "audiences: [us, eu]" })}\n${body()}`);
    const arab = byId.get("arab")!;
    const html = createRenderer(p.root, arab, brand, assets).render(brief, transformBrief(brief, arab), {
      inline: false,
    });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('@top-right{content:"Test brief"}@top-left{content:"TLP:CLEAR"}');
    expect(html).toContain("@page:first{@top-right{content:none}}");
    // ar-EG writes ١٢٣: so do the page numbers.
    expect(html).toContain('"الصفحة " counter(page,arabic-indic) " من " counter(pages,arabic-indic)');
    const us = byId.get("us")!;
    const english = createRenderer(p.root, us, brand, assets).render(brief, transformBrief(brief, us), {
      inline: false,
    });
    expect(english).toContain('<html lang="en-US">');
    expect(english).toContain('@top-left{content:"Test brief"}@top-right{content:"TLP:CLEAR"}');
  });

  it("the base style sheet uses logical properties only: no left or right but in the @page margin boxes", () => {
    const css = readRepo("templates/base/style.css").replace(/@page \{[\s\S]*?\n\}/, "");
    expect(css).not.toMatch(/(margin|padding|border)-(left|right)|text-align: (left|right)|[{;] *(left|right):/);
  });
});

/** A file of the repository, as text. */
function readRepo(path: string): string {
  return readFileSync(join(REPO, path), "utf8");
}

describe("counting words per language", () => {
  it("Chinese is cut into words by Intl.Segmenter, not counted as one word per sentence", () => {
    expect(countWords("本季港口共处理粮食1200万吨。")).toBe(8); // 本季|港口|共|处理|粮食|1200|万|吨
    expect(countWords("保险费用下降了三分之一，这是“好消息”。")).toBe(8);
  });

  it("Arabic words keep their combining marks; English counts as before", () => {
    expect(countWords("هذه المذكرة مستمدّة من المصدر")).toBe(5);
    expect(countWords("The ports stayed open all season: U.S. grain, 4,200 km.")).toBe(10);
  });
});

describe("quotations in translation (:quote[…]{original})", () => {
  const quoted = (original: string) =>
    FRENCH_BODY.replace(
      "Les ports sont restés ouverts.",
      `Pour l'auteur, :quote[les ports resteront ouverts]{original="${original}"}.`,
    );

  it("prints the translation in French marks, marked as ours, with the original after it", async () => {
    const ctx = await frenchContext();
    const { brief, messages } = parseWith(
      `${frontMatter({ audiences: "" }, "lang: fr")}\n${quoted("the ports will stay open")}`,
      ctx,
    );
    expect(messages).toEqual([]);
    const html = transformBrief(
      brief!,
      ctx.byId.find((a) => a.id === "africa-fr")!,
    ).html.replace(/\u00ad/g, "");
    expect(html).toContain(
      "«\u202fles ports resteront ouverts\u202f» (notre traduction\u202f; original\u00a0: " +
        '«\u202f<span lang="en">the ports will stay open</span>\u202f»)',
    );
  });

  it("keeps the original in its own language: marked lang, never hyphenated by the brief's patterns", async () => {
    const ctx = await frenchContext();
    const original = "unsustainable interdependence";
    const parsed = parseWith(`${frontMatter({ audiences: "" }, "lang: fr")}\n${quoted(original)}`, ctx);
    const html = transformBrief(
      parsed.brief!,
      ctx.byId.find((a) => a.id === "africa-fr")!,
    ).html;
    expect(html).toContain(`<span lang="en">${original}</span>`);
    // The French words around it are hyphenated as French; the English inside the span, not at all.
    expect(
      html.match(/r[\u00ad]?e[\u00ad]?s[\u00ad]?t[\u00ad]?e[\u00ad]?r[\u00ad]?o[\u00ad]?n[\u00ad]?t/)?.[0],
    ).toContain("\u00ad");
    const russian = parseWith(
      `${frontMatter({ audiences: "" }, "lang: fr")}\n${quoted(original).replace(`"${original}"`, `"${original}" lang="ru"`)}`,
      ctx,
    );
    expect(
      transformBrief(
        russian.brief!,
        ctx.byId.find((a) => a.id === "africa-fr")!,
      ).html,
    ).toContain(`<span lang="ru">${original}</span>`);
    const bad = parseWith(
      `${frontMatter({ audiences: "" }, "lang: fr")}\n${quoted(original).replace(`"${original}"`, `"${original}" lang="Russian"`)}`,
      ctx,
    );
    expect(bad.brief).toBeUndefined();
    expect(bad.messages.join("\n")).toContain('its `lang` "Russian" is not a language tag');
  });

  it("refuses one without its original, at its place", async () => {
    const ctx = await frenchContext();
    const { brief, file, messages } = parseWith(`${frontMatter({ audiences: "" }, "lang: fr")}\n${quoted(" ")}`, ctx);
    expect(brief).toBeUndefined();
    const text = String(file.value);
    const before = text.slice(0, text.indexOf(":quote[")).split("\n");
    expect(messages.join("\n")).toContain(
      `${before.length}:${before[before.length - 1]!.length + 1} translated-quote A quotation in translation is ` +
        'written `:quote[the words, translated]{original="the source\'s words"}`: its `original` is missing or empty.',
    );
  });

  it("check --source grounds the original word for word, at the quotation", async () => {
    const ctx = await frenchContext();
    const source = sourceText("Whatever happens, the ports will stay open until the spring.", "paper.txt");
    for (const [original, errors] of [
      ["the ports will stay open", 0],
      ["the ports will stay closed", 1],
    ] as const) {
      const { brief, file } = parseWith(`${frontMatter({ audiences: "" }, "lang: fr")}\n${quoted(original)}`, ctx);
      checkGrounding(file, brief!.tree, source);
      const misquotes = messagesOf(file).filter((m) => m.includes("misquote"));
      expect(misquotes, original).toHaveLength(errors);
      if (errors) expect(misquotes[0]).toContain("as far as “the ports will stay”, then differs");
    }
  });
});

describe("a chart in a French memo", () => {
  it("is captioned, sourced, disclosed and referred to in French; its generated description is marked English", async () => {
    const ctx = await frenchContext();
    const chart = [
      "Voir :ref[echanges].\n",
      ':::chart{#echanges type="bar" title="Échanges sino-russes" source="Lo (2025)" unit="milliards USD"}',
      "| Année | Échanges |",
      "|---|---|",
      "| 2020 | 104 |",
      "| 2024 | 245 |",
      ":::\n",
    ].join("\n");
    const md = `${frontMatter({ audiences: "" }, "lang: fr")}\n${FRENCH_BODY.replace(
      "Les ports sont restés ouverts.",
      `Les ports sont restés ouverts.\n\n${chart}`,
    )}`;
    const { brief, messages } = parseWith(md, ctx);
    expect(messages).toEqual([]);
    const html = transformBrief(
      brief!,
      ctx.byId.find((a) => a.id === "africa-fr")!,
      new Map([[brief!.charts[0]!.offset, '<svg viewBox="0 0 10 10" width="10" height="10"></svg>']]),
    ).html.replace(/\u00ad/g, "");
    expect(html).toContain('<span class="figure-number">Figure 1. </span>');
    expect(html).toContain('<a href="#figure-1">figure 1</a>');
    expect(html).toContain("Source\u00a0: Lo (2025)");
    expect(html).toContain("<summary>Données de la figure 1</summary>");
    expect(html).toMatch(/<desc id="figure-1-desc" lang="en">/);
    expect(html).not.toMatch(/Data for figure|Source: /);
  });
});

describe("the index pages' language (brand.yml defaults.index.lang)", () => {
  const withIndexLang = (lang: string) => {
    const p = makeProject();
    const brand = readFileSync(join(p.root, "templates", "brand.yml"), "utf8");
    p.write("templates/brand.yml", brand.replace(/^defaults:\n/m, `defaults:\n  index:\n    lang: ${lang}\n`));
    return p;
  };

  it("is English by default and takes any language a pack serves", async () => {
    const plain = makeProject();
    try {
      expect((await loadTemplates(resolveOptions(plain.root))).brand?.indexLang).toBe("en");
    } finally {
      plain.remove();
    }
    const p = withIndexLang("fr-FR");
    try {
      const loaded = await loadTemplates(resolveOptions(p.root));
      expect(loaded.brand?.indexLang).toBe("fr-FR");
      expect(loaded.files.flatMap((f) => messagesOf(f))).toEqual([]);
    } finally {
      p.remove();
    }
  });

  it("a language no pack serves is an error at its line in brand.yml, listing the packs", async () => {
    const p = withIndexLang("xx");
    try {
      const loaded = await loadTemplates(resolveOptions(p.root));
      const text = readFileSync(join(p.root, "templates", "brand.yml"), "utf8");
      const lines = text.split("\n");
      const line = lines.findIndex((l) => l.trim() === "lang: xx") + 1;
      const column = lines[line - 1]!.indexOf("xx") + 1; // at the value
      expect(loaded.files.flatMap((f) => messagesOf(f))).toEqual([
        expect.stringContaining(
          `${line}:${column} index-lang No language pack for \`defaults.index.lang: xx\` (the language of out/index.html`,
        ),
      ]);
    } finally {
      p.remove();
    }
  });
});
