// The real briefs: every brief built for every audience, checked as the publications team would check them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, cpSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { makeProject, REPO, type TempProject } from "./helpers/project.js";
import { pdfInfo, pdfText } from "./helpers/pdf.js";
import { build } from "../src/build/build.js";
import type { BuildReport } from "../src/build/report.js";
import { parseBrief } from "../src/validate/parse-brief.js";
import { sectionNodes } from "../src/validate/structure.js";
import { audienceSpec, isAudienceDirective } from "../src/validate/audience-directive.js";
import { toString } from "mdast-util-to-string";
import { VFile } from "vfile";
import { hasErrors } from "../src/shared/problems.js";

// Every shipped audience, as templates/audiences/ holds them (a new folder is a new edition of every brief in its
// language), and the language each is in (`lang`, en by default).
const langOf = (text: string) => /^lang:\s*([A-Za-z-]+)/m.exec(text)?.[1]?.split("-")[0] ?? "en";
const ALL_AUDIENCES = readdirSync(join(REPO, "templates", "audiences"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(REPO, "templates", "audiences", d.name, "audience.yml")))
  .map((d) => d.name)
  .sort();
const audienceLang = (id: string) =>
  langOf(readFileSync(join(REPO, "templates", "audiences", id, "audience.yml"), "utf8"));
const briefLang = (slug: string) =>
  langOf(/^---\n([\s\S]*?)\n---/.exec(readFileSync(join(REPO, "briefs", `${slug}.md`), "utf8"))?.[1] ?? "");
