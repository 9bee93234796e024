#!/usr/bin/env node
// Runs after `npm ci` / `npm install` (and before `npm test` with --for-tests):
//  0. applies patches/ to node_modules with patch-package (speed only: without them the output is the same);
//  1. compiles src/ to dist/ and bundles it (scripts/bundle.js), so that `npm run brief` starts from JavaScript;
//  2. makes sure a browser for PDFs is there: PUPPETEER_EXECUTABLE_PATH, a system Chromium/Chrome,
//     or Puppeteer's downloaded Chrome; when none is, installs Debian's `chromium` (on Debian, as
//     root), else tries Puppeteer's download, else prints how to get one (HTML still builds);
//  3. with --for-tests, also makes sure poppler-utils (pdfinfo, pdftotext, pdffonts) is there.
// Set BRIEF_NO_SYSTEM_INSTALL=1 to never run apt-get; nothing here fails the install.
import { existsSync, writeFileSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const forTests = process.argv.includes("--for-tests");
const say = (s) => console.error(`brief setup: ${s}`);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: "inherit", ...opts }).status === 0;
const onPath = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

if (!forTests) {
  // Before bundling, which copies the patched code into dist/bundle/.
  if (!run(join(root, "node_modules", ".bin", "patch-package"), [], { cwd: root }))
    say("applying patches/ failed (above); `brief` builds the same memos without them, only slower.");
  if (run(join(root, "node_modules", ".bin", "tsc"), ["-p", join(root, "tsconfig.build.json")])) {
    mkdirSync(join(root, "dist"), { recursive: true });
    await (
      await import("./bundle.js")
    )
      .bundle()
      .catch((e) => say(`bundling dist/ failed (${e.message}); the CLI runs unbundled.`));
    writeFileSync(join(root, "dist", ".stamp"), `${new Date().toISOString()}\n`);
  } else say("compiling src/ failed; `npm run brief` will try again and show the errors.");
}

const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

async function puppeteerChrome() {
  try {
    const { executablePath } = await import("puppeteer");
    const p = executablePath();
    return p && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

const canApt =
  process.platform === "linux" &&
  process.getuid?.() === 0 &&
  onPath("apt-get") &&
  process.env.BRIEF_NO_SYSTEM_INSTALL !== "1";
let aptUpdated = false;
function aptInstall(...packages) {
  if (!canApt) return false;
  say(`installing ${packages.join(", ")} with apt-get (set BRIEF_NO_SYSTEM_INSTALL=1 to skip)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) aptUpdated = run("apt-get", ["update", "-qq"], { env });
  return run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { env });
}

const envBrowser = process.env.PUPPETEER_EXECUTABLE_PATH;
const haveBrowser =
  (envBrowser && existsSync(envBrowser)) || SYSTEM_BROWSERS.some((p) => existsSync(p)) || (await puppeteerChrome());
if (!haveBrowser) {
  const ok =
    aptInstall("chromium") ||
    run(
      process.execPath,
      [
        join(root, "node_modules", "puppeteer", "lib", "cjs", "puppeteer", "node", "cli.js"),
        "browsers",
        "install",
        "chrome",
      ],
      { timeout: 180_000 },
    );
  if (!ok) {
    say(
      "no browser for PDFs. Install one: `apt-get install chromium` (Debian/Ubuntu), or set PUPPETEER_EXECUTABLE_PATH. `npm run brief -- --format html` works without one.",
    );
  }
}
if (forTests && !onPath("pdfinfo")) {
  if (!aptInstall("poppler-utils"))
    say(
      "the tests read PDFs with poppler-utils (pdfinfo, pdftotext, pdffonts): install it, e.g. `apt-get install poppler-utils`.",
    );
}
