/** The result of a build, as the CLI prints it and `--json` emits it. */
import type { VFile } from "vfile";
import type { ManifestEntry } from "../publish/manifest.js";
import type { EditionFailure, EditionWarning } from "../shared/problems.js";
import type { Budget } from "../validate/budgets.js";
import type { Consulted } from "./stamp.js";

/** What happened to one edition. */
export interface EditionResult {
  brief: string;
  audience: string;
  status: "built" | "cached" | "failed";
  /** Why it failed (the CLI words it). */
  failure?: EditionFailure;
  pages?: number;
  words?: number;
  budget?: Budget;
  /** Budget overruns and blocked requests. */
  warnings: EditionWarning[];
  ms: number;
  artefacts: ManifestEntry[];
}

/** The whole build. */
export interface BuildReport {
  ok: boolean;
  /** Nothing changed since the last build: no browser was launched. */
  upToDate: boolean;
  editions: EditionResult[];
  /** Files with messages (briefs, audience.yml, brand.yml), for the vfile reporter. */
  files: VFile[];
  ms: number;
  browserLaunched: boolean;
  /** An up-to-date build's: what it looked at, for the stamp that answers the same command next time (stamp.ts). */
  consulted?: Consulted;
}

/** Progress of a build, for the CLI's progress line. */
export interface Progress {
  done: number;
  total: number;
  current?: string | undefined;
}

/** Hooks the CLI (or a test) passes in. */
export interface BuildHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /**
   * Called once, before the first brief is parsed, with the briefs this build will render and whether it prints PDFs
   * (a cold or forced build as it starts, with every brief it selects; another once the cache has found work; an
   * up-to-date build never): the CLI tunes the process for the size of the build (see src/cli/compiler-tier.ts).
   */
  onWork?: (work: BuildWork) => void;
}

/** How much a build will do, as {@link BuildHooks.onWork} learns it. */
export interface BuildWork {
  /** Briefs to render. */
  briefs: number;
  /** True when the build prints PDFs. */
  pdf: boolean;
}
