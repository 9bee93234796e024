/** Known error classes: each carries an exit code and a message that names the file and the fix. */

/** An error the CLI prints without a stack. */
export class BriefError extends Error {
  override name = "BriefError";
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad input in a user's file (brief, template, brand, audience). */
export class InputError extends BriefError {
  override name = "InputError";
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message, 1);
  }
}

/** No usable browser: says how to get one. */
export class BrowserNotFoundError extends BriefError {
  override name = "BrowserNotFoundError";
}

/** The build was interrupted by SIGINT (130) or SIGTERM (143). */
export class AbortedError extends BriefError {
  override name = "AbortedError";
  constructor(signal: "SIGINT" | "SIGTERM") {
    super(`build interrupted by ${signal}; partial files were removed`, signal === "SIGINT" ? 130 : 143);
  }
}

/** A page about to be printed is far taller than its edition's page cap allows: it is not printed. */
export class PageCapError extends BriefError {
  override name = "PageCapError";
  constructor(
    readonly pages: number,
    readonly cap: number,
  ) {
    super(`about ${pages} pages, past the cap of ${cap}`, 1);
  }
}

/** Another build holds the lock on the output folder. */
export class LockedError extends BriefError {
  override name = "LockedError";
}

/** Formats an unknown thrown value as a short message. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
