/** The live preview: builds HTML, serves out/ on 127.0.0.1, rebuilds what changed and tells open pages to reload. */
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import type { AddressInfo } from "node:net";
import { terminalReport } from "../../shared/terminal.js";
import { build } from "../../build/build.js";
import { forgetHashes } from "../../build/cache.js";
import { resolveOptions, type BuildOptions } from "../../shared/options.js";
import { BriefError, messageOf } from "../../shared/errors.js";
import type { BuildReport } from "../../build/report.js";
import { editionFailureText, editionName, hasOwnWords } from "../wording.js";
import { createEventHub } from "./events.js";
import { createProblemLog } from "./problems.js";
import { createHandler, type PdfOutcome } from "./routes.js";
import { watchSources, type ChangeSet } from "./watcher.js";
import { loadLanguagePacks, packFor } from "../../load/language-packs.js";

/** How to run the preview. */
export interface PreviewOptions {
  /**
   * The project and the editions to preview (root, outDir, briefs, audiences, browser…); formats are chosen per
   * request.
   */
  build: Readonly<BuildOptions>;
  /** Port on 127.0.0.1 (default 4000; 0 picks a free one). */
  port?: number;
  /** Quiet time after the last file event before rebuilding, in ms (default 40). */
  debounceMs?: number;
  /** Progress lines (rebuilt editions, PDFs). */
  log?: (text: string) => void;
  /** Problems (located messages, failed editions). */
  logError?: (text: string) => void;
  /** Colour in the located messages. */
  color?: boolean;
}

/** A running preview. */
export interface Preview {
  /** e.g. http://127.0.0.1:4000/ */
  url: string;
  port: number;
  /** Settles when the first HTML build is done and the watcher sees changes. */
  ready: Promise<void>;
  /** Stops the watcher, ends the event streams, closes the server and waits for a running build. */
  close(): Promise<void>;
}

/** What a rebuild covered, as the `reload` event tells pages (and tests). */
export interface ReloadEvent {
  scope: "all" | "briefs";
  briefs: string[];
  built: string[];
  problems: number;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE")
        reject(
          new BriefError(
            `Port ${port} on 127.0.0.1 is in use (another preview or server?). Choose another: ` +
              `npm run brief -- watch --port ${port + 1}`,
          ),
        );
      else if (error.code === "EACCES")
        reject(
          new BriefError(`Port ${port} needs privileges. Use a port above 1023: npm run brief -- watch --port 4000`),
        );
      else reject(error);
    });
    server.listen(port, "127.0.0.1", () => resolve()); // loopback only: never reachable from the network
  });
}

