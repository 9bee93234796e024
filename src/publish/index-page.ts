/**
 * The web edition's own pages, from the manifest: out/index.html (every brief, newest first, with its date, subtitle,
 * bottom line, marking and editions, and a filter by audience) and out/compare/<slug>.html (a brief's editions side
 * by side). Static and script-free: the filter is CSS `:target`.
 */
import type { Manifest, ManifestEntry } from "./manifest.js";
import type { Messages } from "../shared/model.js";
import { fillMessage } from "../shared/fill-message.js";
import { formatDate, pluralOf } from "../shared/format.js";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The words these pages print, from a language pack. */
export type IndexWords = Pick<
  Messages,
  | "nav_index"
  | "nav_editions"
  | "index_head"
  | "index_title"
  | "index_filter_label"
  | "index_filter"
  | "index_every"
  | "index_showing"
  | "index_memos_one"
  | "index_memos_other"
  | "index_empty"
  | "index_footer"
  | "index_bottom_line"
  | "index_editions_one"
  | "index_editions_other"
  | "index_read"
  | "index_pages_one"
  | "index_pages_other"
  | "index_words"
  | "index_compare"
  | "compare_title"
  | "compare_count"
  | "compare_open"
>;

/** The English pack's words for these pages: used only when no pack can be read (its problem is reported). */
export const ENGLISH_INDEX_WORDS: IndexWords = {
  nav_index: "All memos",
  nav_editions: "Editions:",
  index_head: "{org} — policy memos",
  index_title: "Policy memos",
  index_filter_label: "Filter by audience",
  index_filter: "Show the editions for:",
  index_every: "Every audience",
  index_showing: ": the {edition}",
  index_memos_one: "{n} memo, newest first",
  index_memos_other: "{n} memos, newest first",
  index_empty: "No memos built yet.",
  index_footer:
    "Each memo is published in an HTML edition and a print-ready PDF; the PDF is the edition of record.\n" +
    "No scripts run on these pages.",
  index_bottom_line: "Bottom line",
  index_editions_one: "{n} edition",
  index_editions_other: "{n} editions",
  index_read: "Read (HTML)",
  index_pages_one: "{n} page",
  index_pages_other: "{n} pages",
  index_words: "{n} words",
  index_compare: "Compare the {n} editions side by side",
  compare_title: "{title}: editions side by side — {org}",
  compare_count: "{n} editions side by side",
  compare_open: "open",
};

/** The brand as these pages show it, and the language they are written in (a pack's words, its tag). */
export interface IndexLook {
  name: string;
  primary: string;
  /** The BCP 47 tag of `<html lang>` (and of the dates, outside English). */
  lang: string;
  words: IndexWords;
  /**
   * The brand's fallback faces a page needs for characters the brand's fonts lack (`@font-face` rules, embedded) and
   * their families, put at the head of every font stack: no Chinese title in empty boxes.
   */
  fonts?: { css: string; families: readonly string[] };
}

/** The serif and sans-serif stacks of a page, with the fallback families it needs before the generic family. */
function stacks(look: IndexLook): { serif: string; georgia: string; sans: string } {
  // First: their faces cover only the characters the page needs (unicode-range), and Chromium gives a character
  // system-ui lacks to a system font (or an empty box) before it tries the families after it.
  const first = (look.fonts?.families ?? []).map((f) => `${JSON.stringify(f)},`).join("");
  return {
    serif: `${first}Georgia,"Source Serif 4",serif`,
    georgia: `${first}Georgia,serif`,
    sans: `${first}system-ui,sans-serif`,
  };
}

/** A message with a count: its `_one` or `_other` form, as the language's plural rules pick for `n`. */
function counted(look: IndexLook, key: "index_memos" | "index_editions" | "index_pages", n: number): string {
  const form = pluralOf(n, look.lang) === "one" ? "one" : "other";
  return fillMessage(look.words[`${key}_${form}`], { n });
}

const w = (look: IndexLook, key: keyof IndexWords, values: Record<string, string | number> = {}) =>
  fillMessage(look.words[key], values);

interface Edition {
  audience: string;
  edition: string;
  marking?: string | undefined;
  html?: string;
  pdf?: string;
  pages?: number;
  words: number;
}

