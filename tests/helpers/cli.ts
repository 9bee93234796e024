/** Runs the CLI in-process and captures what it prints. */
import { cli } from "../../src/cli/cli.js";
import type { Io } from "../../src/cli/io.js";

/** The exit code and output of one CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `brief <argv>` in `cwd`; `env` is added to a minimal environment (no TTY, no colour). */
export async function runCli(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  signal?: AbortSignal,
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: false,
    env: { NO_COLOR: "1", PATH: process.env.PATH, ...env },
    cwd,
    ...(signal ? { signal } : {}),
  };
  const code = await cli(argv, io);
  return { code, stdout, stderr };
}
