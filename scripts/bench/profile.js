// Where the time goes: sums the self time of V8 CPU profiles (`node --cpu-prof`) by stage, so that the
// benchmark can say which stage a missed target is spent in (a profile, not a guess).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Stages, matched in order against a sampled function's script URL (first match wins). */
const STAGES = [
  [
    "Markdown parse (micromark, mdast-util-from-markdown)",
    /micromark|mdast-util-from-markdown|mdast-util-gfm|mdast-util-directive|mdast-util-frontmatter|remark-parse|validate\/parse-brief\.js|literal-colons/,
  ],
  [
    "HTML tree: remark-rehype, sanitize, raw, stringify",
    /mdast-util-to-hast|remark-rehype|hast-util|rehype-|parse5|property-information|stringify-entities|character-entities|html-void|zwitch|transform\/transform\.js|transform\/plugins/,
  ],
  ["tree walks (unist-util-visit)", /unist-util-visit|unist-util-is/],
  ["validation (front matter, structure)", /validate\/|zod/],
  ["YAML", /\/yaml\//],
  ["templates (Handlebars, render)", /handlebars|render\//],
  ["PDF post-processing (pdf-lib, pdf-metadata)", /pdf-lib|pdf-metadata/],
  ["browser protocol (Puppeteer)", /puppeteer|chromium-bidi|ws\/|devtools-protocol/],
  ["publish, cache, hashing (this tool)", /publish\/|(dist|src)\/build\//],
  ["module loading", /node:internal\/modules|^node:internal\/deps\/cjs-module-lexer/],
];

function stageOf(url, fn) {
  if (fn === "(garbage collector)") return "garbage collection";
  if (fn === "(idle)") return "idle (waiting for Chromium, disk, threads)";
  if (fn === "(program)" || fn === "(root)") return "V8 / native";
  for (const [name, re] of STAGES) if (re.test(url)) return name;
  if (/^(compileSourceTextModule|wrapSafe|compileFunction)$/.test(fn)) return "module loading";
  if (
    /^(openFileHandle|fsync|rename|mkdir|writeBuffer|writeString|close|read|fstat|lstat|stat|open|readFileUtf8|writeFileUtf8)$/.test(
      fn,
    ) ||
    /^node:(internal\/)?fs/.test(url)
  )
    return "file system";
  if (fn === "postMessage" || /worker|per_context\/messageport/.test(url)) return "worker messages";
  if (/^(writeUtf8String|writev|writeLatin1String)$/.test(fn) || /^node:(internal\/)?(net|stream)/.test(url))
    return "pipe to Chromium (streams)";
  if (fn.startsWith("RegExp:")) return "regular expressions";
  if (url === "") return "V8 built-ins (Set, Map, structuredClone, …)";
  if (url.startsWith("node:")) return "Node internals";
  return "other";
}

/**
 * The CLI runs from its bundle (scripts/bundle.js), where each module's code starts with a `// <path>` line: a
 * sampled position in a bundle file is put back in the module it came from, so that stages are found as before.
 */
const bundles = new Map();
function originOf(url, line) {
  if (!url.includes("/dist/bundle/")) return url;
  let starts = bundles.get(url);
  if (!starts) {
    starts = [];
    readFileSync(fileURLToPath(url), "utf8")
      .split("\n")
      .forEach((text, i) => {
        // `// node_modules/…` or `// dist/…`; `// ../../x/node_modules/…` when node_modules is a link out of the repo
        const path = /^\/\/ (?:\.\.\/)*(?:[\w.@-]+\/)*?((?:node_modules|dist)\/[\w./@+-]+\.[cm]?js(?:on)?)$/.exec(
          text,
        )?.[1];
        if (path) starts.push([i, `/${path}`]);
      });
    bundles.set(url, starts);
  }
  let found = url; // the bundle's own lines before its first module (its imports)
  for (const [start, path] of starts) {
    if (start > line) break;
    found = path;
  }
  return found;
}

/** Milliseconds of self time per stage for one profile. */
export function summarise(file) {
  const p = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const stages = new Map();
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame;
    const stage = stageOf(originOf(cf.url, cf.lineNumber), cf.functionName);
    stages.set(stage, (stages.get(stage) ?? 0) + us / 1000);
  }
  return stages;
}

/** Every profile in `dir`, summed by thread kind: the main thread, and worker threads together. */
export function summariseDir(dir) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .sort();
  const out = { main: new Map(), workers: new Map(), workerCount: 0 };
  for (const f of files) {
    // Node names profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread.
    const thread = Number(f.split(".")[4] ?? 0);
    const target = thread === 0 ? out.main : out.workers;
    if (thread !== 0) out.workerCount++;
    for (const [k, v] of summarise(join(dir, f))) target.set(k, (target.get(k) ?? 0) + v);
  }
  return out;
}

/** The top stages of `stages` as Markdown table rows (ms and share of the total). */
export function stageRows(stages, limit = 8) {
  const total = [...stages.values()].reduce((a, b) => a + b, 0);
  return [...stages]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([k, v]) => `| ${k} | ${Math.round(v).toLocaleString("en")} | ${((100 * v) / total).toFixed(0)} % |`);
}
