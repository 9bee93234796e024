/**
 * `merge <dir>... [--out DIR]`: joins the output folders of sharded builds (`--shard i/n`) into one, with one manifest
 * and index.
 */
import { readFile, readdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { commandFlags } from "../flags.js";
import type { Io } from "../io.js";
import { resolveOptions } from "../../shared/options.js";
import { BriefError, messageOf } from "../../shared/errors.js";
import { loadTemplates } from "../../load/templates.js";
import { writeAtomic } from "../../publish/atomic.js";
import { lockOutDir } from "../../publish/lock.js";
import { mergeManifests, readManifest, sha256, type Manifest, type ManifestEntry } from "../../publish/manifest.js";
import { artefactFile, clearJournal, readCache, writeCache, type CacheState } from "../../build/cache.js";
import { writeManifestAndIndex } from "../../build/reconcile.js";
import { loadBrandAssets } from "../../load/brand-assets.js";
import { brandCoverage } from "../../load/font-coverage.js";
import { checkOutFolder } from "../out-folder.js";

const USAGE = `Usage: npm run brief -- merge <dir>... [--out <dir>] [--json]

Joins the output folders of sharded builds into one: copies every artefact each folder's
manifest.json lists (checking its sha256), the shared assets/, and the incremental cache,
then writes one manifest.json and index.html. Each <dir> is the out/ folder of one shard:

  npm run brief -- --shard 1/2 --out out-1
  npm run brief -- --shard 2/2 --out out-2
  npm run brief -- merge out-1 out-2 --out out

The merged manifest equals the one an unsharded build writes (same artefacts, same sha256).
`;

const FLAGS = { out: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

/** What a merge did. */
export interface MergeResult {
  manifest: Manifest;
  /** Files written into the output folder (artefacts and assets). */
  copied: number;
}

/** Runs `merge`; returns the exit code (2 for a usage error). */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = commandFlags(argv, FLAGS, USAGE, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0)
    throw new BriefError(`merge needs the output folders of the shards to join.\n\n${USAGE}`, 2);
  const root = resolve(io.cwd);
  const outDir = resolve(root, values.out ?? "out");
  checkOutFolder(root, outDir, values.out);
  const result = await mergeBuilds(
    root,
    positionals.map((d) => resolve(root, d)),
    outDir,
  );
  const summary = { ok: true, out: outDir, artefacts: result.manifest.artefacts.length, copied: result.copied };
  if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else
    io.stdout(
      `Merged ${result.manifest.artefacts.length} artefacts from ${positionals.length} ` +
        `folders into ${relative(root, outDir) || "."} (${result.copied} files copied; ` +
        `manifest.json, index.html).\n`,
    );
  return 0;
}

/**
 * Joins `dirs` (shard output folders) into `outDir`; throws a {@link BriefError} naming the folder and the fix when
 * they do not fit together.
 */
export async function mergeBuilds(root: string, dirs: readonly string[], outDir: string): Promise<MergeResult> {
  const name = (d: string) => relative(root, d) || d;
  const manifests: Manifest[] = [];
  for (const dir of dirs) {
    const m = await readManifest(dir);
    if (!m)
      throw new BriefError(
        `${name(dir)} holds no valid manifest.json (missing, or not one \`brief\` wrote: its paths must be ` +
          `audience/brief.format): give merge the --out folder of each shard's build.`,
        2,
      );
    if (manifests[0] && m.generator !== manifests[0].generator) {
      throw new BriefError(
        `${name(dir)} was built by ${m.generator}, ${name(dirs[0]!)} by ${manifests[0].generator}: ` +
          `build every shard with the same version.`,
      );
    }
    manifests.push(m);
  }
  // The same artefact in two shards must be the same bytes (else the shards were built from different inputs).
  const from = new Map<string, { entry: ManifestEntry; dir: string }>();
  manifests.forEach((m, i) => {
    for (const entry of m.artefacts) {
      const seen = from.get(entry.path);
      if (seen && seen.entry.sha256 !== entry.sha256) {
        throw new BriefError(
          `${entry.path} differs between ${name(seen.dir)} and ${name(dirs[i]!)}: build the ` +
            `shards from the same commit, options and SOURCE_DATE_EPOCH.`,
        );
      }
      from.set(entry.path, { entry, dir: dirs[i]! });
    }
  });
  const manifest = mergeManifests(manifests[0]!.generator, manifests);

  const release = await lockOutDir(outDir);
  try {
    let copied = 0;
    for (const { entry, dir } of from.values()) {
      if (entry.path.split("/").includes(".."))
        throw new BriefError(`${name(dir)}/manifest.json lists ${entry.path}, outside the folder.`);
      const source = contained(name(dir), dir, entry.path);
      const data = await readFile(source).catch((error: unknown) => {
        throw new BriefError(
          `${name(dir)}/${entry.path} is listed in its manifest but cannot be read (${messageOf(error)}): ` +
            `download the shard's whole folder.`,
        );
      });
      if (sha256(data) !== entry.sha256)
        throw new BriefError(
          `${name(dir)}/${entry.path} does not match the sha256 in its manifest: the file ` +
            `was changed or cut short. Rebuild or download that shard again.`,
        );
      const target = contained(name(outDir), outDir, entry.path);
      if (target !== source) {
        await writeAtomic(target, data);
        copied++;
      }
    }
    for (const dir of dirs) copied += await copyTree(join(dir, "assets"), join(outDir, "assets"));
    await writeCache(outDir, mergeCaches(dirs, outDir));
    const { brand, packs } = await loadTemplates(resolveOptions(root), { brand: "optional" });
    // The index pages embed fallback faces as a build's do, so that a merged out/ is the unsharded one, byte for byte.
    const assets = brand && (await loadBrandAssets(brand).catch(() => undefined));
    await writeManifestAndIndex(outDir, manifest, brand, packs, assets ? brandCoverage(assets.fonts) : undefined);
    await clearJournal(outDir);
    return { manifest, copied };
  } finally {
    await release();
  }
}

/** `path` (from a manifest) under `dir`, refused when its folder is a link that leads out of `dir`. */
function contained(shown: string, dir: string, path: string): string {
  try {
    return artefactFile(dir, path);
  } catch (error) {
    throw new BriefError(
      `${shown}/${path}: ${messageOf(error)}. Replace the link with the folder itself, or download the shard again.`,
    );
  }
}

/**
 * The shards' caches as one (so that a build into the merged folder rebuilds only what changed); no whole-build
 * fingerprint.
 */
function mergeCaches(dirs: readonly string[], outDir: string): CacheState {
  const merged: CacheState = { ...readCache(outDir), fingerprint: undefined };
  for (const dir of dirs) {
    const state = readCache(dir);
    Object.assign(merged.editions, state.editions);
    merged.extraInputs = [...new Set([...merged.extraInputs, ...state.extraInputs])].sort();
  }
  return merged;
}

/** Copies the files under `from` into `to` (atomically, skipping identical ones); returns how many were written. */
async function copyTree(from: string, to: string): Promise<number> {
  const entries = await readdir(from, { withFileTypes: true }).catch(() => []);
  let n = 0;
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const source = join(from, e.name);
    const target = join(to, e.name);
    if (e.isDirectory()) n += await copyTree(source, target);
    else if (e.isFile() && source !== target) {
      const data = await readFile(source);
      const existing = await readFile(target).catch(() => undefined);
      if (existing?.equals(data)) continue;
      await writeAtomic(target, data);
      n++;
    }
  }
  return n;
}
