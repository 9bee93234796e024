/** out/index.html: every edition of every brief, linked, grouped by brief. */
import type { Manifest } from "./manifest.js";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The index page for `manifest`, styled with the brand's name and colours. */
export function indexPage(manifest: Manifest, brand: { name: string; primary: string }): string {
  const briefs = new Map<
    string,
    {
      title: string;
      editions: Map<string, { edition: string; html?: string; pdf?: string; pages?: number; words: number }>;
    }
  >();
  for (const e of manifest.artefacts) {
    const b = briefs.get(e.brief) ?? { title: e.title, editions: new Map() };
    briefs.set(e.brief, b);
    const ed = b.editions.get(e.audience) ?? { edition: e.edition, words: e.words };
    b.editions.set(e.audience, ed);
    if (e.format === "html") ed.html = e.path;
    else {
      ed.pdf = e.path;
      if (e.pages !== undefined) ed.pages = e.pages;
    }
  }
  const rows = [...briefs.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([slug, b]) => {
      const editions = [...b.editions.entries()]
        .sort(([a], [c]) => a.localeCompare(c))
        .map(([, e]) => {
          const links = [
            e.html ? `<a href="${escape(e.html)}">HTML</a>` : "",
            e.pdf ? `<a href="${escape(e.pdf)}">PDF</a>` : "",
          ]
            .filter(Boolean)
            .join(" · ");
          const facts = [
            e.pages !== undefined ? `${e.pages} ${e.pages === 1 ? "page" : "pages"}` : "",
            `${e.words} words`,
          ]
            .filter(Boolean)
            .join(", ");
          return (
            `<li><span class="edition">${escape(e.edition)}</span> <span class="links">${links}</span> ` +
            `<span class="facts">${facts}</span></li>`
          );
        })
        .join("\n");
      return (
        `<section aria-labelledby="b-${escape(slug)}"><h2 id="b-${escape(slug)}">${escape(b.title)}</h2><p ` +
        `class="slug">${escape(slug)}</p><ul>${editions}</ul></section>`
      );
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(brand.name)} — memos</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f6f7f9}
header{background:${escape(brand.primary)};color:#fff;padding:1.25rem 2rem}
header h1{margin:0;font-size:1.4rem}
main{max-width:56rem;margin:0 auto;padding:1rem 2rem 3rem}
section{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:1rem 1.5rem;margin:1rem 0}
h2{margin:.2rem 0;font-size:1.15rem}
.slug{margin:0 0 .5rem;color:#555;font-family:ui-monospace,monospace;font-size:.85rem}
ul{list-style:none;padding:0;margin:0}
li{display:flex;gap:1rem;padding:.35rem 0;border-top:1px solid #eef0f3}
.edition{flex:0 0 16rem;font-weight:600}
.facts{color:#555;margin-left:auto}
a{color:${escape(brand.primary)}}
</style>
</head>
<body>
<header><h1>${escape(brand.name)} — policy memos</h1></header>
<main>
${rows || "<p>No memos built yet.</p>"}
</main>
</body>
</html>
`;
}
