#!/usr/bin/env node
// CI: the number of build jobs, from the real matrix of editions. Reads `npm run brief -- check --json` on stdin
// (its summary lists every edition: each brief × the audiences its `audiences:` names), and writes `shards=N` and
// `matrix=[1,…,N]` to $GITHUB_OUTPUT: one job per BRIEF_EDITIONS_PER_SHARD editions, at most BRIEF_MAX_SHARDS,
// or the REQUESTED number of a manual run.
import { appendFileSync, readFileSync } from "node:fs";

const check = JSON.parse(readFileSync(0, "utf8"));
const editions = check.summary.editions.length;
const briefs = new Set(check.summary.editions.map((e) => e.brief)).size;
const perShard = Number(process.env.BRIEF_EDITIONS_PER_SHARD || 60);
const max = Number(process.env.BRIEF_MAX_SHARDS || 8);
const requested = (process.env.REQUESTED ?? "").trim();
let shards;
if (requested) {
  if (!/^\d+$/.test(requested) || Number(requested) < 1) {
    console.log(`::error::shards must be a whole number of at least 1, got '${requested}'`);
    process.exit(1);
  }
  shards = Number(requested);
} else shards = Math.min(max, Math.max(1, Math.ceil(editions / perShard)));
console.log(`${editions} editions (${briefs} briefs, each for the audiences it names): ${shards} build job(s)`);
const matrix = `[${Array.from({ length: shards }, (_, i) => i + 1).join(",")}]`;
appendFileSync(process.env.GITHUB_OUTPUT ?? "/dev/stdout", `shards=${shards}\nmatrix=${matrix}\n`);
