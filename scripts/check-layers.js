#!/usr/bin/env node
// Keeps the layering of src/ true: which folder may import which, which packages each stage may load, no import
// cycles (type-only and lazy imports included), and no line over 120 characters. Run by `npm run lint`.
// (A script rather than dependency-cruiser or ESLint import rules: both need TypeScript's JavaScript API, which
// TypeScript 7 no longer ships.)
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const MAX_LINE = 120;
// Being changed on main (PDF reproducibility) at the time of this check's writing: formatted, and then measured,
// once that change is merged. Remove it from here and from .prettierignore then.
const NOT_YET_FORMATTED = new Set(["src/print/pdf-metadata.ts"]);

/** Each folder of src/ and the folders it may import from (besides itself and shared/). Order: the stage order. */
const LAYERS = {
  shared: [],
  load: [],
  validate: ["load"],
  transform: ["validate"],
  render: ["load", "transform"],
  print: [],
  publish: [],
  build: ["load", "validate", "transform", "render", "print", "publish", "check"],
  check: ["load", "validate", "transform"],
  diff: ["validate", "transform", "render"],
  scaffold: ["load", "validate"],
  cli: ["build", "load", "validate", "transform", "render", "print", "publish", "check", "diff", "scaffold"],
};

/** Packages only some folders may load: the browser in print/, templates in render/, Markdown before render/; the
 * pure stages (validate, transform, render) read no files: load/ reads them. */
const PACKAGES = [
  { pattern: /^node:fs(\/promises)?$/, only: ["load", "print", "publish", "build", "check", "scaffold", "cli"] },
  { pattern: /^(puppeteer|puppeteer-core|pdf-lib)$/, only: ["print"] },
  { pattern: /^handlebars$/, only: ["render"] },
  {
    pattern: /^(unified|remark-|rehype-|micromark|mdast-|hast-|retext-)/,
    only: ["validate", "transform", "check", "diff"],
  },
];

const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith(".ts")) files.push(p);
  }
})(src);

const problems = [];
const layerOf = (file) => relative(src, file).split("/")[0];
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*(?:\/\*[^*]*\*\/\s*)?["'`]([^"'`]+)["'`]/g;
const graph = new Map();

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const name = relative(root, file);
  const layer = layerOf(file);
  if (!(layer in LAYERS))
    problems.push(`${name}: src/${layer}/ is not a known folder; add it to LAYERS in scripts/check-layers.js`);
  text.split("\n").forEach((line, i) => {
    // A long regular expression stays whole on its line: split, it would be harder to read, not easier.
    if (line.length > MAX_LINE && !NOT_YET_FORMATTED.has(name) && !/^\s*\/.+\/[a-z]*[;,]?$/.test(line))
      problems.push(`${name}:${i + 1}: ${line.length} characters, over ${MAX_LINE}`);
  });
  const edges = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith(".")) {
      if (spec.includes("${")) continue; // cli.ts loads commands/<name>.js by name: inside cli/
      const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      edges.push(target);
      const to = layerOf(target);
      if (to !== layer && to !== "shared" && !(LAYERS[layer] ?? []).includes(to)) {
        problems.push(`${name}: src/${layer}/ may not import src/${to}/ (${spec})`);
      }
    } else {
      const rule = PACKAGES.find((r) => r.pattern.test(spec));
      if (rule && !rule.only.includes(layer))
        problems.push(`${name}: ${spec} is loaded only in src/${rule.only.join("/, src/")}/`);
    }
  }
  graph.set(file, edges);
}

// Import cycles: strongly connected components of more than one file (Tarjan).
let index = 0;
const stack = [];
const info = new Map();
function connect(v) {
  info.set(v, { index, low: index, on: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!info.has(w)) {
      connect(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).on) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).on = false;
      component.push(relative(root, w));
    } while (w !== v);
    if (component.length > 1) problems.push(`import cycle: ${component.sort().join(" ⇄ ")}`);
  }
}
for (const file of graph.keys()) if (!info.has(file)) connect(file);

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`check-layers: ${problems.length} problem${problems.length === 1 ? "" : "s"}`);
  process.exit(1);
}
console.log(`check-layers: ${files.length} files, layers and imports in order, no cycles`);
