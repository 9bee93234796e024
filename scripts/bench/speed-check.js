// The machine's speed at this tool's own kind of work, so that benchmark runs made at different moments can be set
// side by side: on a shared VM the same work takes a third more or less CPU time from one hour to the next, while a
// tight arithmetic loop does not move (the difference is memory and caches, which other guests share). Parses the
// same 50 synthetic briefs with the tool's own Markdown parser (dist/validate/parse-brief.js) on one thread, one
// round to warm up, then `rounds` rounds; prints JSON {ms: [each round]} on stdout.
// `node scripts/bench/speed-check.js [rounds]` (the benchmark runs it alone, then two at once).
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { syntheticBrief, targetWords } from "./generate.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { briefParser } = await import(pathToFileURL(join(root, "dist", "validate", "parse-brief.js")).href);
const rounds = Number(process.argv[2] ?? 5);
const texts = Array.from({ length: 50 }, (_, i) => syntheticBrief(i, targetWords(i)));
const ms = [];
for (let round = -1; round < rounds; round++) {
  const t = performance.now();
  for (const text of texts) briefParser.parse(text);
  if (round >= 0) ms.push(performance.now() - t);
}
process.stdout.write(`${JSON.stringify({ ms })}\n`);
