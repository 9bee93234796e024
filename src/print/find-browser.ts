/**
 * Finds a Chromium or Chrome the way users expect: flag, PUPPETEER_EXECUTABLE_PATH, system browser, Puppeteer's
 * download.
 */
import { existsSync } from "node:fs";
import { BrowserNotFoundError } from "../shared/errors.js";

/** System browsers looked for, in order. */
export const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** How to get a browser, printed when none is found. */
export const HOW_TO_GET_A_BROWSER = [
  "No Chromium or Chrome found for printing PDFs. Any of these fixes it:",
  "  • Debian/Ubuntu: apt-get update && apt-get install -y chromium   (gives /usr/bin/chromium)",
  "  • Point to a browser you have: PUPPETEER_EXECUTABLE_PATH=/path/to/chrome npm run brief",
  "  • Download Puppeteer's own Chrome (needs internet): npx puppeteer browsers install chrome",
  "  • Or build HTML only, which needs no browser: npm run brief -- --format html",
].join("\n");

/**
 * The browser executable to use; throws {@link BrowserNotFoundError} with the fixes when there is none.
 * `explicit` is a path the caller resolved (the CLI: `--browser`, else PUPPETEER_EXECUTABLE_PATH of its
 * environment) and `from` names where it came from; without one, `env` is read.
 */
export async function findBrowser(
  explicit?: string,
  from = "--browser",
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const named = explicit ?? env.PUPPETEER_EXECUTABLE_PATH;
  if (named) {
    if (existsSync(named)) return named;
    throw new BrowserNotFoundError(
      `The browser ${named} (from ${explicit ? from : "PUPPETEER_EXECUTABLE_PATH"}) does ` +
        `not exist.\n${HOW_TO_GET_A_BROWSER}`,
    );
  }
  const system = SYSTEM_BROWSERS.find((p) => existsSync(p));
  if (system) return system;
  try {
    const { executablePath } = await import("puppeteer");
    const downloaded = executablePath();
    if (downloaded && existsSync(downloaded)) return downloaded;
  } catch {
    // Puppeteer has no downloaded browser: fall through to the message.
  }
  throw new BrowserNotFoundError(HOW_TO_GET_A_BROWSER);
}
