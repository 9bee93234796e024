/** `watch [--port N] [--brief …] [--audience …] [--out dir]`: the live preview on 127.0.0.1 until Ctrl+C. */
import { relative } from "node:path";
import { BUILD_FLAGS, buildOptions, commandFlags } from "../flags.js";
import type { Io } from "../io.js";
import { BriefError } from "../../shared/errors.js";
import { startPreview } from "../watch/preview.js";
import { useColor } from "../wording.js";

const USAGE = `Usage: npm run brief -- watch [--port N] [--brief <slug,...>] [--audience <id,...>] [--out <dir>]

Builds the HTML of every edition, serves the output folder on http://127.0.0.1:4000/
(this machine only), and rebuilds and reloads open pages whenever a brief or template is saved.
  /                     every brief and edition
  /<audience>/<slug>.html   an edition (reloads itself)
  /<audience>/<slug>.pdf    the PDF, printed when you open it if it is missing or stale
  /compare/<slug>       the editions of one brief side by side
Flags: --port N (default 4000; 0 = any free port), --brief, --audience, --out, --browser, --timeout.
`;

const FLAGS = {
  port: { type: "string" },
  brief: BUILD_FLAGS.brief,
  audience: BUILD_FLAGS.audience,
  out: BUILD_FLAGS.out,
  browser: BUILD_FLAGS.browser,
  timeout: BUILD_FLAGS.timeout,
  help: BUILD_FLAGS.help,
} as const;

/** Runs the preview until `io.signal` aborts (SIGINT/SIGTERM); returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = commandFlags(argv, FLAGS, USAGE, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 0)
    throw new BriefError(
      `watch takes no arguments (got \`${positionals[0]}\`); use --brief ${positionals[0]}.\n\n${USAGE}`,
      2,
    );
  const port = values.port === undefined ? 4000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new BriefError(`--port ${values.port}: expected a port number from 1 to 65535 (or 0 for any free port).`, 2);
  const options = buildOptions({ ...values, format: "html" }, io);
  const color = useColor(io);
  const preview = await startPreview({ build: options, port, log: io.stdout, logError: io.stderr, color });

  const signal = io.signal;
  const stopped = new Promise<void>((resolve) => {
    if (!signal) return; // no signal: run until the process is killed
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
  io.stdout(
    `Preview: ${preview.url} (this machine only). ` +
      `Building the HTML of ${relative(options.root, options.outDir) || options.outDir}/…\n`,
  );
  const first = await Promise.race([preview.ready.then(() => "ready"), stopped.then(() => "stopped")]);
  if (first === "ready")
    io.stdout(
      `Watching briefs/ and templates/: saved changes rebuild and reload ${preview.url}. ` + `Press Ctrl+C to stop.\n`,
    );
  await stopped;
  await preview.close();
  io.stdout("Preview stopped.\n");
  return 0;
}
