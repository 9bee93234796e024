/** Build options: every default in one place, resolved once and frozen before any stage runs. */
import { resolve } from "node:path";
import type { Format } from "./model.js";

/** The tool's version, printed by --version. */
export const VERSION = "0.1.0";

/** The tool's name and version, written into every PDF and the manifest. */
export const GENERATOR = `brief ${VERSION}`;

/** What a build is asked to do (flags, with defaults filled in). */
export interface BuildOptions {
  /** Project root: holds briefs/ and templates/. */
  root: string;
  briefsDir: string;
  templatesDir: string;
  outDir: string;
  /** Brief slugs to build (empty: all). */
  briefs: string[];
  /** Audience ids to build (empty: all). */
  audiences: string[];
  formats: Format[];
  /** Pages printed at once in the one browser. */
  concurrency: number;
  /** Build only part i (1-based) of n of the editions. */
  shard?: { index: number; count: number } | undefined;
  /** Rebuild even when the cache says an edition is up to date. */
  force: boolean;
  /** Write HTML as one self-contained file (CSS, fonts, logo inlined). */
  inline: boolean;
  /** Budgets over the limit fail the build instead of warning. */
  strict: boolean;
  /**
   * Publish a brief whose figures or quotations its `source.text` does not give (the grounding errors become
   * warnings). Off: such a brief's editions fail and are not published.
   */
  allowUngrounded: boolean;
  /** Seconds since the epoch for every timestamp in the output (SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number | undefined;
  /** Per-memo render timeout, in milliseconds. */
  timeoutMs: number;
  /** Browser executable, when given explicitly. */
  browserPath?: string | undefined;
  /** Where `browserPath` came from, for messages. */
  browserFrom?: "--browser" | "PUPPETEER_EXECUTABLE_PATH" | undefined;
}

/**
 * Default pages in flight: one per core, at most 4. On 2 cores, 4 pages against 2 won six and lost six of the 12
 * benchmark runs in this repository's history, and cost Chromium about 70 MB more (README, "Speed and incremental
 * builds").
 */
export function defaultConcurrency(cores: number): number {
  return Math.max(1, Math.min(4, cores));
}

/** Fills in defaults for a project rooted at `root`. */
export function resolveOptions(root: string, partial: Partial<BuildOptions> = {}): Readonly<BuildOptions> {
  const r = resolve(root);
  const options: BuildOptions = {
    root: r,
    briefsDir: resolve(r, "briefs"),
    templatesDir: resolve(r, "templates"),
    outDir: resolve(r, "out"),
    briefs: [],
    audiences: [],
    formats: ["html", "pdf"],
    concurrency: 2,
    force: false,
    inline: false,
    strict: false,
    allowUngrounded: false,
    timeoutMs: 60_000,
    ...partial,
  };
  return Object.freeze(options);
}

/** Size limits for user files (bytes): larger files are refused with a message. */
export const LIMITS = {
  brief: 512 * 1024,
  yaml: 64 * 1024,
  template: 256 * 1024,
  /** A font or logo file of the brand. */
  asset: 4 * 1024 * 1024,
  /** An image file beside a brief (`briefs/<slug>/`). */
  figure: 2 * 1024 * 1024,
  /** Files read from one brief's figure folder. */
  figureFiles: 64,
} as const;

/** Ids of audiences, briefs (slugs) and partials. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
