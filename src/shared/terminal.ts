/**
 * Text for a terminal: control characters from input (briefs, templates, YAML keys, file names, arguments) are shown,
 * never obeyed. Every write of the CLI goes through {@link terminalIo}, which escapes them as `\u001b`-style text
 * (valid inside JSON strings too); only the escape sequences the tool itself emits, marked with {@link ownEscapes}
 * (colours of the problem reports, the progress line), reach the terminal as such.
 */
import { randomBytes } from "node:crypto";
import type { VFile } from "vfile";
import type { VFileMessage } from "vfile-message";
import { reporter, type Options as ReporterOptions } from "vfile-reporter";

/**
 * C0 controls but tab and line feed (ESC, BEL, CR, backspace…), DEL, C1 controls (CSI U+009B, OSC U+009D…), and the
 * invisible bidirectional controls that reorder what a line shows (U+061C, U+200E/F, U+202A–E, U+2066–9).
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character shown as `\u` and four hex digits (`\u001b`, `\u0007`, `\u202e`). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A mark no input can contain (it is random per process, and never printed): stands for one of the tool's own ESC or CR. */
const MARK = `\u{F0000}${randomBytes(12).toString("hex")}`;
const MARKED = new RegExp(`${MARK}([er])`, "gu");

/** Marks the escape sequences of `text`, which the tool itself wrote (no input in it), so that {@link terminalIo} keeps them. */
export function ownEscapes(text: string): string {
  return text.replace(/[\u001b\r]/g, (c) => `${MARK}${c === "\r" ? "r" : "e"}`);
}

/** `text` as it may reach a terminal: input's control characters escaped, the tool's own (marked) restored. */
export function terminalText(text: string): string {
  return escapeControls(text).replace(MARKED, (_, c: string) => (c === "r" ? "\r" : "\u001b"));
}

/** The same output streams, writing {@link terminalText}. */
export function terminalIo<T extends { stdout: (s: string) => void; stderr: (s: string) => void }>(io: T): T {
  return {
    ...io,
    stdout: (s: string) => io.stdout(terminalText(s)),
    stderr: (s: string) => io.stderr(terminalText(s)),
  };
}

/** A copy of a message with its text escaped. */
function escapeMessage(m: VFileMessage): VFileMessage {
  const cause = m.cause as { stack?: unknown; message?: unknown } | undefined;
  return Object.assign(Object.create(Object.getPrototypeOf(m) as object) as VFileMessage, m, {
    reason: escapeControls(m.reason),
    message: escapeControls(m.message),
    stack: m.stack ? escapeControls(m.stack) : m.stack,
    ruleId: m.ruleId ? escapeControls(m.ruleId) : m.ruleId,
    source: m.source ? escapeControls(m.source) : m.source,
    cause:
      cause && typeof cause === "object"
        ? { stack: escapeControls(String(cause.stack ?? cause.message)) }
        : cause === undefined
          ? undefined
          : escapeControls(String(cause)),
  });
}

/**
 * vfile-reporter's report of `files`, for a terminal: file names and messages escaped first, then the reporter's own
 * colours marked as the tool's.
 */
export function terminalReport(files: readonly VFile[], options: ReporterOptions): string {
  const copies = files.map((file) => {
    const name = escapeControls(file.history[0] ?? file.path);
    return {
      history: [name],
      path: name,
      stored: false,
      messages: file.messages.map(escapeMessage),
    } as unknown as VFile;
  });
  return ownEscapes(reporter(copies, options));
}
