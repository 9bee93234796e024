/** The build's flags: parsed with node:util, then validated through a schema into the build options. */
import { checkOutFolder } from "./out-folder.js";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { existsSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, resolve } from "node:path";
import { z } from "zod";
import { BriefError, messageOf } from "../shared/errors.js";
import { didYouMean, suggest } from "../shared/problems.js";
import { resolveOptions, defaultConcurrency, type BuildOptions } from "../shared/options.js";
import type { Format } from "../shared/model.js";
import type { Io } from "./io.js";

/** The build's usage, printed by --help and after a usage error. */
export const USAGE = `Usage: npm run brief -- [command] [flags]
       npm run brief -- [briefs/<slug>.md ...] [flags]

Commands:
  (none)                       build every brief (or the brief files named) for every audience (HTML and PDF)
  check [briefs/<slug>.md ...] validate and lint every brief (or those named) without printing PDFs
  watch                        live preview on http://127.0.0.1:4000
  new audience <id>            scaffold templates/audiences/<id>/  [--extends <id>]
  new brief <slug>             scaffold briefs/<slug>.md, ready to build  [--title "…"]
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
  --allow-ungrounded           publish briefs whose figures or quotations their source.text does not give
                               (by default such a brief is not built: see check --source)
  --timeout <seconds>          per-memo render limit (default: 60)
  --browser <path>             Chromium/Chrome to use (else PUPPETEER_EXECUTABLE_PATH, else system)
  --json                       print the report as JSON
  --help, --version
`;

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
  "allow-ungrounded": { type: "boolean" },
  timeout: { type: "string" },
  browser: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

/** parseArgs with usage errors turned into exit code 2, worded with a "did you mean", followed by `usage`. */
export function parseFlags<T extends ParseArgsConfig["options"]>(argv: string[], options: T, usage = USAGE) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: options as NonNullable<T>, strict: true });
  } catch (error) {
    throw new BriefError(`${flagErrorText(error, options ?? {})}\n\n${usage}`, 2);
  }
}

