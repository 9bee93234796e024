/** The comparison of two editions as text for a terminal: settings that differ, then each section. */
import type { EditionDiff } from "./compare.js";

const WIDTH = 100;

/** Wraps `text` at {@link WIDTH} columns: the first line after `first`, the rest after `rest`. */
function wrap(text: string, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(" ")) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines.join("\n");
}

/** Renders `diff` as readable text (ends with a newline). */
export function formatDiff(diff: EditionDiff): string {
  const [a, b] = diff.audiences;
  const out: string[] = [
    `${diff.title} (${diff.brief})`,
    `${a} = ${diff.editions[a]} · ${b} = ${diff.editions[b]}`,
    "",
  ];
  if (diff.details.length > 0) {
    out.push("Edition settings that differ");
    const pad = Math.max(...diff.details.map((d) => d.field.length)) + 2;
    for (const d of diff.details) {
      out.push(wrap(d.values[a]!, `  ${d.field.padEnd(pad)}${a}: `, " ".repeat(pad + a.length + 4)));
      out.push(wrap(d.values[b]!, `  ${" ".repeat(pad)}${b}: `, " ".repeat(pad + b.length + 4)));
    }
    out.push("");
  }
  for (const s of diff.sections) {
    const heading = `## ${s.title}`;
    if (s.same) {
      out.push(`${heading} — same in both`);
      continue;
    }
    if (s.reordered) {
      out.push(`${heading} — same text in both, in a different order`);
      continue;
    }
    const missing = [a, b].find((id) => !s.in.includes(id));
    out.push(missing ? `${heading} — only in ${s.in[0]} (the ${missing} edition has no such section)` : heading);
    for (const id of [a, b]) {
      const units = s.only[id] ?? [];
      if (units.length === 0) continue;
      out.push(`  Only in ${id}:`);
      for (const u of units) out.push(wrap(u, "    • ", "      "));
    }
  }
  const differing = diff.sections.filter((s) => !s.same);
  const count = (id: string) => diff.sections.reduce((n, s) => n + (s.only[id]?.length ?? 0), 0);
  const passages = (n: number) => `${n} ${n === 1 ? "passage" : "passages"}`;
  out.push(
    "",
    differing.length === 0
      ? `Both readers see the same text in every section.` +
          `${diff.details.length > 0 ? " Only the edition settings above differ." : ""}`
      : `${differing.length} of ${diff.sections.length} sections differ: ${passages(count(a))} ` +
          `only in ${a}, ${passages(count(b))} only in ${b}.`,
  );
  return `${out.join("\n")}\n`;
}
