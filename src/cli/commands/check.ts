/**
 * `brief check`: validates and lints every brief without printing a PDF or writing a file; exit 1 on errors (and on
 * warnings under --frail).
 */
import { resolve } from "node:path";
import { BUILD_FLAGS, briefsFromPaths, buildOptions, commandFlags } from "../flags.js";
import type { Io } from "../io.js";
import { githubAnnotations, useColor } from "../wording.js";

const USAGE = `Usage: npm run brief -- check [briefs/<slug>.md ...] [flags]

Validates and lints every brief, or the brief files named (front matter, structure, budgets, plain
language, and source grounding when a source text is given) without printing PDFs or writing to out/.

Flags:
  --brief <slug,...>     only these briefs
  --audience <id,...>    only these audiences' editions (for budgets)
  --source <file>        plain-text copy of the source paper, for every brief
                         (else each brief's front matter \`source.text\`, relative to the brief)
  --frail                exit 1 on warnings too
  --json                 print the problems and the summary as JSON
  --help
`;

const FLAGS = {
  brief: BUILD_FLAGS.brief,
  audience: BUILD_FLAGS.audience,
  json: BUILD_FLAGS.json,
  help: BUILD_FLAGS.help,
  source: { type: "string" },
  frail: { type: "boolean" },
} as const;

/** Runs `check` with `argv` (after the command name); returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = commandFlags(argv, FLAGS, USAGE, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  // Brief files named as arguments join --brief, as for the build: `npm run brief -- check briefs/x.md`.
  const brief = [...(values.brief ?? []), ...briefsFromPaths(positionals, io, "check", USAGE)];
  const options = buildOptions({ ...values, brief }, io);
  const source =
    values.source !== undefined ? { path: resolve(io.cwd, values.source), name: values.source } : undefined;
  const { runCheck } = await import("../../check/check.js");
  const { countProblems, formatText, toJson } = await import("../../check/format.js");
  const report = await runCheck(options, { source });
  if (values.json) io.stdout(`${JSON.stringify(toJson(report), null, 2)}\n`);
  else io.stdout(formatText(report, useColor(io)));
  if (io.env.GITHUB_ACTIONS === "true" && !values.json) io.stdout(githubAnnotations(report.files));
  const counts = countProblems(report);
  return counts.errors > 0 || (values.frail === true && counts.warnings > 0) ? 1 : 0;
}
