/** Located problems, collected on the file they concern (vfile messages), never thrown. */
import type { VFile } from "vfile";
import type { Point, Position } from "unist";
import { InputError, messageOf } from "./errors.js";

/** Where a problem is: a point or a range in the file. */
export type Place = Point | Position | undefined;

/** Adds an error to `file` (a problem that stops this file's editions from being built). */
export function fail(file: VFile, reason: string, place: Place, ruleId: string): void {
  const message = file.message(reason, { place, ruleId, source: "brief" });
  message.fatal = true;
}

/** Adds a warning to `file` (reported; fails only under `--frail` or `--strict`). */
export function warn(file: VFile, reason: string, place: Place, ruleId: string): void {
  file.message(reason, { place, ruleId, source: "brief" });
}

/** True when `file` has an error. */
export function hasErrors(file: VFile): boolean {
  return file.messages.some((m) => m.fatal === true);
}

/** The closest of `candidates` to `word` (edit distance at most a third of its length), for "did you mean" hints. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** " Did you mean `x`?" or "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const s = suggest(word, candidates);
  return s ? ` Did you mean \`${s}\`?` : "";
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** A problem outside any input file's text (a template, a print, a write): its rule and, where known, its place. */
export interface Problem {
  /** What kind of problem, e.g. `template`, `print`, `write`. */
  rule: string;
  /** The stage's own account of it (it names the file and the fix). */
  reason: string;
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

/** A warning about one edition: a budget overrun, or a request the print page blocked. */
export type EditionWarning =
  | { rule: "word-budget"; actual: number; budget: number }
  | { rule: "page-budget"; actual: number; budget: number }
  | { rule: "blocked-request"; url: string };

/** Why an edition failed: a typed cause; the CLI and watch put it into words. */
export type EditionFailure =
  /** An input file the edition needs has errors; they are messages on that file. */
  | { cause: "input-errors"; input: "brand" | "audience" | "brief"; file: string }
  /** The brief's front matter `audiences` leaves this audience out. */
  | { cause: "not-targeted"; file: string; audience: string }
  /** A template failed to load, compile or render. */
  | { cause: "template"; problem: Problem }
  /** Rendering failed otherwise (a render thread stopped, an unexpected error). */
  | { cause: "render"; problem: Problem }
  /** Printing the PDF failed (no browser, a timeout, a crash). */
  | { cause: "print"; problem: Problem }
  /**
   * The edition runs past its page cap (a multiple of its page budget, and never more than an absolute cap): it is
   * not published. `estimated` when the count is the print page's height, measured before printing.
   */
  | { cause: "page-cap"; pages: number; cap: number; estimated: boolean }
  /** `--strict`, and the edition is over its budgets. */
  | { cause: "over-budget"; overruns: EditionWarning[] }
  /** Writing its artefacts failed. */
  | { cause: "write"; problem: Problem };

/** A thrown value as a problem with `rule` (its file and line when it is a located input error). */
export function problemOf(rule: string, error: unknown): Problem {
  if (!(error instanceof InputError)) return { rule, reason: messageOf(error) };
  return { rule, reason: error.message, file: error.file, line: error.line, column: error.column };
}
