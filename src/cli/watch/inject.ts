/**
 * What the preview adds to the HTML it serves (never to the files in out/): the reload script, the problems banner, and
 * the memo bar's links to the preview's own pages and to the edition's PDF.
 */
import type { Problem } from "./problems.js";

/** Where the preview serves its reload script (a path no build writes: out/ has no `__brief`). */
export const RELOAD_SCRIPT_PATH = "/__brief/reload.js";
/** Where the preview serves its event stream. */
export const EVENTS_PATH = "/__brief/events";

/** The reload script: reloads the top page on `reload`, and after the server comes back from a restart. */
export const RELOAD_SCRIPT =
  `// brief preview: reloads this page when the memos are rebuilt ` +
  `(added by \`watch\`, never in out/).
(() => {
  if (window.self !== window.top) return; // pages in /compare frames reload with their parent
  let lost = false;
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("error", () => { lost = true; });
  events.addEventListener("open", () => { if (lost) location.reload(); });
})();
`;

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The banner listing `problems` (fixed at the top of the page), or "" when there are none. */
export function problemsBanner(problems: readonly Problem[]): string {
  if (problems.length === 0) return "";
  const items = problems
    .map(
      (p) =>
        `<li style="margin:.35rem 0">` +
        `<code style="font:600 13px ui-monospace,monospace;color:#ffd7d7">${escapeHtml(p.place)}</code><br><span ` +
        `style="white-space:pre-wrap">${escapeHtml(p.message)}</span></li>`,
    )
    .join("");
  const count = `${problems.length} ${problems.length === 1 ? "problem" : "problems"}`;
  return (
    `<aside id="brief-preview-problems" role="alert" style="position:sticky;top:0;` +
    `z-index:2147483647;margin:0;padding:.75rem 1.25rem;` +
    `background:#8b1a1a;color:#fff;` +
    `font:14px/1.45 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.35);max-height:50vh;overflow:auto">
<strong>brief: ${count}.</strong> Fix the file and save: this page reloads. What is shown below is the last good build.
<ul style="margin:.4rem 0 0;padding-left:1.2rem">${items}</ul>
</aside>`
  );
}

/** `html` with the reload script in its head and the problems banner at the top of its body. */
export function injectPreview(html: string, problems: readonly Problem[]): string {
  const script = `<script src="${RELOAD_SCRIPT_PATH}"></script>`;
  // The server sends its own Content-Security-Policy; a page's own <meta> policy would block the reload script.
  let out = html.replace(/<meta\s+http-equiv=["']?content-security-policy["']?[^>]*>/gi, "");
  out = /<\/head>/i.test(out) ? out.replace(/<\/head>/i, `${script}\n</head>`) : `${script}\n${out}`;
  const banner = problemsBanner(problems);
  if (banner)
    out = /<body[^>]*>/i.test(out) ? out.replace(/<body[^>]*>/i, (m) => `${m}\n${banner}`) : `${banner}\n${out}`;
  return out;
}

/** The web edition's bar above a memo, as the base layout writes it (`<nav class="web-nav" …>…</nav>`). */
const WEB_NAV = /<nav class="web-nav"[^>]*>[\s\S]*?<\/nav>/;

/**
 * A memo served by the preview (`/<audience>/<slug>.html`) with its bar's links made for the preview: the PDF link,
 * which the HTML the preview builds lacks (it prints a PDF when one is opened), "All memos" to the preview's index and
 * "Compare editions" to its live comparison. `pdfLabel` is the PDF link's text in the memo's language. A memo without
 * the base layout's bar is left as it is.
 */
export function previewMemoBar(html: string, slug: string, pdfLabel = "Print or download (PDF)"): string {
  return html.replace(WEB_NAV, (nav) => {
    let out = nav
      .replace(/(<a class="web-nav__home" href=")[^"]*"/, '$1/"')
      .replace(`href="../compare/${slug}.html"`, `href="/compare/${slug}"`);
    if (!out.includes('class="web-nav__pdf"'))
      out = out.replace(
        /(<a class="web-nav__home"[^>]*>[\s\S]*?<\/a>)/,
        `$1\n<a class="web-nav__pdf" href="${escapeHtml(slug)}.pdf" target="_top" title="printed when you open it">` +
          `${escapeHtml(pdfLabel)}</a>`,
      );
    return out;
  });
}