/** Node's parseArgs error in our words: the unknown flag and the nearest known one, or the missing value. */
function flagErrorText(error: unknown, options: NonNullable<ParseArgsConfig["options"]>): string {
  const message = messageOf(error);
  const names = Object.keys(options).map((n) => `--${n}`);
  const unknown = /^Unknown option '(-{1,2}[^'=]*)/.exec(message);
  if (unknown) {
    const flag = unknown[1]!;
    const hint = didYouMean(flag.replace(/^-+/, "--"), names);
    return `Unknown flag \`${flag}\`.${hint || ` Flags: ${names.join(", ")}.`}`;
  }
  const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value, e.g. ${missing[1]} ${EXAMPLES[missing[1]!] ?? "<value>"}.`;
  const value = /^Option '(--[\w-]+)' does not take an argument/.exec(message);
  if (value) return `${value[1]} takes no value: write ${value[1]} alone.`;
  return message;
}

const EXAMPLES: Record<string, string> = {
  "--brief": "my-brief",
  "--audience": "us,eu",
  "--format": "html",
  "--out": "out",
  "--concurrency": "2",
  "--shard": "1/2",
  "--timeout": "60",
  "--browser": "/usr/bin/chromium",
};

/**
 * Brief paths given as arguments (`npm run brief -- briefs/x.md`, `npm run brief -- check briefs/x.md`) as slugs, for
 * `--brief`; a usage error (exit 2) for an argument that is not a Markdown file in the project's briefs/ folder, or
 * one that does not exist (with the nearest brief, written as the argument was). `command` names the command the
 * paths were given to (none for the build), `usage` is its usage.
 */
export function briefsFromPaths(paths: readonly string[], io: Io, command = "", usage = USAGE): string[] {
  const briefsDir = resolveOptions(resolve(io.cwd)).briefsDir;
  const run = `npm run brief --${command ? ` ${command}` : ""}`;
  const what = command ? `${command} takes` : "the build takes";
  const slugs = existsSync(briefsDir)
    ? readdirSync(briefsDir)
        .filter((n) => n.endsWith(".md") && !n.startsWith("."))
        .map((n) => n.slice(0, -3))
        .sort()
    : [];
  return paths.map((p) => {
    const full = resolve(io.cwd, p);
    if (!p.endsWith(".md")) {
      const hint = slugs.includes(p) ? ` For that brief: ${run} briefs/${p}.md.` : "";
      throw new BriefError(
        `Unexpected argument \`${p}\`: ${what} brief files (briefs/<slug>.md) or --brief <slug>.${hint}\n\n${usage}`,
        2,
      );
    }
    if (dirname(full) !== briefsDir)
      throw new BriefError(
        `${p}: a brief is built from the briefs/ folder. Move it to briefs/${basename(full)} and run ` +
          `${run} briefs/${basename(full)}.`,
        2,
      );
    const slug = basename(full, ".md");
    if (!slugs.includes(slug)) {
      const near = suggest(slug, slugs);
      const as = (s: string) => p.slice(0, p.length - basename(p).length) + `${s}.md`; // the argument's own folder
      throw new BriefError(
        `${p}: no such brief.${near ? ` Did you mean \`${as(near)}\`?` : ""} ` +
          `Briefs in ${p.slice(0, p.length - basename(p).length) || "./"}: ${slugs.join(", ") || "none"}.`,
        2,
      );
    }
    return slug;
  });
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

/** Comma-separated lists, as `--brief a,b --brief c` allows. */
function list(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

const FORMATS: readonly Format[] = ["html", "pdf"];

/** A flag's whole number of at least `min`, e.g. `--concurrency 2`. */
const wholeNumber = (flag: string, min: number) =>
  z.string().transform((v, ctx) => {
    const n = Number(v);
    if (Number.isInteger(n) && n >= min) return n;
    ctx.addIssue({ code: "custom", message: `--${flag} ${v}: expected a whole number of at least ${min}.` });
    return z.NEVER;
  });

/** The build flags (and SOURCE_DATE_EPOCH) as the build needs them; checked in the order their errors are reported. */
const buildFlagsSchema = z.object({
  format: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const formats = list([v || "html,pdf"]);
      const wrong = formats.find((f) => !FORMATS.includes(f as Format));
      if (wrong === undefined) return [...new Set(formats)] as Format[];
      ctx.addIssue({ code: "custom", message: `--format ${wrong}: expected html, pdf or html,pdf.` });
      return z.NEVER;
    }),
  shard: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const m = /^(\d+)\/(\d+)$/.exec(v);
      if (m && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2])) return { index: Number(m[1]), count: Number(m[2]) };
      ctx.addIssue({ code: "custom", message: `--shard ${v}: expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/4.` });
      return z.NEVER;
    }),
  sourceDateEpoch: z
    .string()
    .regex(/^\d+$/, {
      error: (issue) =>
        `SOURCE_DATE_EPOCH=${String(issue.input)}: expected whole seconds since 1970, e.g. ` +
        `$(git log -1 --format=%ct).`,
    })
    .transform(Number)
    .optional(),
  concurrency: wholeNumber("concurrency", 1).optional(),
  timeout: wholeNumber("timeout", 1).optional(),
  brief: z.array(z.string()).optional().transform(list),
  audience: z.array(z.string()).optional().transform(list),
  out: z.string().optional(),
  browser: z.string().optional(),
  force: z.boolean().optional(),
  inline: z.boolean().optional(),
  strict: z.boolean().optional(),
  "allow-ungrounded": z.boolean().optional(),
});

/** Build options from parsed flags and the environment (SOURCE_DATE_EPOCH, PUPPETEER_EXECUTABLE_PATH). */
export function buildOptions(values: Record<string, unknown>, io: Io): Readonly<BuildOptions> {
  const parsed = buildFlagsSchema.safeParse({ ...values, sourceDateEpoch: io.env.SOURCE_DATE_EPOCH });
  if (!parsed.success) throw new BriefError(parsed.error.issues[0]!.message, 2);
  const flags = parsed.data;
  const root = resolve(io.cwd);
  checkOutFolder(root, resolve(root, flags.out ?? "out"), flags.out);
  return resolveOptions(root, {
    briefs: flags.brief,
    audiences: flags.audience,
    formats: flags.format,
    outDir: resolve(root, flags.out ?? "out"),
    concurrency: flags.concurrency ?? defaultConcurrency(availableParallelism()),
    shard: flags.shard,
    force: flags.force === true,
    inline: flags.inline === true,
    strict: flags.strict === true,
    allowUngrounded: flags["allow-ungrounded"] === true,
    timeoutMs: flags.timeout !== undefined ? flags.timeout * 1000 : 60_000,
    sourceDateEpoch: flags.sourceDateEpoch,
    browserPath:
      flags.browser !== undefined ? resolve(root, flags.browser) : io.env.PUPPETEER_EXECUTABLE_PATH || undefined,
    browserFrom: flags.browser !== undefined ? "--browser" : "PUPPETEER_EXECUTABLE_PATH",
  });
}
