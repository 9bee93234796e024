/** Where the CLI reads and writes: the real process (main.ts) or a test's own. */
import type { BuildWork } from "../build/report.js";

/** Where the CLI writes; tests pass their own. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
  /** Tunes the process for a build of this size (main.ts: src/cli/compiler-tier.ts); a test's process is left alone. */
  tune?: (work: BuildWork) => void;
}

/** A command module, `commands/<name>.ts`. */
export interface Command {
  run(argv: string[], io: Io): Promise<number>;
}
