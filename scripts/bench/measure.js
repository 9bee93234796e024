// Runs the CLI in this process and, at exit, writes its peak memory (resident set, every thread
// included) and CPU time to the JSON file named first: `node scripts/bench/measure.js <out.json> <brief args…>`.
import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [out, ...args] = process.argv.slice(2);
const started = performance.now();
process.on("exit", (code) => {
  const usage = process.resourceUsage();
  writeFileSync(
    out,
    `${JSON.stringify({ code, wallMs: performance.now() - started, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 })}\n`,
  );
});
process.argv = [process.argv[0], join(root, "bin", "brief.js"), ...args];
await import(pathToFileURL(join(root, "bin", "brief.js")).href);
