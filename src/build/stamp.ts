/**
 * The up-to-date stamp: what a no-op build looked at, as file statuses and folder listings, with what it printed. The
 * next run of the same command whose files all have the recorded statuses is the same no-op, and bin/brief.js answers
 * it from the stamp before it loads the pipeline (Node's start and the CLI's modules are most of a no-op's time: a
 * thousand briefs, 0.6 s of which about 0.3 s loading modules). Kept in out/.cache/up-to-date.json, one per output
 * folder (the last no-op's command): a line of JSON (statuses, listings), then the bytes the run printed, which the
 * fast path writes out as they are, with only the time put in. A status recorded less than 2 s ({@link STAT_LIMITS})
 * after the file's last change is not trusted, as in stat-cache.ts; anything missing, malformed or different sends the
 * run down the normal path, which then writes a new stamp. Node's built-in modules only: it is loaded on every run.
 */
import { lstatSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** How long after a file's last change its status may be trusted to change with its content (tests shorten it). */
export const STAT_LIMITS = { racyMs: 2_000 };

/** The stamp's file name in out/.cache/ (its temp file starts with it too). */
const STAMP = "up-to-date.json";
const stampPath = (outDir: string) => join(outDir, ".cache", STAMP);

/** A file's [size, mtimeMs, ctimeMs, ino]; [-1, -1, -1, -1] for a file that is not there (its absence counts too). */
type Status = readonly [number, number, number, number];
const MISSING: Status = [-1, -1, -1, -1];

/** What a no-op build looked at. */
export interface Consulted {
  /** Files read through links: briefs, templates, fonts, the tool's code, package-lock.json. */
  inputs: string[];
  /** Folders whose listing the build read (briefs/, templates/, the tool's code), dot entries left out as it does. */
  inputFolders: string[];
  /** Files under the output folder (the cache, the manifest, every artefact), not followed through links. */
  outputs: string[];
}

/** What an up-to-date run printed: `before` and `after` its time, written in `unit` (see the CLI's fast-path.ts). */
export interface Printed {
  before: string;
  after: string;
  unit: string;
}

/** The stamp's first line. */
interface Header {
  version: 3;
  /** The command: arguments, folder and the environment the options read ({@link stampKey}). */
  key: string;
  /** When the statuses were taken (ms since the epoch), before the first was taken. */
  at: number;
  inputs: string[];
  outputs: string[];
  /** The inputs' statuses then the outputs', four numbers each (flat: a thousand briefs' stamp parses in a few ms). */
  statuses: number[];
  /** Folder → its entries' names, sorted; null for a folder that could not be read. */
  folders: Record<string, string[] | null>;
  /** Bytes of the printed text before its time, and how the time is written. */
  split: number;
  unit: string;
}

/** The command a stamp answers: the arguments, the working folder, and SOURCE_DATE_EPOCH (the other options are flags). */
export function stampKey(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): string {
  return JSON.stringify([argv, cwd, env.SOURCE_DATE_EPOCH ?? null]);
}

/** The status of `path` through `stat` (statSync follows links, lstatSync does not). */
function statusOf(path: string, stat: typeof statSync): Status {
  const s = stat(path, { throwIfNoEntry: false });
  return s ? [s.size, s.mtimeMs, s.ctimeMs, s.ino] : MISSING;
}

/** Entry names of a folder, sorted; dot entries left out for input folders; null when it cannot be read. */
function listing(folder: string, input: boolean): string[] | null {
  try {
    const names = readdirSync(folder).filter((n) => (input ? !n.startsWith(".") : !n.startsWith(STAMP)));
    return names.sort();
  } catch {
    return null;
  }
}

/** The output folder and its folders a few levels down (links not followed), as the temp-file sweep walks them. */
function outFolders(dir: string, depth = 3, out: string[] = []): string[] {
  out.push(dir);
  if (depth > 0)
    try {
      for (const e of readdirSync(dir, { withFileTypes: true }))
        if (e.isDirectory()) outFolders(join(dir, e.name), depth - 1, out);
    } catch {
      // listed as null
    }
  return out;
}

/**
 * Records what the no-op build into `outDir` looked at, and what it printed, for the command `key`. Call it after the
 * build has released out/ (its lock file is gone). Writes nothing, and removes an older stamp, when a status is too
 * recent to be trusted. Only an optimisation: a failure to write is ignored.
 */
export function writeStamp(outDir: string, key: string, consulted: Consulted, printed: Printed): void {
  const path = stampPath(outDir);
  try {
    const at = Date.now();
    const statuses = [
      ...consulted.inputs.map((p) => statusOf(p, statSync)),
      ...consulted.outputs.map((p) => statusOf(p, lstatSync)),
    ];
    const folders: Header["folders"] = {};
    for (const f of consulted.inputFolders) folders[f] = listing(f, true);
    for (const f of outFolders(outDir)) folders[f] = listing(f, false);
    if (!statuses.every((s) => trusted(s, at))) {
      rmSync(path, { force: true });
      return;
    }
    const split = Buffer.byteLength(printed.before);
    const { inputs, outputs } = consulted;
    const header: Header = {
      version: 3,
      key,
      at,
      inputs,
      outputs,
      statuses: statuses.flat(),
      folders,
      split,
      unit: printed.unit,
    };
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(header)}\n${printed.before}${printed.after}`);
    renameSync(temp, path);
  } catch {
    rmSync(path, { force: true });
  }
}

/** Removes the stamp of `outDir` (a build that changed it, or one that could not tell). */
export function removeStamp(outDir: string): void {
  rmSync(stampPath(outDir), { force: true });
}

const trusted = (s: Status, at: number) => s[0] < 0 || at - Math.max(s[1], s[2]) > STAT_LIMITS.racyMs;

/**
 * What the no-op for `key` printed, when the stamp in `outDir` is for that command and every file and folder it
 * recorded is as it was: the bytes before and after its time, and how the time is written. Undefined otherwise.
 */
export function stampedOutput(
  outDir: string,
  key: string,
): { before: Uint8Array; after: Uint8Array; unit: string } | undefined {
  try {
    const bytes = readFileSync(stampPath(outDir));
    const newline = bytes.indexOf(10);
    const s = JSON.parse(bytes.toString("utf8", 0, newline)) as Header;
    const isTable = (t: unknown) => typeof t === "object" && t !== null && !Array.isArray(t);
    const { inputs, outputs, statuses } = s;
    if (s.version !== 3 || s.key !== key || typeof s.at !== "number" || !Number.isInteger(s.split)) return undefined;
    if (![inputs, outputs, statuses].every(Array.isArray) || !isTable(s.folders)) return undefined;
    if (statuses.length !== 4 * (inputs.length + outputs.length)) return undefined;
    for (let i = 0; i < inputs.length + outputs.length; i++) {
      const now = i < inputs.length ? statusOf(inputs[i]!, statSync) : statusOf(outputs[i - inputs.length]!, lstatSync);
      const r = statuses.slice(4 * i, 4 * i + 4) as unknown as Status;
      if (now.some((n, k) => n !== r[k]) || !trusted(r, s.at)) return undefined;
    }
    const inOut = new Set(outFolders(outDir));
    for (const [folder, names] of Object.entries(s.folders)) {
      const now = listing(folder, !inOut.has(folder));
      if (now === null || names === null ? now !== names : now.join("\0") !== names.join("\0")) return undefined;
    }
    // A folder that appeared under out/ since (a new audience's) is a change too.
    if ([...inOut].some((f) => !(f in s.folders))) return undefined;
    const body = bytes.subarray(newline + 1);
    if (s.split > body.length) return undefined;
    return { before: body.subarray(0, s.split), after: body.subarray(s.split), unit: String(s.unit) };
  } catch {
    return undefined;
  }
}