/** One brief of the manifest, with its editions sorted by audience. */
export interface BriefListing {
  slug: string;
  title: string;
  subtitle?: string | undefined;
  date?: string | undefined;
  bluf?: string | undefined;
  /** The brief's language (its title, subtitle and bottom line are in it). */
  lang?: string | undefined;
  editions: Edition[];
}

/** The briefs of `manifest`, newest first (by date, then title, then slug). */
export function briefListings(manifest: Manifest): BriefListing[] {
  const briefs = new Map<string, BriefListing>();
  for (const e of manifest.artefacts) {
    const b = briefs.get(e.brief) ?? { slug: e.brief, title: e.title, editions: [] };
    briefs.set(e.brief, b);
    b.subtitle ??= e.subtitle;
    b.date ??= e.date;
    b.bluf ??= e.bluf;
    b.lang ??= e.lang;
    let ed = b.editions.find((x) => x.audience === e.audience);
    if (!ed) b.editions.push((ed = { audience: e.audience, edition: e.edition, marking: e.marking, words: e.words }));
    addArtefact(ed, e);
  }
  for (const b of briefs.values()) b.editions.sort((x, y) => cmp(x.audience, y.audience));
  return [...briefs.values()].sort(
    (a, b) => cmp(b.date ?? "", a.date ?? "") || cmp(a.title, b.title) || cmp(a.slug, b.slug),
  );
}

function addArtefact(ed: Edition, e: ManifestEntry): void {
  if (e.format === "html") ed.html = e.path;
  else {
    ed.pdf = e.path;
    if (e.pages !== undefined) ed.pages = e.pages;
  }
}

/** Code-point order: the same on every machine, whatever its locale. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * "2025-07-15" → "15 July 2025": in English written out here, not by Intl, so the page is the same on every machine;
 * in another language as the memos write their dates.
 */
function longDate(iso: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  if (/^en\b/.test(lang)) return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return formatDate(iso, lang);
}

