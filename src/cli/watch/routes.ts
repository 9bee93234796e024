/**
 * The preview's request handler: its own pages and script, the event stream, PDFs on request, and out/ as static files.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readManifest } from "../../publish/manifest.js";
import { ID_PATTERN } from "../../shared/options.js";
import { messageOf } from "../../shared/errors.js";
import { contentType, pathSegments, resolveFile } from "./static.js";
import { EVENTS_PATH, RELOAD_SCRIPT, RELOAD_SCRIPT_PATH, injectPreview, previewMemoBar } from "./inject.js";
import { comparePage, editionsByBrief, indexPage, messagePage } from "./pages.js";
import type { EventHub } from "./events.js";
import type { Problem } from "./problems.js";

/** A PDF build's outcome: ready to serve, or a status and a message for the page. */
export type PdfOutcome = { ok: true } | { ok: false; status: number; message: string };

/** What the handler needs from the preview. */
export interface RouteContext {
  outDir: string;
  /** How the index names the output folder. */
  outLabel: string;
  port(): number;
  problems(): Problem[];
  events: EventHub;
  /** Builds the PDF of one edition when it is missing or stale. */
  buildPdf(audience: string, slug: string): Promise<PdfOutcome>;
  /** The PDF link's text for a memo in `lang` (its `<html lang>`), from the language packs; English without one. */
  pdfLabel?(lang: string): Promise<string | undefined>;
}

/** Only the preview's own pages may run script (the reload script); memos are sanitized and script-free. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src " +
  "'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors " +
  "'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

function send(req: IncomingMessage, res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-security-policy": CSP,
    "referrer-policy": "no-referrer",
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

const HTML = "text/html; charset=utf-8";

/** True when a browser says the request comes from another site: `Sec-Fetch-Site` other than same-origin or none, or a foreign `Origin`. */
export function crossSite(req: IncomingMessage, port: number): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return true;
  const origin = req.headers.origin;
  return origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`;
}

/** The request handler; never throws (an unexpected error becomes a 500 page). */
export function createHandler(ctx: RouteContext): (req: IncomingMessage, res: ServerResponse) => void {
  const html = (req: IncomingMessage, res: ServerResponse, status: number, page: string) =>
    send(req, res, status, injectPreview(page, ctx.problems()), HTML);
  const notFound = (req: IncomingMessage, res: ServerResponse, status: number, what: string) =>
    html(
      req,
      res,
      status,
      messagePage(status === 403 ? "Forbidden" : status === 400 ? "Bad request" : "Not found", what),
    );

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET" && req.method !== "HEAD")
      return send(req, res, 405, "Only GET and HEAD.\n", "text/plain; charset=utf-8");
    // Refuse other host names: a web page cannot reach the preview through DNS rebinding.
    const host = req.headers.host ?? "";
    if (host !== `127.0.0.1:${ctx.port()}` && host !== `localhost:${ctx.port()}`)
      return send(req, res, 403, "Forbidden host.\n", "text/plain; charset=utf-8");
    // Refuse requests another site makes a browser send (a link, an image, a fetch): opening a PDF prints it.
    if (crossSite(req, ctx.port()))
      return send(req, res, 403, "Forbidden: a request from another site.\n", "text/plain; charset=utf-8");
    const segments = pathSegments(req.url ?? "/");
    if (typeof segments === "number")
      return notFound(
        req,
        res,
        segments,
        segments === 403 ? "That path leaves the output folder." : `No such page: ${req.url}`,
      );
    const path = `/${segments.join("/")}`;
    if (path === EVENTS_PATH) return ctx.events.connect(req, res);
    if (path === RELOAD_SCRIPT_PATH) return send(req, res, 200, RELOAD_SCRIPT, "text/javascript; charset=utf-8");
    const briefs = async () => editionsByBrief((await readManifest(ctx.outDir))?.artefacts ?? []);
    if (path === "/") return html(req, res, 200, indexPage(await briefs(), ctx.outLabel));
    if (
      segments[0] === "compare" &&
      (segments.length === 2 || (segments.length === 3 && segments[2] === "")) &&
      !segments[1]!.includes(".")
    ) {
      const brief = (await briefs()).find((b) => b.slug === segments[1]);
      if (!brief)
        return notFound(
          req,
          res,
          404,
          `No editions of \`${segments[1]}\` have been built. Is there a briefs/${segments[1]}.md?`,
        );
      return html(req, res, 200, comparePage(brief));
    }
    const pdf = segments.length === 2 && /^(.+)\.pdf$/.exec(segments[1]!);
    if (pdf && ID_PATTERN.test(segments[0]!) && ID_PATTERN.test(pdf[1]!)) {
      const outcome = await ctx.buildPdf(segments[0]!, pdf[1]!);
      if (!outcome.ok)
        return html(req, res, outcome.status, messagePage(`No PDF of ${segments[0]}/${pdf[1]}`, outcome.message));
    }
    const file = await resolveFile(ctx.outDir, segments);
    // browsers ask; out/ has none
    if (file === 404 && path === "/favicon.ico") return send(req, res, 204, "", "image/x-icon");
    if (typeof file === "number")
      return notFound(
        req,
        res,
        file,
        file === 403 ? "That path leads outside the output folder." : `No such file in ${ctx.outLabel}: ${path}`,
      );
    const type = contentType(file);
    const body = await readFile(file);
    if (type === HTML) {
      // A memo (/<audience>/<slug>.html): its bar links to the preview's pages and to its PDF, printed on request.
      const memo = segments.length === 2 && ID_PATTERN.test(segments[0]!) && /^(.+)\.html$/.exec(segments[1]!);
      const text = body.toString("utf8");
      if (!memo || !ID_PATTERN.test(memo[1]!)) return html(req, res, 200, text);
      const lang = /<html[^>]*\slang="([^"]+)"/.exec(text)?.[1];
      const label = lang ? await ctx.pdfLabel?.(lang).catch(() => undefined) : undefined;
      return html(req, res, 200, previewMemoBar(text, memo[1]!, label));
    }
    return send(req, res, 200, body, type);
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(req, res, 500, messagePage("Preview error", messageOf(error)), HTML);
    });
  };
}
