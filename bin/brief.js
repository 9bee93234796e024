#!/usr/bin/env node
// Starts `brief` from its compiled JavaScript (dist/, bundled into dist/bundle/), compiling first when src/ is newer:
// users never run a separate build step, and a no-op build pays for no TypeScript at run time.
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "dist", ".stamp");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const srcTime = Math.max(newest(join(root, "src")), statSync(join(root, "tsconfig.json")).mtimeMs);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < srcTime) {
  const tsc = join(root, "node_modules", ".bin", "tsc");
  if (!existsSync(tsc)) {
    console.error("brief: dependencies are not installed. Run: npm ci");
    process.exit(1);
  }
  const { spawnSync } = await import("node:child_process"); // only to compile: a no-op does not load it
  const r = spawnSync(tsc, ["-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(
      "brief: compiling src/ failed (errors above). Fix them, or run `git checkout src` to return to a working version.",
    );
    process.exit(1);
  }
  try {
    await (await import(pathToFileURL(join(root, "scripts", "bundle.js")).href)).bundle();
  } catch (error) {
    // The unbundled JavaScript runs the same, only slower to start.
    console.error(`brief: bundling dist/ failed (${error?.message ?? error}); running the unbundled build.`);
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
// Node 20: V8's concurrent marking off, before the first collection marks (src/cli/compiler-tier.ts says why).
(await import(pathToFileURL(join(root, "dist", "cli", "compiler-tier.js")).href)).tuneCollector(process.env);
// The same command as the last up-to-date build, with every file it looked at unchanged, is answered from its stamp
// (out/.cache/up-to-date.json) before the pipeline's modules load: see src/cli/fast-path.ts.
const { answerFromStamp } = await import(pathToFileURL(join(root, "dist", "cli", "fast-path.js")).href);
if (!answerFromStamp(process.argv.slice(2), process.cwd(), process.env, (s) => process.stdout.write(s))) {
  // Node 22.1 and later keep V8's compiled code between runs (about a third of a no-op build's start-up); Node 20 has
  // no such cache and runs as before.
  (await import("node:module")).default.enableCompileCache?.();
  // The bundle (scripts/bundle.js) when there is one, else the compiled modules: the same code, the bundle faster to load.
  const bundled = join(root, "dist", "bundle", "main.js");
  await import(pathToFileURL(existsSync(bundled) ? bundled : join(root, "dist", "cli", "main.js")).href);
}
