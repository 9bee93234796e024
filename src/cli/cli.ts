/** The command line: the only module that reads argv and the environment, prints, and handles signals. */
import { BriefError, messageOf } from "../shared/errors.js";
import { VERSION, type BuildOptions } from "../shared/options.js";
import type { BuildReport, Progress } from "../build/report.js";
import { build } from "../build/build.js";
import type { Command, Io } from "./io.js";
import { BUILD_FLAGS, USAGE, briefsFromPaths, buildOptions, parseFlags } from "./flags.js";
import { didYouMean } from "../shared/problems.js";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { editionFailureText, editionName, warningText } from "./wording.js";
import { ownEscapes, terminalIo } from "../shared/terminal.js";
import { stampKey, writeStamp } from "../build/stamp.js";
import { upToDateOutput, withTime } from "./fast-path.js";

/** Commands other than the build, each a module `commands/<name>.ts` exporting `run(argv, io)`. */
const COMMANDS = ["check", "watch", "new", "diff", "merge"] as const;

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function cli(argv: string[], io: Io): Promise<number> {
  io = terminalIo(io); // control characters from input are shown escaped, never obeyed
  try {
    const name = argv[0];
    if (name && !name.startsWith("-") && !name.endsWith(".md")) {
      if (!(COMMANDS as readonly string[]).includes(name)) {
        const slug = existsSync(join(resolve(io.cwd), "briefs", `${name}.md`));
        const hint = slug
          ? ` To build briefs/${name}.md: npm run brief -- briefs/${name}.md.`
          : didYouMean(name, COMMANDS);
        throw new BriefError(
          `Unknown command \`${name}\`.${hint} Commands: ${COMMANDS.join(", ")} (or none, to build).\n\n${USAGE}`,
          2,
        );
      }
      const command = (await import(/* @vite-ignore */ `./commands/${name}.js`)) as Command;
      return await command.run(argv.slice(1), io);
    }
    const { values, positionals } = parseFlags(argv, BUILD_FLAGS);
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (values.version) {
      io.stdout(`brief ${VERSION}\n`);
      return 0;
    }
    // Brief files named as arguments join --brief: `npm run brief -- briefs/x.md` builds that brief.
    const brief = [...(values.brief ?? []), ...briefsFromPaths(positionals, io)];
    const stamp = stampKey(argv, resolve(io.cwd), io.env);
    return await runBuild(buildOptions({ ...values, brief }, io), values.json === true, io, stamp);
  } catch (error) {
    return reportError(error, io);
  }
}

/** Prints a thrown error: known ones without a stack; returns the exit code. */
export function reportError(error: unknown, io: Io): number {
  if (error instanceof BriefError) {
    io.stderr(`error: ${error.message}\n`);
    return error.exitCode;
  }
  const unexpected = `unexpected error: ${messageOf(error)} (set DEBUG=1 for the stack)`;
  io.stderr(`${io.env.DEBUG ? ((error as Error).stack ?? messageOf(error)) : unexpected}\n`);
  return 1;
}

/**
 * Runs a build and prints its report; returns the exit code. With `stamp` (the command's {@link stampKey}), an
 * up-to-date build records what it looked at and printed, for bin/brief.js to answer the same command next time.
 */
export async function runBuild(
  options: Readonly<BuildOptions>,
  json: boolean,
  io: Io,
  stamp?: string,
): Promise<number> {
  const progress = io.isTTY && !json && !io.env.CI;
  const started = performance.now();
  let report: BuildReport;
  try {
    report = await build(options, {
      signal: io.signal,
      onProgress: progress
        ? (p) => io.stderr(`${ownEscapes("\r\x1b[2K")}${progressText(p, performance.now() - started)}`)
        : undefined,
      onWork: io.tune,
    });
  } finally {
    if (progress) io.stderr(ownEscapes("\r\x1b[2K"));
  }
  const upToDate = report.upToDate ? upToDateOutput(json ? jsonReport(report) : undefined) : undefined;
  if (upToDate) {
    io.stdout(withTime(upToDate, report.ms));
  } else if (json) {
    io.stdout(`${JSON.stringify(jsonReport(report), null, 2)}\n`);
  } else {
    const { printReport } = await import("./build-report-text.js");
    printReport(report, options, io);
  }
  if (stamp !== undefined && upToDate && report.consulted)
    writeStamp(options.outDir, stamp, report.consulted, upToDate);
  return report.ok ? 0 : 1;
}

/** "3/12 us/x · 4.1 s, about 12 s left": the edition, the time so far and, once one is done, an estimate. */
function progressText(p: Progress, ms: number): string {
  const seconds = (n: number) => (n < 10 ? `${n.toFixed(1)} s` : `${Math.round(n)} s`);
  const left =
    p.done > 0 && p.done < p.total ? `, about ${seconds(((ms / p.done) * (p.total - p.done)) / 1000)} left` : "";
  return `${p.done}/${p.total} ${p.current ?? ""} · ${seconds(ms / 1000)}${left}`;
}

function jsonReport(report: BuildReport) {
  return {
    ok: report.ok,
    upToDate: report.upToDate,
    ms: Math.round(report.ms),
    editions: report.editions.map((e) => {
      // The edition as data, its failure and warnings in words, keys in the order the build set them.
      const entries = Object.entries({ ...e, ms: Math.round(e.ms) }).map(([key, value]) => {
        if (key === "failure") return ["error", editionFailureText(e)];
        if (key === "warnings") return [key, e.warnings.map((w) => warningText(editionName(e), w))];
        return [key, value];
      });
      return Object.fromEntries(entries) as Record<string, unknown>;
    }),
    problems: report.files.flatMap((f) =>
      f.messages.map((m) => ({
        file: f.path,
        line: m.line ?? null,
        column: m.column ?? null,
        severity: m.fatal ? "error" : "warning",
        message: m.reason,
        rule: m.ruleId ?? null,
      })),
    ),
  };
}
