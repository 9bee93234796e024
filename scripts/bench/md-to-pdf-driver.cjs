// md-to-pdf's own conversion of each file (the function its CLI calls per file: its HTML, its file server, its shared
// browser, its PDF options), with at most N files in flight instead of the CLI's all at once. Started by
// scripts/bench/md-to-pdf.js as `node md-to-pdf-driver.cjs <md-to-pdf package dir> <N> <file…>`, in the files' folder,
// with the Puppeteer launch options as JSON in LAUNCH. Exits 1 if any file failed (each named on stderr).
"use strict";
const { join } = require("node:path");

const [, , packageDir, inFlight, ...files] = process.argv;
const lib = (name) => require(join(packageDir, "dist", "lib", name));
const { convertMdToPdf } = lib("md-to-pdf.js");
const { defaultConfig } = lib("config.js");
const { serveDirectory, closeServer } = lib("serve-dir.js");
const { closeBrowser } = lib("generate-output.js");
const getPort = require(require.resolve("get-port", { paths: [packageDir] }));

(async () => {
  const config = { ...defaultConfig, launch_options: JSON.parse(process.env.LAUNCH ?? "{}") };
  config.port = await (getPort.default ?? getPort)();
  const server = await serveDirectory(config);
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      try {
        await convertMdToPdf({ path: file }, config, { args: {} });
      } catch (error) {
        failed++;
        console.error(`${file}: ${error.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Number(inFlight) }, worker));
  await closeBrowser();
  await closeServer(server);
  process.exitCode = failed > 0 ? 1 : 0;
})();
