/** The problems of the latest builds (located errors and failed editions), as the preview shows them. */
import type { BuildReport } from "../../build/report.js";
import { messageOf } from "../../shared/errors.js";
import { failureText, hasOwnWords } from "../wording.js";

/** One problem: where (file:line:column) and what. */
export interface Problem {
  place: string;
  message: string;
}

/** Problems per input file and per edition, replaced as builds cover them again. */
export interface ProblemLog {
  /** Takes in a build's report; `all` clears what earlier builds reported first. */
  record(report: BuildReport, all: boolean): void;
  /** A build that threw (no report): its error stands until a build succeeds. */
  recordThrown(error: unknown): void;
  /** Every current problem, files first. */
  list(): Problem[];
}

/** A new, empty log. */
export function createProblemLog(): ProblemLog {
  const byFile = new Map<string, Problem[]>();
  const byEdition = new Map<string, Problem>();
  let thrown: Problem | undefined;
  return {
    record(report, all) {
      thrown = undefined;
      if (all) {
        byFile.clear();
        byEdition.clear();
      }
      for (const file of report.files) {
        const errors = file.messages.filter((m) => m.fatal);
        byFile.set(
          file.path,
          errors.map((m) => ({
            place: `${file.path}${m.line ? `:${m.line}:${m.column ?? 1}` : ""}`,
            message: m.reason,
          })),
        );
      }
      for (const e of report.editions) {
        const key = `${e.audience}/${e.brief}`;
        // A failure that points at an input file's errors repeats that file's own messages: those are shown already.
        if (e.status === "failed" && hasOwnWords(e.failure))
          byEdition.set(key, { place: key, message: failureText(key, e.failure) });
        else byEdition.delete(key);
      }
    },
    recordThrown(error) {
      thrown = { place: "build", message: messageOf(error) };
    },
    list() {
      const seen = new Set<string>();
      const editions = [...byEdition.values()].filter((p) => !seen.has(p.message) && seen.add(p.message));
      return [...(thrown ? [thrown] : []), ...[...byFile.values()].flat(), ...editions];
    },
  };
}
