/**
 * Step 1, plan: the matrix of editions (brief × audience), this shard's part of it, and which the cache already has.
 */
import { join } from "node:path";
import type { BuildOptions } from "../shared/options.js";
import type { Audience, BriefSource } from "../shared/model.js";
import type { LoadedTemplates } from "../load/templates.js";
import { declaredAudiences, readLangField, sourceTextInput } from "../load/front-matter.js";
import { warnNoReaders } from "../validate/languages.js";
import { packFor } from "../load/language-packs.js";
import type { Manifest } from "../publish/manifest.js";
import type { EditionResult } from "./report.js";
import { hashAll, onDisk, optionsKey, toolFingerprint, type CacheState } from "./cache.js";

/** One edition to build, and the result it fills in. */
export interface EditionJob {
  audience: Audience;
  /** The cache key of its inputs. */
  key: string;
  result: EditionResult;
}

/** A brief with editions to build. */
export interface BriefWork {
  source: BriefSource;
  jobs: EditionJob[];
}

/** What a build will do. */
export interface Plan {
  /** This shard's part of the matrix, in a stable order (slug, then audience): the editions this build owns. */
  owned: Set<string>;
  /** One result per owned edition (cached ones already filled in). */
  results: EditionResult[];
  /** Briefs with editions to build, by slug. */
  work: Map<string, BriefWork>;
}

/** Part `index` (1-based) of `count` of `matrix`: every count-th item, so parts differ in size by at most one. */
export function shardOf<T>(matrix: readonly T[], shard: { index: number; count: number } | undefined): T[] {
  return shard ? matrix.filter((_, i) => i % shard.count === shard.index - 1) : [...matrix];
}

/** Plans the editions `o` selects: cache hits (their artefacts still in `previous`) are done, the rest is work. */
export function planEditions(
  o: Readonly<BuildOptions>,
  templates: LoadedTemplates,
  sources: readonly BriefSource[],
  state: CacheState,
  previous: Manifest,
): Plan {
  const { brand, audiences: loaded, languages } = templates;
  const wantedAudience = (id: string) => o.audiences.length === 0 || o.audiences.includes(id);
  // An audience builds the briefs written in the languages it reads (a broken audience: every brief, to report it).
  const reads = (id: string, lang: string) => {
    const pack = packFor(lang, languages.packIds);
    return pack === undefined || (languages.readers[id] ?? [pack]).includes(pack);
  };
  const matrix: Array<{ source: BriefSource; audienceId: string }> = [];
  for (const source of sources) {
    const text = String(source.file.value);
    const declared = declaredAudiences(text, loaded.ids, reads);
    const lang = readLangField(text);
    const pack = packFor(lang, languages.packIds);
    if (declared.length === 0 && pack !== undefined) {
      const line = text.slice(0, Math.max(0, text.search(/^lang[ \t]*:/m))).split("\n").length;
      warnNoReaders(source.file, lang, pack, loaded.ids, languages, { line, column: 1 });
    }
    const ids = declared.filter(wantedAudience);
    for (const audienceId of ids) matrix.push({ source, audienceId });
  }
  const selected = shardOf(matrix, o.shard);

  const audienceById = new Map(loaded.audiences.map((a) => [a.id, a]));
  const tool = toolFingerprint(o.root);
  const results: EditionResult[] = [];
  const work = new Map<string, BriefWork>();
  for (const { source, audienceId } of selected) {
    const result: EditionResult = {
      brief: source.slug,
      audience: audienceId,
      status: "failed",
      warnings: [],
      ms: 0,
      artefacts: [],
    };
    results.push(result);
    const audience = audienceById.get(audienceId);
    if (!brand) result.failure = { cause: "input-errors", input: "brand", file: "templates/brand.yml" };
    else if (!audience)
      result.failure = { cause: "input-errors", input: "audience", file: `templates/audiences/${audienceId}` };
    if (!audience || !brand) continue;
    const briefPath = join(o.briefsDir, `${source.slug}.md`);
    const paper = sourceTextInput(briefPath, String(source.file.value)); // the build checks the brief against it
    const figures = (source.figures ?? []).map((f) => join(o.briefsDir, source.slug, f.name));
    const inputs = [briefPath, ...(paper ? [paper] : []), ...figures, ...audience.files, ...brand.files];
    const key = hashAll(inputs, [tool, optionsKey(o), source.slug, audience.id]);
    const cached = state.editions[`${audience.id}/${source.slug}`];
    if (!o.force && cached?.key === key && onDisk(o.outDir, cached.artefacts)) {
      // Cached when every format asked for was built from this key (a format not asked for may be there too).
      const kept = previous.artefacts.filter(
        (e) =>
          e.brief === source.slug &&
          e.audience === audience.id &&
          o.formats.includes(e.format) &&
          cached.artefacts[e.path] === e.sha256,
      );
      if (kept.length === o.formats.length) {
        const pages = kept.find((e) => e.pages !== undefined)?.pages;
        Object.assign(result, { status: "cached", artefacts: kept, pages, words: kept[0]?.words });
        continue;
      }
    }
    const entry = work.get(source.slug) ?? { source, jobs: [] };
    work.set(source.slug, entry);
    entry.jobs.push({ audience, key, result });
  }
  return { owned: new Set(selected.map((m) => `${m.audienceId}/${m.source.slug}`)), results, work };
}
