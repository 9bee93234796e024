/**
 * Step 5, reconcile the output folder: the manifest lists exactly the artefacts on disk, stale editions are removed,
 * the index, shared assets and cache are written. `merge` uses the same writers for its joined folder.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import pMap from "p-map";
import { join } from "node:path";
import type { BuildOptions } from "../shared/options.js";
import { GENERATOR } from "../shared/options.js";
import type { Brand } from "../shared/model.js";
import { AbortedError } from "../shared/errors.js";
import type { BrandAssets } from "../load/brand-assets.js";
import { jsonText, removePendingTemps, writeAtomic } from "../publish/atomic.js";
import { manifestPath, sha256, sortEntries, type Manifest, type ManifestEntry } from "../publish/manifest.js";
import {
  briefListings,
  comparePage,
  indexPage,
  ENGLISH_INDEX_WORDS,
  type BriefListing,
  type IndexLook,
} from "../publish/index-page.js";
import { packFor, type LoadedPacks } from "../load/language-packs.js";
import { editionFonts } from "../load/font-coverage.js";
import { fallbackFaceCss } from "../render/assets.js";
import { printedText } from "./edition-fonts.js";
import { artefactFile, buildFingerprint, clearJournal, hashNow, sizeOf, writeCache, type CacheState } from "./cache.js";
import type { EditionResult } from "./report.js";

/** What the build did, for the reconcile step. */
export interface Outcome {
  previous: Manifest;
  results: readonly EditionResult[];
  /** The editions ("audience/slug") this build (or this shard) owns. */
  owned: ReadonlySet<string>;
  brand?: Brand | undefined;
  /** The language packs, for the index page's words. */
  packs?: LoadedPacks | undefined;
  /** The code points the brand's fonts cover: the index pages embed fallback faces for the others. */
  covered?: ReadonlySet<number> | undefined;
  assets?: BrandAssets | undefined;
  state: CacheState;
  /** Source texts the briefs name (`source.text`): a change to one is a change to the build. */
  sourceTexts: readonly string[];
  /** True when the build succeeded: the cache may then say that nothing is left to do. */
  ok: boolean;
}

/**
 * Reconciles `o.outDir` with the build's `outcome`; throws {@link AbortedError} after an abort (the cache unwritten).
 */
export async function reconcileOutput(
  o: Readonly<BuildOptions>,
  outcome: Outcome,
  signal?: AbortSignal,
): Promise<void> {
  const { previous, results, owned, brand, assets, state } = outcome;
  // Publish the manifest, index, assets and cache, even after an abort: the manifest must match the disk.
  const built = new Set(results.filter((r) => r.status !== "failed").map((r) => `${r.audience}/${r.brief}`));
  const failed = new Set(results.filter((r) => r.status === "failed").map((r) => `${r.audience}/${r.brief}`));
  // A build of every brief and audience owns its folder (a shard owns its part of the matrix): editions
  // outside it are gone (or another shard's) and are removed. A build of some briefs keeps the others.
  const fullBuild = o.briefs.length === 0 && o.audiences.length === 0;
  const keep: ManifestEntry[] = [];
  for (const e of previous.artefacts) {
    const k = `${e.audience}/${e.brief}`;
    if (built.has(k)) {
      // Replaced by this build's entry:
      if (results.some((r) => `${r.audience}/${r.brief}` === k && r.artefacts.some((a) => a.path === e.path))) continue;
      // A format this build did not make (the PDF after `--format html` or `watch`): kept while it was built from
      // the same inputs (the edition's record still lists it) and is on disk as listed; else it is out of date and
      // removed, so out/ never offers a PDF of an older brief beside its new HTML.
      if (state.editions[k]?.artefacts[e.path] === e.sha256 && hashNow(artefactFile(o.outDir, e.path)) === e.sha256)
        keep.push(e);
      else {
        await rm(artefactFile(o.outDir, e.path), { force: true });
        if (state.editions[k]) delete state.editions[k].artefacts[e.path];
      }
      continue;
    }
    if (fullBuild && !owned.has(k) && !failed.has(k)) {
      await rm(artefactFile(o.outDir, e.path), { force: true });
      delete state.editions[k];
      continue;
    }
    // An entry is kept only for the file it describes: one changed or cut short by an interrupted build is dropped
    // (with its cache entry, so the edition is built again).
    if (hashNow(artefactFile(o.outDir, e.path)) === e.sha256) keep.push(e);
    else delete state.editions[k];
  }
  const artefacts = sortEntries([...keep, ...results.flatMap((r) => r.artefacts)]);
  const manifest = { generator: GENERATOR, artefacts };
  const manifestSha = await writeManifestAndIndex(o.outDir, manifest, brand, outcome.packs, outcome.covered);
  if (assets && o.formats.includes("html") && !o.inline) await publishAssets(o.outDir, assets);
  const next: CacheState = {
    ...state,
    manifest: manifestSha,
    extraInputs: [
      ...(brand ? brand.files.filter((f) => !f.startsWith(o.templatesDir)) : []),
      ...[...new Set(outcome.sourceTexts)].sort(),
    ],
  };
  if (signal?.aborted) {
    // What was published is recorded (no fingerprint: the next build looks at every edition again).
    await writeCache(o.outDir, { ...next, fingerprint: undefined });
    await clearJournal(o.outDir);
    await removePendingTemps();
    throw new AbortedError(signal.reason === "SIGINT" ? "SIGINT" : "SIGTERM");
  }
  const strictWarnings = o.strict && results.some((r) => r.warnings.length > 0);
  next.fingerprint = outcome.ok && !strictWarnings ? buildFingerprint(o, next.extraInputs) : undefined;
  await writeCache(o.outDir, next);
  await clearJournal(o.outDir);
}

