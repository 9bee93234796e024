// Synthetic briefs of realistic size for `npm run bench`: 650–1,600 words, the five sections, audience
// blocks for us, eu and global-south, GFM endnotes and, in every third brief, a table. Deterministic:
// the same seed gives the same text, so figures from two runs compare like with like.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const WORDS = (
  "partnership border trade energy security sanctions alliance leverage policy capital region market " +
  "pipeline tariff currency reserve dialogue summit treaty export import supply chain credit investment " +
  "ministry parliament council commission agency envoy delegation negotiation framework mandate " +
  "strategy doctrine deterrence assurance corridor port grain fertiliser semiconductor technology data " +
  "infrastructure finance bank bond debt relief aid development climate migration refugee health"
).split(" ");
const VERBS = "shapes limits widens narrows drives weakens strengthens tests reframes constrains sustains".split(" ");
const LINKS = "because while although since whereas unless".split(" ");

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writer(seed) {
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const phrase = (n) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  const sentence = () => {
    const s = `${phrase(int(2, 4))} ${pick(VERBS)} the ${phrase(int(2, 4))} ${pick(LINKS)} ${phrase(int(3, 6))}`;
    return `${s[0].toUpperCase()}${s.slice(1)}.`;
  };
  const paragraph = (n) => Array.from({ length: n }, sentence).join(" ");
  return { r, pick, int, phrase, sentence, paragraph };
}

const count = (text) => text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.,-]*/gu)?.length ?? 0;

/** Markdown of synthetic brief number `i` (0-based), about `target` words of body. */
export function syntheticBrief(i, target) {
  const w = writer(1000 + i);
  const notes = Array.from({ length: w.int(3, 6) }, (_, k) => `n${k + 1}`);
  const cite = () => `[^${w.pick(notes)}]`;
  const used = new Set();
  const ref = () => {
    const n = cite();
    used.add(n);
    return n;
  };
  const summary = Array.from({ length: w.int(4, 5) }, () => `- ${w.sentence()}${ref()}`).join("\n");
  const judgements = Array.from(
    { length: w.int(3, 5) },
    (_, k) => `${k + 1}. **${w.sentence()}** ${w.sentence()}${ref()}`,
  ).join("\n");
  const table =
    i % 3 === 0
      ? `\n| Indicator | Earlier | Later |\n|---|---|---|\n${Array.from({ length: w.int(3, 5) }, () => `| ${w.phrase(2)} | USD ${w.int(10, 200)} bn (2020) | USD ${w.int(10, 300)} bn (2024) |`).join("\n")}\n`
      : "";
  const block = (id, body) => `:::audience{for="${id}"}\n${body}\n:::`;
  const implications = ["us", "eu", "global-south"].map((id) => block(id, `${w.paragraph(3)}${ref()}`)).join("\n\n");
  const recommendations = ["us", "eu", "global-south"]
    .map((id) =>
      block(
        id,
        Array.from(
          { length: w.int(2, 3) },
          (_, k) => `${k + 1}. **The ${w.phrase(2)} office** should ${w.phrase(6)}.`,
        ).join("\n"),
      ),
    )
    .join("\n\n");
  const fixed =
    count(`${summary} ${judgements} ${table} ${implications} ${recommendations}`) / 3 +
    count(summary) +
    count(judgements);
  // Analysis fills the rest of the word target: ### subsections of 2–3 paragraphs.
  const analysis = [];
  let words = fixed;
  while (words < target) {
    const p = [w.paragraph(w.int(4, 6)), `${w.paragraph(w.int(3, 5))}${ref()}`];
    analysis.push(`### ${w.phrase(3).replace(/^./, (c) => c.toUpperCase())}\n\n${p.join("\n\n")}`);
    words += count(p.join(" "));
  }
  if (i % 4 === 1) analysis.push(`:::audience{not="us"}\n${w.paragraph(3)}${ref()}\n:::`);
  const definitions = notes
    .filter((n) => used.has(`[^${n}]`))
    .map((n) => `[^${n}]: Author, *Synthetic paper ${i}*, section “${w.phrase(3)}”.`);
  return `---
title: "Synthetic brief ${i}: ${w.phrase(4)}"
subtitle: "${w.sentence().slice(0, -1)}"
short_title: "Synthetic ${i}"
date: 2025-07-${String(1 + (i % 28)).padStart(2, "0")}
authors:
  - Benchmark Analyst
source:
  author: A. Author
  title: "Synthetic paper ${i}"
  publisher: Benchmark Institute
  date: 2025-06
  url: https://example.org/paper-${i}
audiences: [us, eu, global-south]
marking: PUBLIC
bluf: >-
  ${w.paragraph(3)}
keywords: [${w.phrase(3).split(" ").join(", ")}]
budgets:
  pages: 8
  words: 2500
---

## Executive summary

${summary}

## Key judgements

${judgements}

## Analysis

${analysis.join("\n\n")}
${table}
## Implications

${implications}

## Recommendations

${recommendations}

${definitions.join("\n")}
`;
}

/** The words synthetic brief `i` is written to: memos of about 650–1,600 words. */
export const targetWords = (i) => 680 + ((i * 379) % 871);

/** Writes `n` synthetic briefs into `dir`/briefs (650–1,600 words each); returns their slugs. */
export function writeBriefs(dir, n, offset = 0) {
  mkdirSync(join(dir, "briefs"), { recursive: true });
  const slugs = [];
  for (let i = offset; i < offset + n; i++) {
    const slug = `synthetic-${String(i).padStart(4, "0")}`;
    writeFileSync(join(dir, "briefs", `${slug}.md`), syntheticBrief(i, targetWords(i)));
    slugs.push(slug);
  }
  return slugs;
}