const ALL_SLUGS = readdirSync(join(REPO, "briefs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.slice(0, -3))
  .sort();
// The English briefs and audiences: every English brief has an edition for every English audience.
const AUDIENCES = ALL_AUDIENCES.filter((id) => audienceLang(id) === "en");
const slugs = ALL_SLUGS.filter((slug) => briefLang(slug) === "en");
let project: TempProject;
let report: BuildReport;

beforeAll(async () => {
  project = makeProject();
  cpSync(join(REPO, "briefs"), join(project.root, "briefs"), { recursive: true });
  report = await build(project.options());
}, 180_000);
afterAll(() => project.remove());

const parse = (slug: string) => {
  const file = new VFile({
    path: `briefs/${slug}.md`,
    value: readFileSync(join(REPO, "briefs", `${slug}.md`), "utf8"),
  });
  const brief = parseBrief({ slug, file }, AUDIENCES);
  return { brief, file };
};
const html = (audience: string, slug: string) =>
  readFileSync(join(project.root, "out", audience, `${slug}.html`), "utf8");
const text = (s: string) =>
  s
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
const sectionHtml = (page: string, id: string) =>
  new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(page)?.[0] ?? "";

describe("the French edition (Afrique francophone)", () => {
  it("the French brief is built for the French audience only, and no English brief for it", () => {
    expect(ALL_SLUGS.filter((s) => briefLang(s) === "fr")).toEqual(["inegales-pas-vassales"]);
    const french = report.editions.filter((e) => e.audience === "africa-fr" || e.brief === "inegales-pas-vassales");
    expect(french.map((e) => `${e.audience}/${e.brief} ${e.status}`)).toEqual([
      "africa-fr/inegales-pas-vassales built",
    ]);
    expect(french[0]!.warnings).toEqual([]);
  });

  it("prints French throughout: the pack's labels, French dates and typography, the edition's own disclaimer", () => {
    const page = html("africa-fr", "inegales-pas-vassales");
    expect(page).toMatch(/<html lang="fr-FR">/);
    const all = text(page.slice(page.indexOf("<body")).replace(/\u00ad/g, ""));
    for (const words of ["L’essentiel", "Résumé", "Principales conclusions", "Notes", "Source et avertissement"])
      expect(all).toContain(words);
    expect(all).toContain("18 juillet 2025");
    expect(page).toContain("Russie et Chine\u00a0: un partenariat inégal");
    expect(all).toContain("n’engage ni son auteur ni le NEST Centre");
    for (const english of ["Bottom line up front", "Endnotes", "Derived from", "Source and disclaimer", "edition"])
      expect(all).not.toContain(english);
    expect(pdfInfo(join(project.root, "out", "africa-fr", "inegales-pas-vassales.pdf")).Pages).toBe("2");
  });
});

describe("the briefs", () => {
  it("there is a flagship, at least three thematic briefs and the brief on Western policy", () => {
    expect(slugs).toContain("china-russia-convergence");
    expect(slugs).toContain("western-policy");
    expect(slugs.length).toBeGreaterThanOrEqual(5);
  });

  it("four audiences ship, the Indo-Pacific edition among them (A4, its own addressee and disclaimer)", () => {
    expect(AUDIENCES).toEqual(["eu", "global-south", "indo-pacific", "us"]);
    expect(ALL_AUDIENCES).toEqual(["africa-fr", "eu", "global-south", "indo-pacific", "us"]);
    const page = html("indo-pacific", "china-russia-convergence");
    expect(page).toMatch(/<html[^>]* lang="en-AU"/);
    const all = text(page);
    expect(all).toContain("Indo-Pacific edition");
    expect(all).toContain("For: policymakers in Tokyo, Seoul and Canberra");
    expect(all).toContain("Japan, the Republic of Korea and Australia");
    expect(all).not.toContain("For: EU institutions");
    const edition = report.editions.find(
      (e) => e.brief === "china-russia-convergence" && e.audience === "indo-pacific",
    )!;
    expect(edition.status).not.toBe("failed");
    expect(pdfInfo(join(project.root, "out", "indo-pacific", "china-russia-convergence.pdf"))["Page size"]).toMatch(
      /\(A4\)/,
    );
  });

  it.each(slugs)("%s: every edition ends with a What to watch list and places the paper in its debate", (slug) => {
    for (const audience of AUDIENCES) {
      const page = html(audience, slug);
      const watch = sectionHtml(page, "what-to-watch");
      expect(watch, `${audience}: What to watch`).not.toBe("");
      expect((watch.match(/<li>/g) ?? []).length, audience).toBeGreaterThanOrEqual(2);
      expect(text(sectionHtml(page, "key-judgements")), audience).toMatch(/Where the paper stands\. .*'axis'/);
    }
  });

  it("every brief builds in every edition with no error", () => {
    expect(report.editions.filter((e) => e.status === "failed")).toEqual([]);
    expect(report.editions.filter((e) => slugs.includes(e.brief)).length).toBe(slugs.length * AUDIENCES.length);
    for (const slug of slugs) {
      const { brief, file } = parse(slug);
      expect(hasErrors(file), String(file.messages)).toBe(false);
      expect(brief?.targets.sort()).toEqual(AUDIENCES);
    }
  });

  it("the flagship shows trade and oil as charts in every edition, unequal-not-vassal the car market", () => {
    const expected: Record<string, string[]> = {
      "china-russia-convergence": [
        "Figure 1. China–Russia trade, USD billion",
        "Figure 2. Russia's share of China's oil imports",
      ],
      "unequal-not-vassal": ["Figure 1. China's share of Russia's car market"],
    };
    for (const [slug, captions] of Object.entries(expected))
      for (const audience of AUDIENCES) {
        const page = html(audience, slug);
        expect(page.match(/<svg [^>]*role="img"/g), `${audience}/${slug}`).toHaveLength(captions.length);
        const printed = pdfText(join(project.root, "out", audience, `${slug}.pdf`)).replace(/\s+/g, " ");
        for (const caption of captions) expect(printed, `${audience}/${slug}`).toContain(caption);
      }
    const flagship = pdfText(join(project.root, "out", "us", "china-russia-convergence.pdf")).replace(/\s+/g, " ");
    for (const value of ["104", "245", "15.5", "21.5", "2018–21 avg."]) expect(flagship).toContain(value);
  });

  it.each(slugs)("%s: every edition is within its page and word budgets", (slug) => {
    const { brief } = parse(slug);
    for (const audience of AUDIENCES) {
      const pdf = join(project.root, "out", audience, `${slug}.pdf`);
      const pages = Number(pdfInfo(pdf).Pages);
      expect(pages, `${audience} pages`).toBeLessThanOrEqual(brief!.meta.budgets.pages!);
      const edition = report.editions.find((e) => e.brief === slug && e.audience === audience)!;
      expect(edition.words!, `${audience} words`).toBeLessThanOrEqual(brief!.meta.budgets.words!);
      expect(edition.warnings).toEqual([]);
    }
  });

  it.each(slugs)("%s: every edition has the required sections, endnotes, source citation and disclaimer", (slug) => {
    for (const audience of AUDIENCES) {
      const page = html(audience, slug);
      for (const id of [
        "executive-summary",
        "key-judgements",
        "analysis",
        "implications",
        "recommendations",
        "endnotes",
      ]) {
        expect(page, `${audience}: ${id}`).toMatch(new RegExp(`<section[^>]* id="${id}"`));
      }
      const end = text(page);
      expect(end).toContain(
        "Derived from: Bobo Lo, Convergence and divergence: China-Russia relations in the age of Trump",
      );
      expect(end).toMatch(/not endorsed by the paper's author or by the NEST Centre/);
    }
  });

  it.each(slugs)("%s: each audience's implications are in its edition and in no other", (slug) => {
    const { brief } = parse(slug);
    const blocks = sectionNodes(brief!.tree, "implications").filter((n) => isAudienceDirective(n as never));
    for (const audience of AUDIENCES) {
      const own = blocks.filter(
        (b) => audienceSpec(b as never).for?.length === 1 && audienceSpec(b as never).for![0] === audience,
      );
      expect(own.length, `${audience} has its own implications`).toBeGreaterThan(0);
      for (const block of own) {
        const sample = toString(block).replace(/\s+/g, " ").slice(0, 60);
        for (const other of AUDIENCES) {
          const implications = text(sectionHtml(html(other, slug), "implications"));
          if (other === audience) expect(implications, `${other} shows its own`).toContain(sample.slice(0, 40));
          else expect(implications, `${other} must not show ${audience}'s`).not.toContain(sample.slice(0, 40));
        }
      }
    }
  });

  it.each(slugs)("%s: at most three recommendations per edition, each naming who acts", (slug) => {
    for (const audience of AUDIENCES) {
      const recs = sectionHtml(html(audience, slug), "recommendations");
      const items = recs.match(/<li>/g) ?? [];
      expect(items.length, audience).toBeGreaterThan(0);
      expect(items.length, audience).toBeLessThanOrEqual(3);
      for (const li of recs.match(/<li>[\s\S]*?<\/li>/g) ?? [])
        expect(li, "starts with who acts, in bold").toMatch(/^<li>(<p>)?<strong>/);
      expect(text(recs)).toMatch(/derived from the analysis/i);
    }
  });

  it.each(slugs)("%s: no endnote reference without a definition or the reverse", (slug) => {
    for (const audience of AUDIENCES) {
      const page = html(audience, slug);
      const refs = new Set([...page.matchAll(/href="#(user-content-fn-[^"]+)"/g)].map((m) => m[1]));
      const defs = new Set([...page.matchAll(/<li id="(user-content-fn-[^"]+)"/g)].map((m) => m[1]));
      expect(refs.size, audience).toBeGreaterThan(0);
      expect([...refs].sort()).toEqual([...defs].sort());
    }
  });
});

// The source paper is not part of the project; where the workplace provides it beside the repository, check against it.
const paper = join(REPO, "..", "shared", "paper", "lo-2025-convergence-and-divergence.txt");
const overlap = join(REPO, "..", "shared", "tools", "overlap-check.mjs");
describe.skipIf(!existsSync(paper) || !existsSync(overlap))("fidelity to the source paper", () => {
  it("no run of eight or more words is copied from the paper", () => {
    const out = execFileSync(process.execPath, [overlap, paper, join(REPO, "briefs"), join(REPO, "templates")], {
      encoding: "utf8",
    });
    expect(out).toMatch(/^no copied runs/m);
  });
});

describe("an audience added by dropping a folder into templates/audiences/", () => {
  let nato: TempProject;
  let natoReport: BuildReport;
  beforeAll(async () => {
    nato = makeProject();
    cpSync(join(REPO, "briefs"), join(nato.root, "briefs"), { recursive: true });
    nato.write(
      "templates/audiences/nato/audience.yml",
      'name: NATO\nextends: eu\naddressee: "For: the North Atlantic Council"\n',
    );
    natoReport = await build(nato.options({ audiences: ["nato"], formats: ["html"] }));
  });
  afterAll(() => nato.remove());

  it("gets an edition of every brief, with no change to src/ or the briefs", () => {
    expect(natoReport.ok).toBe(true);
    expect(natoReport.editions.map((e) => `${e.audience}/${e.brief}`).sort()).toEqual(slugs.map((s) => `nato/${s}`));
  });

  it.each(slugs)(
    "%s: the NATO edition carries the implications written for every other reader, not another audience's",
    (slug) => {
      const page = readFileSync(join(nato.root, "out", "nato", `${slug}.html`), "utf8");
      expect(text(page)).toContain("NATO edition");
      const implications = text(sectionHtml(page, "implications"));
      expect(implications.length).toBeGreaterThan(60);
      for (const audience of AUDIENCES) {
        const theirs = text(sectionHtml(html(audience, slug), "implications"));
        expect(implications).not.toBe(theirs);
      }
    },
  );
});
