/** The command line: the only module that reads argv and the environment, prints, and handles signals. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { BriefError, messageOf } from "./errors.js";
import { resolveOptions, defaultConcurrency, type BuildOptions } from "./config.js";
import type { Format } from "./model.js";
import type { BuildReport } from "./report.js";
import { build } from "./build.js";
import { ownEscapes, terminalIo } from "./text/terminal.js";
import { checkOutFolder } from "./publish/out-folder.js";

/** Where the CLI writes; tests pass their own. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
}

const USAGE = `Usage: npm run brief -- [command] [flags]

Commands:
  (none)                       build every brief for every audience (HTML and PDF)
  check                        validate and lint briefs without printing PDFs
  watch                        live preview on http://127.0.0.1:4000
  new audience <id>            scaffold templates/audiences/<id>/  [--extends <id>]
  diff <slug> <a> <b>          what audience a sees that b does not, and the reverse
  merge <dir>...               join the manifests of sharded builds into --out

Build flags:
  --brief <slug,...>           only these briefs
  --audience <id,...>          only these audiences
  --format html,pdf            output formats (default: html,pdf)
  --out <dir>                  output folder (default: out)
  --concurrency <n>            pages printed at once (default: cores, at most 4)
  --shard <i/n>                build part i of n of the editions (CI matrices)
  --force                      rebuild even what the cache says is up to date
  --inline                     self-contained HTML (CSS, fonts, logo inlined)
  --strict                     fail editions over their page or word budget
  --timeout <seconds>          per-memo render limit (default: 60)
  --browser <path>             Chromium/Chrome to use (else PUPPETEER_EXECUTABLE_PATH, else system)
  --json                       print the report as JSON
  --help, --version
`;

const FORMATS: readonly Format[] = ["html", "pdf"];

/** Flags shared by the build and the commands that build (check, watch). */
export const BUILD_FLAGS = {
  brief: { type: "string", multiple: true },
  audience: { type: "string", multiple: true },
  format: { type: "string" },
  out: { type: "string" },
  concurrency: { type: "string" },
  shard: { type: "string" },
  force: { type: "boolean" },
  inline: { type: "boolean" },
  strict: { type: "boolean" },
  timeout: { type: "string" },
  browser: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

/** Commands other than the build, each a module `commands/<name>.ts` exporting `run(argv, io)`. */
const COMMANDS = ["check", "watch", "new", "diff", "merge"] as const;

/** A command module. */
export interface Command {
  run(argv: string[], io: Io): Promise<number>;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function cli(argv: string[], io: Io): Promise<number> {
  io = terminalIo(io); // control characters from input are shown escaped, never obeyed
  try {
    const name = argv[0];
    if (name && !name.startsWith("-")) {
      if (!(COMMANDS as readonly string[]).includes(name)) {
        throw new BriefError(`Unknown command \`${name}\`. Commands: ${COMMANDS.join(", ")} (or none, to build).\n\n${USAGE}`, 2);
      }
      const command = (await import(/* @vite-ignore */ `./commands/${name}.js`)) as Command;
      return await command.run(argv.slice(1), io);
    }
    const values = parseFlags(argv, BUILD_FLAGS).values;
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (values.version) {
      io.stdout("brief 0.1.0\n");
      return 0;
    }
    return await runBuild(buildOptions(values, io), values.json === true, io);
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
  io.stderr(`${io.env.DEBUG ? ((error as Error).stack ?? messageOf(error)) : `unexpected error: ${messageOf(error)} (set DEBUG=1 for the stack)`}\n`);
  return 1;
}

/** parseArgs with usage errors turned into exit code 2, followed by `usage`. */
export function parseFlags<T extends ParseArgsConfig["options"]>(argv: string[], options: T, usage = USAGE) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: options as NonNullable<T>, strict: true });
  } catch (error) {
    throw new BriefError(`${messageOf(error)}\n\n${usage}`, 2);
  }
}

/**
 * A command's flags: parsed, or undefined when `--help` was asked for (its usage is then printed).
 * Errors thrown by a command reach {@link cli}, which prints them and returns their exit code.
 */
