/** The preview's own pages: the index of editions, the side-by-side comparison, and a message page. */
import type { ManifestEntry } from "../../publish/manifest.js";
import { escapeHtml as e } from "./inject.js";

/** One brief's editions, as the manifest lists their HTML. */
export interface BriefEditions {
  slug: string;
  title: string;
  editions: Array<{ audience: string; edition: string; words: number }>;
}

/** Groups manifest entries by brief (HTML entries only), sorted by slug then audience. */
export function editionsByBrief(entries: readonly ManifestEntry[]): BriefEditions[] {
  const briefs = new Map<string, BriefEditions>();
  for (const a of entries) {
    if (a.format !== "html") continue;
    const b = briefs.get(a.brief) ?? { slug: a.brief, title: a.title, editions: [] };
    briefs.set(a.brief, b);
    b.editions.push({ audience: a.audience, edition: a.edition, words: a.words });
  }
  for (const b of briefs.values()) b.editions.sort((x, y) => x.audience.localeCompare(y.audience));
  return [...briefs.values()].sort((x, y) => x.slug.localeCompare(y.slug));
}

const STYLE =
  `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:1rem 2rem}` +
  `header h1{margin:0;font-size:1.25rem}header p{margin:.2rem 0 0;opacity:.85;font-size:.9rem}
main{max-width:60rem;margin:0 auto;padding:1rem 2rem 3rem}a{color:#1f3a5f}
section{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:1rem 1.5rem;margin:1rem 0}
h2{margin:.2rem 0;font-size:1.1rem}.slug{margin:0 0 .5rem;color:#555;font:.85rem ui-monospace,monospace}
ul{list-style:none;padding:0;margin:0}li{display:flex;gap:1rem;padding:.3rem 0;border-top:1px solid #eef0f3}
.edition{flex:0 0 16rem;font-weight:600}.facts{color:#555;margin-left:auto}`;

function page(title: string, body: string, style = STYLE): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** `/`: every brief × audience, with links to each edition's HTML, its PDF (built on request) and the comparison. */
export function indexPage(briefs: readonly BriefEditions[], outLabel: string): string {
  const sections = briefs.map((b) => {
    const rows = b.editions
      .map(
        (x) =>
          `<li><span class="edition">${e(x.edition)}</span> <a href="/${e(x.audience)}/${e(b.slug)}.html">HTML</a> ` +
          `<a href="/${e(x.audience)}/${e(b.slug)}.pdf" title="built when you open it">PDF</a> ` +
          `<span class="facts">${x.words} words</span></li>`,
      )
      .join("\n");
    const compare =
      b.editions.length > 1
        ? ` · <a href="/compare/${e(b.slug)}">compare the ${b.editions.length} editions side by side</a>`
        : "";
    return (
      `<section aria-labelledby="b-${e(b.slug)}"><h2 id="b-${e(b.slug)}">${e(b.title)}</h2><p ` +
      `class="slug">${e(b.slug)}${compare}</p><ul>${rows}</ul></section>`
    );
  });
  return page(
    "brief preview",
    `<header><h1>brief preview</h1><p>Live HTML of ${e(outLabel)}; ` +
      `PDFs are built when you open them. Pages reload when you save a brief or template.</p></header>
<main>
${sections.join("\n") || "<p>No editions built yet (see the problems above, or add a brief to briefs/).</p>"}
</main>`,
  );
}

/** `/compare/<slug>`: the brief's editions side by side, one frame each. */
export function comparePage(brief: BriefEditions): string {
  const style =
    `${STYLE}
.grid{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(34rem,1fr);gap:1rem;padding:1rem;overflow-x:auto}
.grid section{margin:0;padding:.5rem}.grid h2{font-size:1rem;display:flex;gap:1rem;align-items:baseline}
.grid h2 a{font-weight:400;font-size:.85rem}` +
    `iframe{width:100%;height:calc(100vh - 9rem);border:1px solid #d8dde3;background:#fff}`;
  const frames = brief.editions
    .map(
      (x) =>
        `<section aria-labelledby="c-${e(x.audience)}"><h2 id="c-${e(x.audience)}">` +
        `${e(x.edition)} <a href="/${e(x.audience)}/${e(brief.slug)}.html">open</a>` +
        ` <a href="/${e(x.audience)}/${e(brief.slug)}.pdf">PDF</a></h2>
<iframe src="/${e(x.audience)}/${e(brief.slug)}.html" title="${e(`${brief.title}, ${x.edition}`)}"></iframe></section>`,
    )
    .join("\n");
  return page(
    `${brief.title}: editions side by side`,
    `<header><h1>${e(brief.title)}</h1><p><a style="color:#fff" href="/">All memos</a> · ` +
      `${brief.editions.length} editions side by side` +
      ` · <code>npm run brief -- diff ${e(brief.slug)} &lt;a&gt; &lt;b&gt;</code> lists what differs</p></header>
<div class="grid">
${frames}
</div>`,
    style,
  );
}

/** A page with a heading and a message (not found, a failed PDF, no such brief). */
export function messagePage(title: string, message: string): string {
  return page(
    title,
    `<header><h1>${e(title)}</h1></header>\n<main><p style="white-space:pre-wrap">${e(message)}</p><p><a ` +
      `href="/">All memos</a></p></main>`,
  );
}
