/** Where the CLI reads and writes: the real process (main.ts) or a test's own. */

/** Where the CLI writes; tests pass their own. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
}

/** A command module, `commands/<name>.ts`. */
export interface Command {
  run(argv: string[], io: Io): Promise<number>;
}
