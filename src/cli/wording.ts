/** The words for what a build reports: edition failures and warnings as the terminal, --json and watch show them. */
import type { EditionFailure, EditionWarning } from "../shared/problems.js";
import type { EditionResult } from "../build/report.js";
import { PAGE_CAP } from "../validate/budgets.js";
import type { VFileMessage } from "vfile-message";

/** Why edition `name` ("audience/slug") failed, with the file and the fix. */
export function failureText(name: string, failure: EditionFailure): string {
  switch (failure.cause) {
    case "input-errors":
      if (failure.input === "brand") return `${failure.file} has errors (listed above); fix them to build any memo.`;
      if (failure.input === "audience")
        return `${failure.file} has errors (listed above); fix them to build this edition.`;
      return `${failure.file} has errors (listed above); fix them to build its memos.`;
    case "not-targeted":
      return `${failure.file} is not written for the ${failure.audience} audience (front matter \`audiences\`).`;
    case "over-budget":
      return (
        `${failure.overruns.map((w) => warningText(name, w)).join(" ")} (--strict: shorten ` +
        `the brief or raise budgets in its front matter)`
      );
    case "page-cap":
      return (
        `${name}: ${failure.estimated ? "about " : ""}${failure.pages} pages, past the cap of ${failure.cap} ` +
        `(four times its page budget, at most ${PAGE_CAP}); not published. Look for an image or table that runs ` +
        `over many pages, or raise budgets.pages in the brief's front matter.`
      );
    default:
      return failure.problem.reason;
  }
}

/** A warning about edition `name`. */
export function warningText(name: string, warning: EditionWarning): string {
  switch (warning.rule) {
    case "word-budget":
      return `${name}: ${warning.actual} words, over the budget of ${warning.budget}.`;
    case "page-budget":
      return `${name}: ${warning.actual} pages, over the budget of ${warning.budget}.`;
    case "blocked-request":
      return (
        `${name}: blocked a request to ${warning.url.slice(0, 120)} (memos may only use ` +
        `their own assets and data: URLs).`
      );
  }
}

/** An edition's name, "audience/slug". */
export const editionName = (e: Pick<EditionResult, "audience" | "brief">) => `${e.audience}/${e.brief}`;

/** The words for a failed edition's cause, or undefined when it did not fail. */
export function editionFailureText(e: EditionResult): string | undefined {
  return e.failure && failureText(editionName(e), e.failure);
}

/**
 * True when a failure has its own words to show; false when it only points at an input file's errors, which are
 * shown as that file's messages already.
 */
export function hasOwnWords(failure: EditionFailure | undefined): failure is EditionFailure {
  return failure !== undefined && failure.cause !== "input-errors";
}

/** Colour on a terminal, unless NO_COLOR is set or FORCE_COLOR=0. */
export function useColor(io: { isTTY: boolean; env: NodeJS.ProcessEnv }): boolean {
  return io.isTTY && !("NO_COLOR" in io.env) && io.env.FORCE_COLOR !== "0";
}

/** A workflow command's value, escaped as GitHub Actions reads it (`%`, line breaks; in properties also `:` `,`). */
const ghEscape = (s: string, property = false) => {
  const data = s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return property ? data.replace(/:/g, "%3A").replace(/,/g, "%2C") : data;
};

/**
 * Every message of `files` as a GitHub Actions annotation (`::error file=…,line=…::…`), one a line, so that a CI log
 * shows each problem at its line in the pull request; printed when GITHUB_ACTIONS is set.
 */
export function githubAnnotations(files: readonly { path: string; messages: readonly VFileMessage[] }[]): string {
  const lines: string[] = [];
  for (const f of files)
    for (const m of f.messages) {
      const props = [
        `file=${ghEscape(f.path, true)}`,
        ...(m.line ? [`line=${m.line}`] : []),
        ...(m.column ? [`col=${m.column}`] : []),
        ...(m.place && "end" in m.place && m.place.end.line ? [`endLine=${m.place.end.line}`] : []),
        ...(m.place && "end" in m.place && m.place.end.column ? [`endColumn=${m.place.end.column}`] : []),
        ...(m.ruleId ? [`title=${ghEscape(m.ruleId, true)}`] : []),
      ];
      lines.push(`::${m.fatal ? "error" : "warning"} ${props.join(",")}::${ghEscape(m.reason)}\n`);
    }
  return lines.join("");
}
