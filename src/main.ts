/** Process entry: wires the CLI to the real process, signals included. */
import { cli } from "./cli.js";

const controller = new AbortController();
let signalled: NodeJS.Signals | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (signalled) process.exit(signal === "SIGINT" ? 130 : 143); // a second signal: leave now
    signalled = signal;
    controller.abort(signal);
  });
}

const code = await cli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = signalled ? (signalled === "SIGINT" ? 130 : 143) : code;
