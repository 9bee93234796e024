/** Process entry: wires the CLI to the real process, signals included. */
import { cli } from "./cli.js";
import { tuneCompiler } from "./compiler-tier.js";

/**
 * Seconds a build has to clean up after SIGINT/SIGTERM (close the browser, remove temp files) before the process leaves
 * anyway.
 */
const CLEANUP_SECONDS = 20;

const exitCodeOf = (signal: NodeJS.Signals) => (signal === "SIGINT" ? 130 : 143);
const controller = new AbortController();
let signalled: NodeJS.Signals | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (signalled) process.exit(exitCodeOf(signalled)); // a second signal: leave now (the browser is killed on exit)
    signalled = signal;
    controller.abort(signal);
    setTimeout(() => process.exit(exitCodeOf(signal)), CLEANUP_SECONDS * 1000).unref();
  });
}

const code = await cli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  tune: (work) => tuneCompiler(work, process.env),
});
process.exitCode = signalled ? exitCodeOf(signalled) : code;
// Whatever still holds the event loop (a stuck child, a socket) gets a moment, then the process leaves with its code.
setTimeout(() => process.exit(), 5_000).unref();
