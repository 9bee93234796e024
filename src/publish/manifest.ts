/** out/manifest.json: one entry per artefact, always matching the files on disk. */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { readJson } from "./atomic.js";

/** An edition's name, "audience/slug". */
export const EDITION_KEY = /^[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * An artefact's path under out/: "audience/slug.format", nothing else. A manifest or cache is input (CI caches,
 * downloaded shards): a path that climbs out (`../victim`) or is absolute is refused before anything is deleted or
 * copied.
 */
export const ARTEFACT_PATH = /^[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9-]{0,63}\.(html|pdf)$/;

/** One artefact in out/ (keys in the order they are written). */
export const manifestEntrySchema = z
  .object({
    /** Path relative to out/: "audience/slug.format". */
    path: z.string().regex(ARTEFACT_PATH),
    brief: z.string(),
    title: z.string(),
    /** What the index page shows of the brief (absent in manifests of older builds). */
    subtitle: z.string().optional(),
    date: z.string().optional(),
    bluf: z.string().optional(),
    /** The language the brief is written in (BCP 47; absent in manifests of older builds). */
    lang: z.string().optional(),
    /** The edition's marking: the higher of the brief's and the audience's. */
    marking: z.string().optional(),
    audience: z.string(),
    edition: z.string(),
    format: z.enum(["html", "pdf"]),
    bytes: z.int().nonnegative(),
    pages: z.int().positive().optional(),
    words: z.int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .refine((e) => e.path === `${e.audience}/${e.brief}.${e.format}`, {
    message: "path must be audience/brief.format",
  });

/** The manifest file, out/manifest.json. */
const manifestSchema = z.object({ generator: z.string(), artefacts: z.array(manifestEntrySchema) });

/** One artefact in out/. */
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

/** The manifest file. */
export type Manifest = z.infer<typeof manifestSchema>;

/** Where the manifest of `outDir` lives. */
export const manifestPath = (outDir: string) => join(outDir, "manifest.json");

/** Reads and validates `outDir`'s manifest; undefined when it is missing, unreadable or not a manifest. */
export async function readManifest(outDir: string, trusted?: string): Promise<Manifest | undefined> {
  if (trusted) {
    // The manifest this tool last wrote (its hash is in the cache) needs no validation: 3,000 entries take 0.1 s.
    const text = await readFile(manifestPath(outDir), "utf8").catch(() => undefined);
    if (text !== undefined && sha256(text) === trusted) return JSON.parse(text) as Manifest;
  }
  return readJson(manifestPath(outDir), manifestSchema);
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
