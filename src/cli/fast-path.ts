/**
 * The no-op fast path, run by bin/brief.js before anything else is loaded: a build command whose up-to-date stamp
 * (build/stamp.ts) still holds is answered from it, with the bytes the full path printed and only the time new, in a
 * few tens of milliseconds instead of the pipeline's start-up. Anything else, or any doubt, goes to the full path.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { stampKey, stampedOutput, type Printed } from "../build/stamp.js";

/** A time as an up-to-date run prints it: whole milliseconds in the JSON report, seconds in the text line. */
const timeText = (ms: number, unit: string) => (unit === "ms" ? String(Math.round(ms)) : (ms / 1000).toFixed(2));

/** Where the time goes while the output is put together. */
const MARK = "\u0000time\u0000";

/** What an up-to-date run prints, around its time: the JSON report (`--json`) or the one line. */
export function upToDateOutput(json: Record<string, unknown> | undefined): Printed {
  const text = json
    ? `${JSON.stringify({ ...json, ms: MARK }, null, 2)}\n`
    : `Up to date: nothing changed since the last build (${MARK} s). Use --force to rebuild.\n`;
  const mark = json ? JSON.stringify(MARK) : MARK;
  const at = text.indexOf(mark);
  return { before: text.slice(0, at), after: text.slice(at + mark.length), unit: json ? "ms" : "s" };
}

/** The output with its time in. */
export const withTime = (p: Printed, ms: number) => `${p.before}${timeText(ms, p.unit)}${p.after}`;

/** Prints what the up-to-date build of `argv` printed last time and returns true, when its stamp still holds. */
export function answerFromStamp(
  argv: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdout: (s: string | Uint8Array) => void,
): boolean {
  const started = performance.now();
  const first = argv[0];
  if (first && !first.startsWith("-") && !first.endsWith(".md")) return false; // a command
  let out: string | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { out: { type: "string" } },
      strict: false,
      allowPositionals: true,
    });
    out = typeof values.out === "string" ? values.out : undefined;
  } catch {
    return false;
  }
  const root = resolve(cwd);
  const printed = stampedOutput(resolve(root, out ?? "out"), stampKey(argv, root, env));
  if (!printed) return false;
  stdout(printed.before);
  stdout(timeText(performance.now() - started, printed.unit));
  stdout(printed.after);
  return true;
}
