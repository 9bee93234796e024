/** `check` output: problems in vfile-reporter style with a table of editions and a summary line, or JSON. */
import { terminalReport } from "../shared/terminal.js";
import type { VFileMessage } from "vfile-message";
import type { CheckReport } from "./check.js";

/** Problem counts of a report. */
export interface CheckCounts {
  errors: number;
  warnings: number;
  /** Files checked: briefs, audience.yml files and brand.yml. */
  files: number;
}

/** Counts the errors and warnings of `report` (vfile "info" messages are neither). */
export function countProblems(report: CheckReport): CheckCounts {
  const messages = report.files.flatMap((f) => f.messages);
  return {
    errors: messages.filter((m) => m.fatal === true).length,
    warnings: messages.filter((m) => m.fatal === false).length,
    files: report.files.length,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The summary line: "2 errors, 5 warnings in 8 files". */
export function summaryLine(counts: CheckCounts): string {
  return `${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")} in ${plural(counts.files, "file")}`;
}

/** The human report: each problem at file:line:column, the editions' lengths, and the summary line. */
export function formatText(report: CheckReport, color: boolean): string {
  const withMessages = report.files.filter((f) => f.messages.length > 0);
  // vfile-reporter ends with its own tally ("✖ 2 errors, ⚠ 5 warnings"); the summary line below replaces it.
  const problems =
    withMessages.length > 0 ? terminalReport(withMessages, { color, quiet: true }).replace(/\n\n[^\n]*$/, "") : "";
  const rows = report.editions.map((e) => [
    `${e.audience}/${e.brief}`,
    String(e.words),
    e.budget !== undefined ? String(e.budget) : "–",
    `${e.minutes.toFixed(1)} min`,
  ]);
  const header = ["edition", "words", "budget", "reading"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const table = rows.length > 0 ? `${[header, ...rows].map(line).join("\n")}\n\n` : "";
  return `${problems ? `${problems}\n\n` : ""}${table}${summaryLine(countProblems(report))}\n`;
}

/** One problem as `--json` prints it. */
export interface JsonProblem {
  file: string;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  severity: "error" | "warning" | "info";
  message: string;
  rule: string | null;
  source: string | null;
}

/** The `--json` document: every problem, then the counts and the editions' lengths. */
export function toJson(report: CheckReport) {
  const byPlace = (a: VFileMessage, b: VFileMessage) =>
    (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  const problems: JsonProblem[] = report.files.flatMap((f) =>
    [...f.messages].sort(byPlace).map((m) => {
      const end = endOf(m);
      return {
        file: f.path,
        line: m.line ?? null,
        column: m.column ?? null,
        endLine: end?.line ?? null,
        endColumn: end?.column ?? null,
        severity: m.fatal === true ? "error" : m.fatal === false ? "warning" : "info",
        message: m.reason,
        rule: m.ruleId ?? null,
        source: m.source ?? null,
      } as const;
    }),
  );
  return { problems, summary: { ...countProblems(report), editions: report.editions } };
}

function endOf(m: VFileMessage): { line?: number; column?: number } | undefined {
  return m.place && "end" in m.place ? m.place.end : undefined;
}
