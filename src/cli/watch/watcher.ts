/** Watches briefs/ and templates/ (chokidar) and reports, debounced, what a rebuild must cover. */
import { basename, dirname, relative } from "node:path";
import { watch } from "chokidar";

/** What changed since the last report: every edition (`all`), or only some briefs. */
export interface ChangeSet {
  all: boolean;
  /** Slugs of briefs added or edited. */
  briefs: Set<string>;
  /** The changed files, relative to the project root. */
  files: string[];
}

/** A running watcher. */
export interface SourceWatcher {
  /** Settles once the initial scan is done and changes are being seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Where to look and whom to tell. */
export interface WatchOptions {
  root: string;
  briefsDir: string;
  templatesDir: string;
  /** Quiet time after the last event before a change is reported (editors write in several steps). */
  debounceMs: number;
  onChange(change: ChangeSet): void;
  onError(error: Error): void;
}

/** Editor leftovers that never affect a build. */
const IGNORED = /(^\.|~$|\.sw[a-p]$|\.tmp$|^#.*#$)/;

/**
 * Starts watching; a brief edit names that brief, anything else under templates/ (or a deleted brief) means everything.
 */
export function watchSources(o: WatchOptions): SourceWatcher {
  const watcher = watch([o.briefsDir, o.templatesDir], {
    ignoreInitial: true,
    ignored: (path) => IGNORED.test(basename(path)),
  });
  let pending: ChangeSet = { all: false, briefs: new Set(), files: [] };
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const change = pending;
    pending = { all: false, briefs: new Set(), files: [] };
    if (change.all || change.briefs.size > 0) o.onChange(change);
  };
  watcher.on("all", (event, path) => {
    if (dirname(path) === o.briefsDir) {
      if (!path.endsWith(".md")) return; // e.g. a source text for `check`: not part of the memo
      if (event === "unlink")
        pending.all = true; // a full build removes the brief's editions
      else pending.briefs.add(basename(path, ".md"));
    } else if (dirname(dirname(path)) === o.briefsDir) {
      pending.briefs.add(basename(dirname(path))); // a figure of that brief (briefs/<slug>/…)
    } else if (relative(o.templatesDir, path).startsWith("..") && path !== o.templatesDir) {
      return;
    } else pending.all = true;
    pending.files.push(relative(o.root, path) || path);
    clearTimeout(timer);
    timer = setTimeout(flush, o.debounceMs);
  });
  watcher.on("error", (error) => o.onError(error instanceof Error ? error : new Error(String(error))));
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    ready,
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
