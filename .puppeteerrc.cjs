// Puppeteer's own install step never downloads Chrome for this project: `scripts/setup.js` (run by
// `npm ci`) decides — a system Chromium first, then Puppeteer's download, then a clear message —
// so that `npm ci` also succeeds on machines that cannot download a browser.
/** @type {import("puppeteer").Configuration} */
module.exports = { skipDownload: true };