/**
 * The index pages' look: the brand's name and colour, and the words of the pack for `defaults.index.lang` (English
 * when that pack is missing or broken: its problem is already reported on the pack's or the brand's file).
 */
function indexLook(brand: Brand | undefined, packs: LoadedPacks | undefined): IndexLook {
  const wanted = brand?.indexLang ?? "en";
  const id = packs ? packFor(wanted, packs.ids) : undefined;
  const pack = (id !== undefined ? packs?.packs[id] : undefined) ?? packs?.packs.en;
  return {
    name: brand?.name ?? "Memos",
    primary: brand?.colors.primary ?? "#1f3a5f",
    lang: pack && id !== undefined ? wanted : "en",
    words: pack?.messages ?? ENGLISH_INDEX_WORDS,
  };
}

/** Writes `manifest` and the index page that lists it, in the brand's name and colour; returns the manifest's sha256. */
export async function writeManifestAndIndex(
  outDir: string,
  manifest: Manifest,
  brand: Brand | undefined,
  packs: LoadedPacks | undefined,
  covered?: ReadonlySet<number>,
): Promise<string> {
  const text = jsonText(manifest);
  await writeAtomic(manifestPath(outDir), text);
  const withFonts = pageRenderer(brand, packs, covered);
  await writeAtomic(
    join(outDir, "index.html"),
    withFonts((l) => indexPage(manifest, l)),
  );
  // A compare page per brief with more than one HTML edition; those of briefs gone or down to one are removed.
  const compare = join(outDir, "compare");
  const wanted = new Set<string>();
  const pages = briefListings(manifest).filter(hasComparePage);
  // Written a dozen at a time, and only when changed: each write waits on the disk (a thousand pages one by one took
  // two seconds of a large build, the processor idle). A build has written most of them already, as each brief was
  // done (writeComparePageEarly): they are only checked here.
  await pMap(
    pages,
    async (b) => {
      wanted.add(`${b.slug}.html`);
      await writeComparePage(outDir, b, withFonts);
    },
    { concurrency: 16 },
  );
  const present = existsSync(compare) ? await readdir(compare) : [];
  for (const f of present) if (f.endsWith(".html") && !wanted.has(f)) await rm(join(compare, f), { force: true });
  return sha256(text);
}

/** Renders an index or compare page in the brand's look. */
export type PageRenderer = (page: (l: IndexLook) => string) => string;

/**
 * The index pages' renderer: a page whose text the brand's fonts lack (a Chinese title) gets the fallback faces that
 * cover it, as a memo does.
 */
export function pageRenderer(
  brand: Brand | undefined,
  packs: LoadedPacks | undefined,
  covered: ReadonlySet<number> | undefined,
): PageRenderer {
  const look = indexLook(brand, packs);
  return (page) => {
    const plain = page(look);
    if (!brand || !covered) return plain;
    const fonts = editionFonts(brand, covered, printedText(plain), { exact: true });
    return fonts.faces.length === 0
      ? plain
      : page({ ...look, fonts: { css: fallbackFaceCss(fonts.faces), families: fonts.families } });
  };
}

const hasComparePage = (b: BriefListing) => b.editions.filter((e) => e.html).length >= 2;

/** Writes the compare page of `listing` into out/compare/, unless the page there is already the same. */
async function writeComparePage(outDir: string, listing: BriefListing, render: PageRenderer): Promise<void> {
  const path = join(outDir, "compare", `${listing.slug}.html`);
  const html = render((l) => comparePage(listing, l));
  if (sizeOf(path) !== Buffer.byteLength(html) || (await readFile(path, "utf8").catch(() => "")) !== html)
    await writeAtomic(path, html);
}

/**
 * Writes one brief's compare page from its editions' manifest `entries` while the build goes on, so that its write
 * waits on the disk beside the rendering instead of after it. Ahead of the manifest: {@link writeManifestAndIndex}
 * checks every page against the final manifest (rewriting one that differs, removing one no longer wanted), so the
 * page only needs to be right in the usual case. Never throws (a page not written here is written there).
 */
export async function writeComparePageEarly(
  outDir: string,
  entries: readonly ManifestEntry[],
  render: PageRenderer,
): Promise<void> {
  const [listing] = briefListings({ generator: GENERATOR, artefacts: sortEntries([...entries]) });
  if (listing && hasComparePage(listing)) await writeComparePage(outDir, listing, render).catch(() => undefined);
}

/** Writes the brand's logo and fonts into out/assets/, skipping those already there. */
async function publishAssets(outDir: string, assets: BrandAssets): Promise<void> {
  for (const a of [assets.logo, ...assets.fonts]) {
    const path = join(outDir, a.outPath);
    if (sizeOf(path) === a.bytes.byteLength) continue;
    await writeAtomic(path, a.bytes);
  }
}
