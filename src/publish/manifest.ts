/** out/manifest.json: one entry per artefact, always matching the files on disk. */
import { createHash } from "node:crypto";
import type { Format } from "../shared/model.js";

/** One artefact in out/. */
export interface ManifestEntry {
  /** Path relative to out/, with forward slashes. */
  path: string;
  brief: string;
  title: string;
  audience: string;
  edition: string;
  format: Format;
  bytes: number;
  pages?: number;
  words: number;
  sha256: string;
}

/** The manifest file. */
export interface Manifest {
  generator: string;
  artefacts: ManifestEntry[];
}

/** sha256 of `data`, hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Orders entries by path (stable output for reproducible builds and merges). */
export function sortEntries(entries: ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Joins manifests (e.g. of CI shards): later entries win for the same path. */
export function mergeManifests(generator: string, manifests: Manifest[]): Manifest {
  const byPath = new Map<string, ManifestEntry>();
  for (const m of manifests) for (const e of m.artefacts) byPath.set(e.path, e);
  return { generator, artefacts: sortEntries([...byPath.values()]) };
}
