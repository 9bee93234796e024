/** The result of a build, as the CLI prints it and `--json` emits it. */
import type { VFile } from "vfile";
import type { ManifestEntry } from "../publish/manifest.js";

/** What happened to one edition. */
export interface EditionResult {
  brief: string;
  audience: string;
  status: "built" | "cached" | "failed";
  /** Why it failed, with the file and the fix. */
  error?: string;
  pages?: number;
  words?: number;
  budget?: { pages?: number | undefined; words?: number | undefined };
  /** Budget overruns and blocked requests. */
  warnings: string[];
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
}