export function commandFlags<T extends ParseArgsConfig["options"]>(argv: string[], options: T, usage: string, io: Io) {
  const parsed = parseFlags(argv, options, usage);
  if ((parsed.values as { help?: unknown }).help) {
    io.stdout(usage);
    return undefined;
  }
  return parsed;
}

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

/** Build options from parsed flags and the environment (SOURCE_DATE_EPOCH). */
export function buildOptions(values: Record<string, string | boolean | (string | boolean)[] | undefined>, io: Io): Readonly<BuildOptions> {
  const formats = list(values.format ? [String(values.format)] : ["html,pdf"]);
  for (const f of formats) if (!FORMATS.includes(f as Format)) throw new BriefError(`--format ${f}: expected html, pdf or html,pdf.`, 2);
  const int = (flag: string, v: unknown, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new BriefError(`--${flag} ${String(v)}: expected a whole number of at least ${min}.`, 2);
    return n;
  };
  let shard: BuildOptions["shard"];
  if (values.shard) {
    const m = /^(\d+)\/(\d+)$/.exec(String(values.shard));
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new BriefError(`--shard ${String(values.shard)}: expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/4.`, 2);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && !/^\d+$/.test(epoch)) throw new BriefError(`SOURCE_DATE_EPOCH=${epoch}: expected whole seconds since 1970, e.g. $(git log -1 --format=%ct).`, 2);
  const root = resolve(io.cwd);
  checkOutFolder(root, resolve(root, String(values.out ?? "out")), values.out as string | undefined);
  return resolveOptions(root, {
    briefs: list(values.brief as string[] | undefined),
    audiences: list(values.audience as string[] | undefined),
    formats: [...new Set(formats)] as Format[],
    outDir: resolve(root, String(values.out ?? "out")),
    concurrency: values.concurrency !== undefined ? int("concurrency", values.concurrency, 1) : defaultConcurrency(availableParallelism()),
    shard,
    force: values.force === true,
    inline: values.inline === true,
    strict: values.strict === true,
    timeoutMs: values.timeout !== undefined ? int("timeout", values.timeout, 1) * 1000 : 60_000,
    sourceDateEpoch: epoch !== undefined ? Number(epoch) : undefined,
    browserPath: values.browser !== undefined ? resolve(root, String(values.browser)) : io.env.PUPPETEER_EXECUTABLE_PATH || undefined,
    browserFrom: values.browser !== undefined ? "--browser" : "PUPPETEER_EXECUTABLE_PATH",
  });
}

/** Runs a build and prints its report; returns the exit code. */
export async function runBuild(options: Readonly<BuildOptions>, json: boolean, io: Io): Promise<number> {
  const progress = io.isTTY && !json && !io.env.CI;
  let report: BuildReport;
  try {
    report = await build(options, {
      signal: io.signal,
      onProgress: progress
        ? (p) => io.stderr(`${ownEscapes("\r\x1b[2K")}${p.done}/${p.total} ${p.current ?? ""}`)
        : undefined,
    });
  } finally {
    if (progress) io.stderr(ownEscapes("\r\x1b[2K"));
  }
  if (json) {
    io.stdout(`${JSON.stringify(jsonReport(report), null, 2)}\n`);
  } else if (report.upToDate) {
    io.stdout(`Up to date: nothing changed since the last build (${(report.ms / 1000).toFixed(2)} s). Use --force to rebuild.\n`);
  } else {
    const { printReport } = await import("./print-report.js");
    printReport(report, options, io);
  }
  return report.ok ? 0 : 1;
}

function jsonReport(report: BuildReport) {
  return {
    ok: report.ok,
    upToDate: report.upToDate,
    ms: Math.round(report.ms),
    editions: report.editions.map((e) => ({ ...e, ms: Math.round(e.ms) })),
    problems: report.files.flatMap((f) =>
      f.messages.map((m) => ({ file: f.path, line: m.line ?? null, column: m.column ?? null, severity: m.fatal ? "error" : "warning", message: m.reason, rule: m.ruleId ?? null })),
    ),
  };
}