const clock = () => new Date().toTimeString().slice(0, 8);
const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** Starts the preview server and the watcher, and begins the first build (await `ready` for it). */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const o = options.build;
  const log = options.log ?? (() => undefined);
  const logError = options.logError ?? log;
  const controller = new AbortController();
  const problems = createProblemLog();
  const events = createEventHub();
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task);
    chain = next.catch(() => undefined);
    return next;
  };

  const report = (r: BuildReport) => {
    const files = r.files.filter((f) => f.messages.length > 0);
    if (files.length > 0) logError(`${terminalReport(files, { color: options.color === true, quiet: true })}\n`);
    for (const e of r.editions) {
      // A failure that points at an input file's errors repeats that file's messages, shown just above.
      if (e.status === "failed" && hasOwnWords(e.failure))
        logError(`failed: ${editionName(e)}: ${editionFailureText(e)}\n`);
    }
  };

  /** An HTML build of what `change` covers; never throws (problems go to the page and the terminal). */
  const rebuild = async (change: ChangeSet): Promise<void> => {
    if (controller.signal.aborted) return;
    const briefs = change.all
      ? o.briefs
      : [...change.briefs].filter((s) => o.briefs.length === 0 || o.briefs.includes(s)).sort();
    if (!change.all && briefs.length === 0) return;
    forgetHashes();
    const started = performance.now();
    let built: string[] = [];
    try {
      const r = await build(resolveOptions(o.root, { ...o, briefs, formats: ["html"] }), { signal: controller.signal });
      problems.record(r, change.all && o.briefs.length === 0);
      report(r);
      built = r.editions.filter((e) => e.status === "built").map((e) => `${e.audience}/${e.brief}`);
      const failed = r.editions.filter((e) => e.status === "failed").length;
      const rebuilt =
        built.length === 0
          ? ""
          : built.length <= 4
            ? `rebuilt ${built.join(", ")}`
            : `rebuilt ${built.length} editions`;
      const broken = failed > 0 ? `${failed} ${failed === 1 ? "edition" : "editions"} failed (see above)` : "";
      const what = [rebuilt, broken].filter(Boolean).join(", ") || (r.upToDate ? "up to date" : "no edition changed");
      const after = change.files.length
        ? ` after ${change.files.slice(0, 3).join(", ")}${change.files.length > 3 ? ", …" : ""}`
        : "";
      log(`[${clock()}] ${what} (${seconds(performance.now() - started)})${after}\n`);
    } catch (error) {
      if (controller.signal.aborted) return;
      problems.recordThrown(error);
      logError(`error: ${messageOf(error)}\n`);
    }
    const event: ReloadEvent = {
      scope: change.all ? "all" : "briefs",
      briefs,
      built,
      problems: problems.list().length,
    };
    events.send("reload", event);
  };

  let scheduled: ChangeSet | undefined;
  const schedule = (change: ChangeSet) => {
    if (controller.signal.aborted) return;
    if (scheduled) {
      // a rebuild is queued but has not started: fold this change into it
      scheduled.all ||= change.all;
      for (const b of change.briefs) scheduled.briefs.add(b);
      scheduled.files.push(...change.files);
      return;
    }
    scheduled = change;
    void enqueue(() => {
      const next = scheduled!;
      scheduled = undefined;
      return rebuild(next);
    });
  };

  const buildPdf = (audience: string, slug: string): Promise<PdfOutcome> => {
    if (!existsSync(join(o.briefsDir, `${slug}.md`)))
      return Promise.resolve({
        ok: false,
        status: 404,
        message: `There is no brief ${relative(o.root, o.briefsDir)}/${slug}.md.`,
      });
    if (!existsSync(join(o.templatesDir, "audiences", audience)))
      return Promise.resolve({
        ok: false,
        status: 404,
        message: `There is no audience templates/audiences/${audience}/.`,
      });
    return enqueue(async (): Promise<PdfOutcome> => {
      if (controller.signal.aborted) return { ok: false, status: 503, message: "The preview is stopping." };
      forgetHashes();
      const started = performance.now();
      const r = await build(
        resolveOptions(o.root, { ...o, briefs: [slug], audiences: [audience], formats: ["html", "pdf"] }),
        { signal: controller.signal },
      );
      problems.record(r, false);
      report(r);
      const edition = r.editions.find((e) => e.audience === audience && e.brief === slug);
      if (edition?.status === "failed") {
        const listed = problems.list().map((p) => `${p.place}: ${p.message}`);
        return {
          ok: false,
          status: 500,
          message: [editionFailureText(edition) ?? "The build failed.", ...listed].join("\n\n"),
        };
      }
      if (!r.upToDate && !edition)
        return {
          ok: false,
          status: 404,
          message: `${slug} has no ${audience} edition: its front matter \`audiences\` does not list ${audience}.`,
        };
      if (edition?.status === "built")
        log(`[${clock()}] printed ${audience}/${slug}.pdf (${seconds(performance.now() - started)})\n`);
      return { ok: true };
    }).catch((error: unknown): PdfOutcome => {
      logError(`error: ${audience}/${slug}.pdf: ${messageOf(error)}\n`);
      return { ok: false, status: 500, message: messageOf(error) };
    });
  };

  let port = options.port ?? 4000;
  const outLabel = `${relative(o.root, o.outDir) || o.outDir}/`;
  const server = createServer(
    createHandler({
      outDir: o.outDir,
      outLabel,
      port: () => port,
      problems: () => problems.list(),
      events,
      buildPdf,
      // Read when a memo is served, so that an edited pack shows at the next reload.
      pdfLabel: async (lang) => {
        const { packs, ids } = await loadLanguagePacks(o.root, o.templatesDir);
        const id = packFor(lang, ids);
        return id === undefined ? undefined : packs[id]?.messages.nav_pdf;
      },
    }),
  );
  try {
    await listen(server, port);
  } catch (error) {
    events.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;

  const watcher = watchSources({
    root: o.root,
    briefsDir: o.briefsDir,
    templatesDir: o.templatesDir,
    debounceMs: options.debounceMs ?? 40,
    onChange: schedule,
    onError: (error) => logError(`watch error: ${error.message}\n`),
  });
  const first = enqueue(() => rebuild({ all: true, briefs: new Set(), files: [] }));
  const ready = Promise.all([watcher.ready, first]).then(() => undefined);

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    ready,
    close() {
      closing ??= (async () => {
        controller.abort("SIGTERM");
        await watcher.close();
        events.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await chain; // a build in flight stops at its next step and closes its browser
      })();
      return closing;
    },
  };
}
