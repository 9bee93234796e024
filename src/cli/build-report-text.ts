/** Human-readable build output: problems in vfile-reporter style, a summary table, and the totals. */
import { ownEscapes, terminalReport } from "../shared/terminal.js";
import type { BuildOptions } from "../shared/options.js";
import type { BuildReport } from "../build/report.js";
import type { Io } from "./io.js";
import { editionFailureText, editionName, githubAnnotations, useColor, warningText } from "./wording.js";

/** Prints `report` to `io`. */
export function printReport(report: BuildReport, options: Readonly<BuildOptions>, io: Io): void {
  const color = useColor(io);
  const withMessages = report.files.filter((f) => f.messages.length > 0);
  if (withMessages.length > 0) io.stderr(`${terminalReport(withMessages, { color, quiet: true })}\n`);
  if (io.env.GITHUB_ACTIONS === "true") io.stdout(githubAnnotations(withMessages));
  const editions = [...report.editions].sort(
    (a, b) => a.brief.localeCompare(b.brief) || a.audience.localeCompare(b.audience),
  );
  // A number over its budget is marked "over" (and the row drawn in yellow on a colour terminal).
  const against = (n: number | undefined, budget: number | undefined) =>
    n === undefined ? "–" : `${n}${budget ? `/${budget}${n > budget ? " over" : ""}` : ""}`;
  const over = (e: (typeof editions)[number]) =>
    (e.pages ?? 0) > (e.budget?.pages ?? Infinity) || (e.words ?? 0) > (e.budget?.words ?? Infinity);
  const rows = editions.map((e) => [
    `${e.audience}/${e.brief}`,
    e.status,
    against(e.pages, e.budget?.pages),
    against(e.words, e.budget?.words),
    e.status === "built" ? `${Math.round(e.ms)} ms` : "",
  ]);
  const header = ["edition", "status", "pages", "words", "time"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const shown = rows.map((r, i) =>
    color && over(editions[i]!) ? `${ownEscapes("\x1b[33m")}${line(r)}${ownEscapes("\x1b[39m")}` : line(r),
  );
  io.stdout(`${line(header)}\n${shown.join("\n")}\n`);
  for (const e of editions) for (const w of e.warnings) io.stderr(`warning: ${warningText(editionName(e), w)}\n`);
  const failed = report.editions.filter((e) => e.status === "failed");
  // One line per edition; a long reason shared by several editions (no browser, say) is printed once.
  const byReason = new Map<string, string[]>();
  for (const e of failed) {
    const reason = editionFailureText(e) ?? "";
    byReason.set(reason, [...(byReason.get(reason) ?? []), editionName(e)]);
  }
  for (const [reason, unsorted] of byReason) {
    const names = [...unsorted].sort();
    if (names.length > 1 && reason.includes("\n")) io.stderr(`failed: ${names.join(", ")}:\n${reason}\n`);
    else for (const name of names) io.stderr(`failed: ${name}: ${reason}\n`);
  }
  const built = report.editions.filter((e) => e.status === "built").length;
  const cached = report.editions.filter((e) => e.status === "cached").length;
  const pages = report.editions.reduce((n, e) => n + (e.pages ?? 0), 0);
  io.stdout(
    `${built} built, ${cached} up to date, ${failed.length} failed; ${pages} PDF pages; ` +
      `${(report.ms / 1000).toFixed(1)} s → ${options.outDir}\n`,
  );
}
