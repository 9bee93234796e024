// The live preview over real HTTP on 127.0.0.1: real file edits, Server-Sent Events, error banner, containment, PDFs on request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { existsSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { makeProject, fixture, type TempProject } from "./helpers/project.js";
import { runCli } from "./helpers/cli.js";
import { cli } from "../src/cli/cli.js";
import type { Io } from "../src/cli/io.js";
import { startPreview, type Preview, type ReloadEvent } from "../src/cli/watch/preview.js";

interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** GET `path` exactly as written (no URL normalisation), from the preview on `port`. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** An open event stream: `next()` gives the next `reload` event's data. */
interface Events {
  next(timeoutMs?: number): Promise<ReloadEvent>;
  close(): void;
}

function openEvents(port: number): Promise<Events> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/__brief/events", agent: false }, (res) => {
      expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
      res.setEncoding("utf8");
      let buffer = "";
      const queue: ReloadEvent[] = [];
      const waiting: Array<(e: ReloadEvent) => void> = [];
      res.on("data", (chunk: string) => {
        buffer += chunk;
        for (let i = buffer.indexOf("\n\n"); i >= 0; i = buffer.indexOf("\n\n")) {
          const frame = buffer.slice(0, i).split("\n");
          buffer = buffer.slice(i + 2);
          if (!frame.includes("event: reload")) continue;
          const data = JSON.parse(frame.find((l) => l.startsWith("data: "))!.slice(6)) as ReloadEvent;
          const w = waiting.shift();
          if (w) w(data);
          else queue.push(data);
        }
      });
      resolve({
        next: (timeoutMs = 20_000) =>
          new Promise((ok, fail) => {
            const queued = queue.shift();
            if (queued) return ok(queued);
            const timer = setTimeout(() => fail(new Error("no reload event arrived")), timeoutMs);
            waiting.push((e) => {
              clearTimeout(timer);
              ok(e);
            });
          }),
        close: () => req.destroy(),
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** Waits for reload events until `path` contains `text` (a stale event from an earlier write may come first). */
async function reloadUntil(
  events: Events,
  port: number,
  path: string,
  text: string,
): Promise<{ event: ReloadEvent; page: Response }> {
  for (let i = 0; i < 5; i++) {
    const event = await events.next();
    const page = await get(port, path);
    if (page.text.includes(text)) return { event, page };
  }
  throw new Error(`${path} never contained ${text}`);
}

const sample = fixture("briefs/sample.md");
const other = sample.replace('title: "Grain corridors after the harvest"', 'title: "Another brief"');
let project: TempProject;
let preview: Preview;
let port: number;
const log: string[] = [];

beforeAll(async () => {
  project = makeProject({ sample, other });
  project.write("secret.txt", "TOP-SECRET-OUTSIDE-OUT\n");
  preview = await startPreview({
    build: project.options(),
    port: 0,
    debounceMs: 30,
    log: (s) => void log.push(s),
    logError: (s) => void log.push(s),
  });
  port = preview.port;
  await preview.ready;
  symlinkSync(join(project.root, "secret.txt"), join(project.root, "out", "link.txt"));
});
afterAll(async () => {
  await preview?.close();
  project?.remove();
});

describe("the preview server", () => {
  it("listens on 127.0.0.1 only and refuses other host names", async () => {
    expect(preview.url).toBe(`http://127.0.0.1:${port}/`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal);
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: external.address, port }, () => {
          socket.destroy();
          resolve(false);
        });
        socket.on("error", () => resolve(true));
      });
      expect(refused, `port ${port} must not answer on ${external.address}`).toBe(true);
    }
    expect((await get(port, "/", { host: `evil.example:${port}` })).status).toBe(403);
  });

  it("serves an index of every brief × audience, each edition, and a side-by-side comparison", async () => {
    const index = await get(port, "/");
    expect(index.status).toBe(200);
    expect(index.headers["content-type"]).toBe("text/html; charset=utf-8");
    for (const href of ["/us/sample.html", "/eu/sample.html", "/us/other.html", "/eu/other.pdf", "/compare/sample"])
      expect(index.text).toContain(`href="${href}"`);
    const compare = await get(port, "/compare/sample");
    expect(compare.status).toBe(200);
    expect(compare.text).toContain('<iframe src="/us/sample.html"');
    expect(compare.text).toContain('<iframe src="/eu/sample.html"');
    expect((await get(port, "/compare/nope")).status).toBe(404);
  });

  it("injects the reload script into served pages only, never into the built files", async () => {
    const page = await get(port, "/us/sample.html");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script src="/__brief/reload.js"></script>');
    expect(page.text).toContain("US-IMPLICATIONS-MARKER");
    expect(project.read("out/us/sample.html")).not.toContain("<script");
    const script = await get(port, "/__brief/reload.js");
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.text).toContain('new EventSource("/__brief/events")');
  });

  it("serves assets with their content types", async () => {
    const html = project.read("out/us/sample.html");
    const font = /url\("\.\.\/(assets\/fonts\/[^"]+\.woff2)"\)/.exec(html)?.[1];
    expect(font).toBeDefined();
    const woff2 = await get(port, `/${font}`);
    expect([woff2.status, woff2.headers["content-type"]]).toEqual([200, "font/woff2"]);
    expect(woff2.body.subarray(0, 4).toString("latin1")).toBe("wOF2");
    const logo = await get(port, "/assets/logo.svg");
    expect([logo.status, logo.headers["content-type"]]).toEqual([200, "image/svg+xml"]);
    const manifest = await get(port, "/manifest.json");
    expect(manifest.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(manifest.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("refuses paths that leave the output folder, encoded or through a link", async () => {
    for (const path of [
      "/../secret.txt",
      "/us/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/us/%2E%2E/%2e%2e/secret.txt",
      "/..%2fsecret.txt",
      "/us/..%5c..%5csecret.txt",
      "/link.txt",
      "/.cache/brief-cache.json",
      "/.brief.lock",
      "/%00",
    ]) {
      const r = await get(port, path);
      expect([403, 404], path).toContain(r.status);
      expect(r.text, path).not.toContain("TOP-SECRET");
    }
    expect((await get(port, "/link.txt")).status).toBe(403);
    expect((await get(port, "/%2e%2e/secret.txt")).status).toBe(403);
    expect((await get(port, "/us/missing.html")).status).toBe(404);
  });

  it("rebuilds just the edited brief and sends a reload event; the page shows the new text", async () => {
    const events = await openEvents(port);
    try {
      project.write(
        "briefs/sample.md",
        sample.replace("A common paragraph every edition shows.", "EDITED-IN-THE-PREVIEW."),
      );
      const { event, page } = await reloadUntil(events, port, "/us/sample.html", "EDITED-IN-THE-PREVIEW.");
      expect(event).toMatchObject({ scope: "briefs", briefs: ["sample"], problems: 0 });
      expect(event.built.sort()).toEqual(["eu/sample", "us/sample"]);
      expect(page.text).toContain('<script src="/__brief/reload.js"></script>');
      expect(project.read("out/eu/sample.html")).toContain("EDITED-IN-THE-PREVIEW.");
    } finally {
      events.close();
    }
  });

  it("shows a broken brief's located errors in the page, stays up, and recovers when it is fixed", async () => {
    const events = await openEvents(port);
    try {
      const broken = sample.replace("marking: TLP:CLEAR", "marking: TOP-SECRET-ISH");
      const line = broken.split("\n").findIndex((l) => l.startsWith("marking:")) + 1;
      project.write("briefs/sample.md", broken);
      const { event, page } = await reloadUntil(events, port, "/us/sample.html", "brief-preview-problems");
      expect(event.problems).toBeGreaterThan(0);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`briefs/sample.md:${line}:`);
      expect(page.text).toMatch(/Invalid `marking`/);
      expect(log.join("")).toContain(`${line}:`); // and in the terminal
      expect((await get(port, "/")).text).toContain("brief-preview-problems");
      expect((await get(port, "/us/other.html")).status).toBe(200); // still serving

      project.write("briefs/sample.md", sample.replace("A common paragraph every edition shows.", "FIXED-AGAIN."));
      const fixed = await reloadUntil(events, port, "/us/sample.html", "FIXED-AGAIN.");
      expect(fixed.event.problems).toBe(0);
      expect(fixed.page.text).not.toContain("brief-preview-problems");
    } finally {
      events.close();
    }
  });

  it("rebuilds every edition after a template change, and shows a broken template in every page", async () => {
    const events = await openEvents(port);
    try {
      const css = project.read("templates/base/style.css");
      project.write("templates/base/style.css", `${css}\n.preview-test-rule{color:#123456}\n`);
      const { event } = await reloadUntil(events, port, "/us/other.html", "preview-test-rule");
      expect(event.scope).toBe("all");
      expect(event.built.sort()).toEqual(["eu/other", "eu/sample", "us/other", "us/sample"]);

      // a broken template: every page shows where, the server stays up, and fixing it recovers
      const layout = project.read("templates/base/layout.hbs");
      project.write(
        "templates/base/layout.hbs",
        layout.replace("{{> letterhead}}", "{{#if brief.title}}\n{{> letterhead}}"),
      );
      const broken = await reloadUntil(events, port, "/eu/other.html", "brief-preview-problems");
      expect(broken.event.problems).toBeGreaterThan(0);
      expect(broken.page.text).toMatch(/templates\/base\/layout\.hbs:\d+: Handlebars syntax error/);
      project.write("templates/base/layout.hbs", layout.replace("</main>", "</main>\n<p>LAYOUT-FIXED</p>"));
      const fixed = await reloadUntil(events, port, "/eu/other.html", "LAYOUT-FIXED");
      expect(fixed.event.problems).toBe(0);
      expect(fixed.page.text).not.toContain("brief-preview-problems");
    } finally {
      events.close();
    }
  });

  it("prints a PDF when one is asked for, and serves it", async () => {
    expect(existsSync(join(project.root, "out/eu/other.pdf"))).toBe(false);
    const pdf = await get(port, "/eu/other.pdf");
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(readFileSync(join(project.root, "out/eu/other.pdf")).equals(pdf.body)).toBe(true);
    expect((await get(port, "/eu/nope.pdf")).status).toBe(404);
  });

  it("gives each memo's bar a PDF link (printed on request) and links to the preview's own index and comparison", async () => {
    const bar = (html: string) => /<nav class="web-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
    // us/sample has no PDF yet: the HTML the preview builds has no PDF link; the page it serves has one.
    expect(existsSync(join(project.root, "out/us/sample.pdf"))).toBe(false);
    expect(bar(project.read("out/us/sample.html"))).not.toContain("web-nav__pdf");
    const served = bar((await get(port, "/us/sample.html")).text);
    expect(served).toMatch(/<a class="web-nav__home" href="\/" target="_top">/);
    expect(served).toContain('<a class="web-nav__pdf" href="sample.pdf" target="_top"');
    expect(served).toContain('<a href="/compare/sample" target="_top">Compare editions</a>');
    expect(served).toContain('<a href="../eu/sample.html" target="_top">');
    expect(new URL("sample.pdf", `http://127.0.0.1:${port}/us/sample.html`).pathname).toBe("/us/sample.pdf");
    // eu/other was printed above: its bar had a PDF link already, and keeps exactly one.
    expect(bar(project.read("out/eu/other.html"))).toContain('class="web-nav__pdf" href="other.pdf"');
    expect(bar((await get(port, "/eu/other.html")).text).match(/web-nav__pdf/g)).toHaveLength(1);
    // The preview's own pages, and the compare page's frames, get no memo bar of their own.
    expect((await get(port, "/compare/sample")).text).not.toContain("web-nav__pdf");
  });

  it("writes that PDF link in the memo's language, from its pack", async () => {
    const memo = (lang: string) =>
      `<!doctype html>\n<html lang="${lang}">\n<body><nav class="web-nav" aria-label="Note">` +
      '<a class="web-nav__home" href="../index.html" target="_top">Toutes les notes</a></nav></body></html>\n';
    project.write("out/us/preview-fr.html", memo("fr-FR"));
    project.write("out/us/preview-xx.html", memo("xx"));
    try {
      expect((await get(port, "/us/preview-fr.html")).text).toContain(
        'href="preview-fr.pdf" target="_top" title="printed when you open it">Imprimer ou télécharger (PDF)</a>',
      );
      expect((await get(port, "/us/preview-xx.html")).text).toContain(">Print or download (PDF)</a>"); // no pack
    } finally {
      rmSync(join(project.root, "out/us/preview-fr.html"));
      rmSync(join(project.root, "out/us/preview-xx.html"));
    }
  });

  it("says the port is taken and suggests --port", async () => {
    const r = await runCli(["watch", "--port", String(port)], project.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
    expect(r.stderr).toContain(`--port ${port + 1}`);
    expect((await runCli(["watch", "--port", "http"], project.root)).code).toBe(2);
  });

  it("stops cleanly: the server no longer answers", async () => {
    await preview.close();
    await expect(get(port, "/")).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("the watch command", () => {
  it("runs until its signal aborts, then closes and exits 0", async () => {
    const p = makeProject({ sample });
    try {
      const controller = new AbortController();
      let out = "";
      let onWatching: () => void = () => undefined;
      const watching = new Promise<void>((resolve) => (onWatching = resolve));
      const io: Io = {
        stdout: (s) => {
          out += s;
          if (s.startsWith("Watching")) onWatching();
        },
        stderr: (s) => void (out += s),
        isTTY: false,
        env: { NO_COLOR: "1" },
        cwd: p.root,
        signal: controller.signal,
      };
      const code = cli(["watch", "--port", "0"], io);
      await Promise.race([watching, code.then((c) => Promise.reject(new Error(`watch exited early (${c}): ${out}`)))]);
      const url = /Preview: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(out);
      expect(url).not.toBeNull();
      expect((await get(Number(url![2]), "/us/sample.html")).status).toBe(200);
      controller.abort("SIGINT");
      expect(await code).toBe(0);
      expect(out).toContain("Preview stopped.");
      await expect(get(Number(url![2]), "/")).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      p.remove();
    }
  });
});
