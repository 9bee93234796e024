/** Helpers of the hostile corpus: a request-counting server, brief assembly, and what a built page may contain. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "puppeteer-core";

/** A server on 127.0.0.1 (random port) that answers everything and remembers every request. */
export interface CountingServer {
  origin: string;
  /** host:port, for protocol-relative URLs. */
  host: string;
  /** Request paths, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** Starts a {@link CountingServer}. */
export async function startCountingServer(): Promise<CountingServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("counted");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Front matter of every corpus brief, one field a line (a front-matter case replaces or adds lines by key). */
const BASE_FRONT_MATTER = [
  'title: "Hostile case"',
  'subtitle: "A brief written by an attacker"',
  "date: 2025-07-01",
  "authors: [Test Analyst]",
  'source: {author: A. Author, title: "A paper", publisher: Test Institute, date: "2025"}',
  "audiences: [us]",
  "marking: PUBLIC",
  'bluf: "The memo stays inert."',
];

/** A brief around a hostile fragment, and the lines (1-based, inclusive) the fragment occupies. */
export function assembleBrief(
  kind: "body" | "front-matter" | "control",
  id: string,
  fragment: string,
  audience = "us",
): { text: string; lines: [number, number] } {
  let front = BASE_FRONT_MATTER.map((l) =>
    l.replace('"Hostile case"', `"Hostile case ${id}"`).replace("[us]", `[${audience}]`),
  );
  let body = "";
  if (kind === "front-matter") {
    const keys = new Set([...fragment.matchAll(/^([A-Za-z_]+):/gm)].map((m) => m[1]));
    front = front.filter((l) => !keys.has(/^([A-Za-z_]+):/.exec(l)![1]));
  } else if (kind === "body") body = fragment;
  const head = ["---", ...front, ...(kind === "front-matter" ? fragment.trimEnd().split("\n") : []), "---", ""];
  const before = [...head, "## Executive summary", "", `Control text ${id}.`, ""];
  const after = [
    "",
    "## Key judgements",
    "",
    "1. **Nothing escapes.** The memo stays inert.",
    "",
    "## Analysis",
    "",
    "Analysis text.",
    "",
    "## Implications",
    "",
    `:::audience{for="${audience}"}`,
    "Implications for this audience.",
    ":::",
    "",
    "## Recommendations",
    "",
    "1. **Keep it inert.**",
    "",
  ];
  const lines: [number, number] =
    kind === "front-matter"
      ? [head.length - 2 - fragment.trimEnd().split("\n").length + 1, head.length - 2]
      : [before.length + 1, before.length + body.trimEnd().split("\n").length];
  return { text: [...before, body.trimEnd(), ...after].join("\n"), lines };
}

/** Replaces the top-level `key:` block of a YAML file (brand.yml) with `block`; gives the lines (1-based) the block occupies. */
export function replaceBlock(yaml: string, block: string): { text: string; from: number; to: number } {
  const key = /^([a-z]+):/.exec(block)![1];
  const lines = yaml.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${key}:`));
  let end = start + 1;
  while (end < lines.length && (lines[end]!.startsWith(" ") || lines[end] === "")) end++;
  return {
    text: [...lines.slice(0, start), ...block.trimEnd().split("\n"), ...lines.slice(end)].join("\n"),
    from: start + 1,
    to: start + block.trimEnd().split("\n").length,
  };
}

/** Fills the placeholders of a fixture: %SERVER% (origin and the case's path) and %HOST% (host:port and the path). */
export function fillFixture(text: string, server: CountingServer, id: string): string {
  return text.replaceAll("%SERVER%", `${server.origin}/${id}`).replaceAll("%HOST%", `${server.host}/${id}`);
}

/** An element as the browser parsed it. */
export interface DomElement {
  tag: string;
  attrs: Record<string, string>;
  /** Text of a <style> element. */
  text?: string;
}

/** Every element of the page the browser parsed (template contents included), read from the DOM. */
export async function domElements(page: Page): Promise<DomElement[]> {
  return page.evaluate(() => {
    const out: Array<{ tag: string; attrs: Record<string, string>; text?: string }> = [];
    const walk = (root: Element | DocumentFragment) => {
      for (const el of Array.from(root.querySelectorAll("*"))) {
        const attrs: Record<string, string> = {};
        for (const a of Array.from(el.attributes)) attrs[a.name.toLowerCase()] = a.value;
        out.push({
          tag: el.tagName.toLowerCase(),
          attrs,
          ...(el.tagName.toLowerCase() === "style" ? { text: el.textContent ?? "" } : {}),
        });
        if (el instanceof HTMLTemplateElement) walk(el.content);
      }
    };
    walk(document.documentElement);
    return out;
  });
}

/** Elements that load, run, submit or hide things: a brief may not add any (a template has its own, counted on a control page). */
export const WATCHED_TAGS = [
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "param",
  "form",
  "input",
  "button",
  "select",
  "textarea",
  "meta",
  "base",
  "link",
  "style",
  "svg",
  "math",
  "video",
  "audio",
  "source",
  "track",
  "picture",
  "template",
  "noscript",
  "map",
  "area",
  "canvas",
  "marquee",
  "main",
  "article",
  "html",
  "body",
  "head",
  "title",
];

/** Attributes that fetch something when the page is shown or printed. */
const FETCHING = [
  "src",
  "srcset",
  "poster",
  "data",
  "background",
  "action",
  "formaction",
  "ping",
  "lowsrc",
  "dynsrc",
  "longdesc",
  "codebase",
  "archive",
  "manifest",
  "xlink:href",
  "style",
];

/** Where user text may legitimately show a URL: a link's target, escaped text in titles, alts and meta descriptions. */
const TEXT_ATTRS = new Set(["a:href", "a:title", "img:alt", "img:title", "meta:content"]);

/** What is wrong with a page's elements, compared with the control page of the same template. */
export function violations(
  elements: readonly DomElement[],
  control: readonly DomElement[],
  server: CountingServer,
): string[] {
  const problems: string[] = [];
  const count = (list: readonly DomElement[], tag: string) => list.filter((e) => e.tag === tag).length;
  for (const tag of WATCHED_TAGS) {
    if (count(elements, tag) !== count(control, tag))
      problems.push(`${count(elements, tag)} <${tag}> (the control page has ${count(control, tag)})`);
  }
  const controlImages = new Set(control.filter((e) => e.tag === "img").map((e) => e.attrs.src));
  for (const e of elements) {
    for (const [name, raw] of Object.entries(e.attrs)) {
      const value = raw.replace(/[\u0000-\u0020]/g, "").toLowerCase();
      if (/^on/.test(name)) problems.push(`<${e.tag} ${name}>`);
      if (/^(javascript|vbscript|livescript|file):|^data:text/.test(value))
        problems.push(`<${e.tag} ${name}="${raw.slice(0, 60)}">`);
      if (raw.includes(server.host) && !TEXT_ATTRS.has(`${e.tag}:${name}`))
        problems.push(`<${e.tag} ${name}> points at the server: ${raw.slice(0, 80)}`);
      if (FETCHING.includes(name) && !(e.tag === "img" && name === "src")) {
        const inControl = control.some((c) => c.tag === e.tag && c.attrs[name] === raw);
        if (!inControl)
          problems.push(`<${e.tag} ${name}="${raw.slice(0, 60)}"> (a fetching attribute the template does not have)`);
      }
    }
    if (
      e.tag === "img" &&
      !controlImages.has(e.attrs.src) &&
      !/^data:image\/(png|jpeg|gif|webp);base64,/i.test(e.attrs.src ?? "")
    )
      problems.push(`<img src="${(e.attrs.src ?? "").slice(0, 60)}">`);
    if (
      e.tag === "link" &&
      e.attrs.href !== undefined &&
      !control.some((c) => c.tag === "link" && c.attrs.href === e.attrs.href)
    )
      problems.push(`<link href="${e.attrs.href}">`);
    // Brief text reaches CSS only as the quoted `content:` of the page margins, where a URL is inert.
    if (e.tag === "style" && (e.text ?? "").replace(/content:"(?:\\.|[^"\\])*"/g, "").includes(server.host))
      problems.push("a <style> that names the server outside a content string");
  }
  return problems;
}

/** PDF features that act when a reader opens or clicks (scripts, launches, form submission, embedded files); empty when none. */
export function pdfActions(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  const found = [
    "/JavaScript",
    "/JS ",
    "/JS(",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/EmbeddedFile",
    "/RichMedia",
    "/OpenAction",
  ].filter((k) => text.includes(k));
  for (const m of text.matchAll(/\/URI\s*\(([^)]*)\)/g))
    if (/^\s*(javascript|vbscript|file|data):/i.test(m[1]!)) found.push(`/URI (${m[1]})`);
  return found;
}