/** The index page for `manifest`, in the brand's name and colour. */
export function indexPage(manifest: Manifest, look: IndexLook): string {
  const briefs = briefListings(manifest);
  const audiences = new Map<string, string>();
  for (const b of briefs)
    for (const ed of b.editions) if (!audiences.has(ed.audience)) audiences.set(ed.audience, ed.edition);
  const ids = [...audiences.keys()].sort(cmp);
  const filter = ids.map((id) => `<li><a href="#for-${escape(id)}">${escape(audiences.get(id)!)}</a></li>`).join("");
  const targets = ["all", ...ids.map((id) => `for-${id}`)]
    .map((id) => `<div id="${escape(id)}" class="target"></div>`)
    .join("\n");
  // One pair of rules per audience: with #for-<id> in the address, only its briefs and editions show.
  const filterCss = ids
    .map(
      (id) =>
        `#for-${id}:target~.briefs .brief:not(.for-${id}),#for-${id}:target~.briefs .edition:not(.ed-${id})` +
        `{display:none}#for-${id}:target~.showing .showing-${id}{display:inline}`,
    )
    .join("\n");
  const showing = ids
    .map(
      (id) =>
        `<span class="showing-${escape(id)}">` +
        `${escape(w(look, "index_showing", { edition: audiences.get(id)! }))}</span>`,
    )
    .join("");
  const cards = briefs.map((b) => card(b, look)).join("\n");
  const filterLabel = escape(w(look, "index_filter_label"));
  const faces = look.fonts ? `${look.fonts.css}\n` : "";
  const { serif, sans } = stacks(look);
  return `<!doctype html>
<html lang="${escape(look.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escape(w(look, "index_head", { org: look.name }))}</title>
<style>
${faces}:root{--brand:${escape(look.primary)};--ink:#1a1a1a;--muted:#4f5b67;--paper:#fff;--desk:#f4f5f7;
--rule:#d8dde3;--link:${escape(look.primary)}}
@media (prefers-color-scheme:dark){:root{--ink:#e8ebef;--muted:#aab4bf;--paper:#1d2329;--desk:#12161a;
--rule:#35404a;--link:#9cc3ff}}
*{box-sizing:border-box}
body{margin:0;font:17px/1.55 ${serif};color:var(--ink);background:var(--desk)}
a{color:var(--link)}
.masthead{background:var(--brand);color:#fff;padding:1.6rem 1.5rem 1.4rem}
.masthead p,.masthead h1{max-width:60rem;margin:0 auto}
.masthead .org{font:700 .8rem/1.2 ${sans};letter-spacing:.16em;text-transform:uppercase}
.masthead h1{font-size:2rem;font-weight:600;margin-top:.4rem}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}
.filter{font:.9rem/1.4 ${sans};margin:1rem 0 .5rem}
.filter ul{display:inline;list-style:none;padding:0;margin:0}
.filter li{display:inline-block;margin-right:.9rem;white-space:nowrap}
.target{scroll-margin-top:0}
.showing{font:600 .8rem/1.3 ${sans};letter-spacing:.08em;text-transform:uppercase;
color:var(--muted);margin:.6rem 0 0}
.showing span{display:none}
.briefs{list-style:none;padding:0;margin:0}
.brief{background:var(--paper);border:1px solid var(--rule);border-top:4px solid var(--brand);
padding:1.2rem 1.5rem 1rem;margin:1.2rem 0}
.meta{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;font:.8rem/1.3 ${sans};
color:var(--muted);margin:0}
.marking{font-weight:700;letter-spacing:.08em;border:1px solid currentColor;padding:.1rem .4rem}
.brief h2{font-size:1.45rem;line-height:1.2;margin:.5rem 0 .2rem;font-weight:600}
.brief h2 a{color:inherit;text-decoration:none}
.brief h2 a:hover{text-decoration:underline}
.subtitle{font-style:italic;color:var(--muted);margin:0 0 .7rem}
.bluf{margin:0 0 .9rem;padding:.6rem .9rem;border-left:3px solid var(--brand);background:var(--desk)}
.bluf b{font:700 .75rem/1 ${sans};letter-spacing:.1em;text-transform:uppercase;margin-right:.4rem}
.editions{list-style:none;padding:0;margin:0;font:.92rem/1.4 ${sans}}
.edition{display:flex;flex-wrap:wrap;gap:.2rem 1rem;padding:.45rem 0;border-top:1px solid var(--rule)}
.edition .name{flex:1 1 14rem;font-weight:600}
.edition .facts{color:var(--muted)}
.compare{font:.85rem/1.4 ${sans};margin:.6rem 0 0}
footer{max-width:60rem;margin:0 auto;padding:0 1.5rem 2rem;font:.8rem/1.4 ${sans};color:var(--muted)}
@media (max-width:40rem){.masthead h1{font-size:1.5rem}.brief{padding:1rem}.edition .name{flex-basis:100%}}
${filterCss}
</style>
</head>
<body>
<header class="masthead"><p class="org">${escape(look.name)}</p><h1>${escape(w(look, "index_title"))}</h1></header>
<main>
${targets}
<nav class="filter" aria-label="${filterLabel}"><span>${escape(w(look, "index_filter"))}</span>
<ul><li><a href="#all">${escape(w(look, "index_every"))}</a></li>${filter}</ul></nav>
<p class="showing">${escape(counted(look, "index_memos", briefs.length))}${showing}</p>
<ol class="briefs">
${cards || `<li>${escape(w(look, "index_empty"))}</li>`}
</ol>
</main>
<footer><p>${escape(w(look, "index_footer"))}</p></footer>
</body>
</html>
`;
}

/** ` lang="…"` for the brief's own words when they are in another language than the page's (else nothing). */
function ownLang(b: BriefListing, look: IndexLook): string {
  const primary = (tag: string) => tag.split("-")[0]!.toLowerCase();
  return b.lang && primary(b.lang) !== primary(look.lang) ? ` lang="${escape(b.lang)}"` : "";
}

