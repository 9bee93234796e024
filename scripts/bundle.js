#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js) and its render threads (dist/build/stage-pool.js) into dist/bundle/,
// with esbuild: `node bin/brief.js` then starts from a few dozen files instead of several hundred modules, each
// resolved, read and compiled on its own (an HTML build of the shipped briefs, charts and all: 40 files against 806).
// Measured here: loading the Markdown stages 0.13 s instead of 0.30 s; that HTML build 1.36 s instead of 1.79 s
// (medians of 8, alternated).
//
// Every lazy import stays lazy: each `import()` target is a file of its own (run-*.js, brief-stages-*.js, browser-*.js,
// Vega's, Puppeteer's, each command's…), loaded only when the build needs it, so a no-op build loads no more than
// before. Only the `puppeteer` package stays outside (loaded only to find the Chrome it downloads, when there is no
// system browser); `proxy-agent`, which only browser downloads use, is left out (withoutProxyAgent). Not minified: a
// stack trace still names the function, and each module's code starts with a `// node_modules/<package>/…` or
// `// dist/…` line (tests/incremental.test.ts reads them).
//
// Run by bin/brief.js after it compiles src/, by `npm run build` and after `npm ci`; by hand: node scripts/bundle.js
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Writes `<dist>/bundle/` from the compiled JavaScript in `dist`. Throws when esbuild reports an error. */
export async function bundle(dist = join(root, "dist")) {
  const { build } = await import("esbuild");
  const outdir = join(dist, "bundle");
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [join(dist, "cli", "main.js"), join(dist, "build", "stage-pool.js")],
    entryNames: "[name]",
    outdir,
    absWorkingDir: root, // the same bundle from any folder: its `// path` lines are relative to the repo
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["puppeteer"],
    // CommonJS packages inside (yaml, handlebars…) call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __briefCreateRequire } from 'node:module'; const require = __briefCreateRequire(import.meta.url);",
    },
    logLevel: "warning",
    plugins: [withoutProxyAgent],
  });
}

/**
 * `proxy-agent`, which @puppeteer/browsers imports for its downloads, replaced by a stub: this tool never downloads a
 * browser through the bundle (the `puppeteer` package, outside it, finds the Chrome it downloaded). The package and
 * what it brings (a PAC-script engine compiled to WebAssembly, FTP, SOCKS, an ECMAScript code generator) were 1.8 MB of
 * the 2.9 MB that loading Puppeteer parsed (1.1 MB without), on the way to launching Chromium: loading it took 69–88 ms
 * instead of 104–132 ms (5 alternated pairs). A call that reaches the stub throws, naming why.
 */
const withoutProxyAgent = {
  name: "without-proxy-agent",
  setup(build) {
    build.onResolve({ filter: /^proxy-agent$/ }, () => ({ path: "proxy-agent", namespace: "brief-stub" }));
    build.onLoad({ filter: /.*/, namespace: "brief-stub" }, () => ({
      contents:
        "export class ProxyAgent { constructor() { throw new Error('brief: downloads through a proxy are not " +
        "bundled (scripts/bundle.js); install a browser and set PUPPETEER_EXECUTABLE_PATH'); } }",
      loader: "js",
    }));
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await bundle();
