/**
 * Step 4, publish edition: check its budgets, then write its artefacts as a unit (all of them, or none when it failed).
 */
import type { BuildOptions } from "../shared/options.js";
import { editionMarking, type Format } from "../shared/model.js";
import { problemOf, type EditionWarning } from "../shared/problems.js";
import { editionBudget, isOver, pageCap } from "../validate/budgets.js";
import { writeAtomicAll } from "../publish/atomic.js";
import { sha256, type ManifestEntry } from "../publish/manifest.js";
import { artefactFile, type CacheState, type Journal } from "./cache.js";
import type { RenderedEdition } from "./render-briefs.js";

/**
 * Publishes `item` (printed, or failed while printing) into `o.outDir` and records it in `state` and `journal`; never
 * throws.
 */
export async function publishEdition(
  o: Readonly<BuildOptions>,
  item: RenderedEdition,
  state: CacheState,
  journal: Journal,
  finished: (name: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const { job, meta, out, slug } = item;
  const { audience, result } = job;
  const name = `${audience.id}/${slug}`;
  const t0 = performance.now();
  try {
    if (result.failure) return fail();
    const words = out.words ?? 0;
    result.words = words;
    const budget = editionBudget(meta, audience);
    result.budget = budget;
    if (isOver(words, budget.words)) result.warnings.push({ rule: "word-budget", actual: words, budget: budget.words });
    const outputs: Array<{ format: Format; data: Uint8Array; pages?: number }> = [];
    // Encoded once: its size, its hash and the file are taken from the same bytes.
    if (out.html !== undefined) outputs.push({ format: "html", data: Buffer.from(out.html) });
    if (item.pdf) {
      outputs.push({ format: "pdf", data: item.pdf.bytes, pages: item.pdf.pages });
      result.pages = item.pdf.pages;
      const pages = item.pdf.pages;
      const cap = pageCap(budget);
      if (pages > cap) return fail({ cause: "page-cap", pages, cap, estimated: false });
      if (isOver(pages, budget.pages))
        result.warnings.push({ rule: "page-budget", actual: pages, budget: budget.pages });
    }
    const overruns = result.warnings.filter((w): w is EditionWarning => w.rule !== "blocked-request");
    if (o.strict && overruns.length > 0) return fail({ cause: "over-budget", overruns });
    if (signal?.aborted) return;
    const artefacts: ManifestEntry[] = outputs.map((output) => ({
      path: `${audience.id}/${slug}.${output.format}`,
      brief: slug,
      title: meta.title,
      subtitle: meta.subtitle,
      date: meta.date,
      bluf: meta.bluf,
      lang: meta.lang,
      marking: editionMarking(meta.marking, audience.marking),
      audience: audience.id,
      edition: audience.edition,
      format: output.format,
      bytes: output.data.byteLength,
      ...(output.pages !== undefined ? { pages: output.pages } : {}),
      words,
      sha256: sha256(output.data),
    }));
    try {
      // Both files or neither: each is staged whole before either replaces the previous one.
      await writeAtomicAll(artefacts.map((a, i) => ({ path: artefactFile(o.outDir, a.path), data: outputs[i]!.data })));
      // Recorded at once: a build killed before it writes the manifest and cache loses nothing.
      await journal.append(name, job.key, artefacts);
    } catch (error) {
      return fail({ cause: "write", problem: problemOf("write", error) });
    }
    result.artefacts = artefacts;
    result.status = "built";
    // A format not built this time stays recorded when it was built from the same key (it is still current).
    const before = state.editions[name];
    const current = before?.key === job.key ? before.artefacts : {};
    state.editions[name] = {
      key: job.key,
      artefacts: { ...current, ...Object.fromEntries(artefacts.map((a) => [a.path, a.sha256])) },
    };
  } finally {
    result.ms = item.ms + performance.now() - t0;
    finished(name);
  }

  function fail(failure = result.failure): void {
    result.status = "failed";
    result.failure = failure;
    result.artefacts = [];
  }
}