function card(b: BriefListing, look: IndexLook): string {
  const own = ownLang(b, look);
  const blufText = own ? `<span${own}>${escape(b.bluf ?? "")}</span>` : escape(b.bluf ?? "");
  const bluf = b.bluf ? `<p class="bluf"><b>${escape(w(look, "index_bottom_line"))}</b>${blufText}</p>` : "";
  const classes = ["brief", ...b.editions.map((e) => `for-${e.audience}`)].map(escape).join(" ");
  const markings = [...new Set(b.editions.map((e) => e.marking).filter((m): m is string => !!m))];
  const first = b.editions.find((e) => e.html) ?? b.editions[0];
  const href = first?.html ?? first?.pdf;
  const id = `b-${escape(b.slug)}`;
  const meta = [
    b.date ? `<time datetime="${escape(b.date)}">${escape(longDate(b.date, look.lang))}</time>` : "",
    ...markings.map((m) => `<span class="marking">${escape(m)}</span>`),
    `<span>${escape(counted(look, "index_editions", b.editions.length))}</span>`,
  ].filter(Boolean);
  const editions = b.editions.map((e) => {
    const links = [
      e.html ? `<a href="${escape(e.html)}">${escape(w(look, "index_read"))}</a>` : "",
      e.pdf ? `<a href="${escape(e.pdf)}">PDF</a>` : "",
    ].filter(Boolean);
    const facts = [
      e.pages !== undefined ? counted(look, "index_pages", e.pages) : "",
      w(look, "index_words", { n: e.words }),
      markings.length > 1 && e.marking ? e.marking : "",
    ].filter(Boolean);
    return (
      `<li class="edition ed-${escape(e.audience)}"><span class="name">${escape(e.edition)}</span> ` +
      `<span class="links">${links.join(" · ")}</span> <span class="facts">${escape(facts.join(", "))}</span></li>`
    );
  });
  const compare =
    b.editions.length > 1
      ? `<p class="compare">` +
        `<a href="compare/${escape(b.slug)}.html">${escape(w(look, "index_compare", { n: b.editions.length }))}</a></p>`
      : "";
  return `<li class="${classes}"><article aria-labelledby="${id}">
<p class="meta">${meta.join(" ")}</p>
<h2 id="${id}"${own}>${href ? `<a href="${escape(href)}">${escape(b.title)}</a>` : escape(b.title)}</h2>
${b.subtitle ? `<p class="subtitle"${own}>${escape(b.subtitle)}</p>` : ""}
${bluf}
<ul class="editions" aria-label="${escape(look.words.nav_editions.replace(/\s*[:：]\s*$/, ""))}">
${editions.join("\n")}
</ul>
${compare}
</article></li>`;
}

/** out/compare/<slug>.html: the brief's editions side by side, one frame each, with links to each HTML and PDF. */
export function comparePage(b: BriefListing, look: IndexLook): string {
  const frames = b.editions
    .filter((e) => e.html)
    .map((e) => {
      const id = `c-${escape(e.audience)}`;
      const pdf = e.pdf ? ` <a href="../${escape(e.pdf)}">PDF</a>` : "";
      return (
        `<section aria-labelledby="${id}"><h2 id="${id}">${escape(e.edition)} ` +
        `<a href="../${escape(e.html!)}">${escape(w(look, "compare_open"))}</a>${pdf}</h2>\n` +
        `<iframe src="../${escape(e.html!)}" title="${escape(`${b.title}, ${e.edition}`)}"></iframe></section>`
      );
    })
    .join("\n");
  const { georgia, sans } = stacks(look);
  const brand = escape(look.primary);
  const faces = look.fonts ? `${look.fonts.css}\n` : "";
  return `<!doctype html>
<html lang="${escape(look.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escape(w(look, "compare_title", { title: b.title, org: look.name }))}</title>
<style>
${faces}:root{--brand:${brand};--ink:#1a1a1a;--desk:#f4f5f7;--rule:#d8dde3;--link:${brand}}
@media (prefers-color-scheme:dark){:root{--ink:#e8ebef;--desk:#12161a;--rule:#35404a;--link:#9cc3ff}}
body{margin:0;font:16px/1.5 ${sans};color:var(--ink);background:var(--desk)}
a{color:var(--link)}
header{background:var(--brand);color:#fff;padding:1rem 1.5rem}
header h1{margin:0;font:600 1.35rem/1.25 ${georgia}}
header p{margin:.3rem 0 0}
header a{color:#fff}
main{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(34rem,1fr);gap:1rem;padding:1rem;overflow-x:auto}
section{margin:0}
h2{font-size:1rem;display:flex;gap:1rem;align-items:baseline;margin:.2rem 0 .5rem}
h2 a{font-weight:400;font-size:.85rem}
iframe{width:100%;height:calc(100vh - 9rem);border:1px solid var(--rule);background:#fff}
@media (max-width:40rem){main{grid-auto-flow:row;grid-auto-columns:auto}iframe{height:80vh}}
</style>
</head>
<body>
<header><h1${ownLang(b, look)}>${escape(b.title)}</h1><p><a href="../index.html">${escape(w(look, "nav_index"))}</a>
· ${escape(w(look, "compare_count", { n: b.editions.length }))}</p></header>
<main>
${frames}
</main>
</body>
</html>
`;
}
