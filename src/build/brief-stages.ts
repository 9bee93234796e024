/**
 * The Markdown and template stages for one brief: parse and validate it once, then transform and render each edition.
 */
import type { Audience, Brand, Brief, BriefMeta, BriefSource, LanguageContext } from "../shared/model.js";
import { parseBrief } from "../validate/parse-brief.js";
import { transformBrief } from "../transform/transform.js";
import { drawCharts } from "../transform/charts/draw.js";
import { createRenderer, type Renderer, type WebLinks } from "../render/render.js";
import type { BrandAssets } from "../load/brand-assets.js";
import { InputError } from "../shared/errors.js";
import { problemOf, type EditionFailure } from "../shared/problems.js";
import { fontsForEdition } from "./edition-fonts.js";

/** What the stages need, loaded once per build (and once per worker thread). */
export interface StageContext {
  root: string;
  audienceIds: readonly string[];
  audiences: readonly Audience[];
  /** The language packs and the languages each audience reads. */
  languages: LanguageContext;
  brand: Brand;
  assets: BrandAssets;
  /** The code points the brand's own fonts cover (their character maps). */
  covered: number[];
}

/** One brief's work: which editions, in which forms. */
export interface BriefTask {
  audiences: string[];
  /** Render the HTML artefact (linked assets, or self-contained with `inline`). */
  html: boolean;
  /** Render the self-contained HTML the PDF is printed from. */
  pdf: boolean;
  inline: boolean;
  /** The brief already has errors (found while loading it): report its problems, build nothing. */
  blocked?: boolean;
}

/** One edition's rendered HTML, or why it failed. */
export interface EditionOutput {
  audience: string;
  words?: number;
  html?: string;
  pdfHtml?: string;
  failure?: EditionFailure;
}

/** A brief's result: its metadata when it is valid (problems are on its file), and its editions. */
export interface BriefOutcome {
  meta?: BriefMeta;
  editions: EditionOutput[];
  /** Time spent in these stages, in milliseconds. */
  ms: number;
}

/** Resolves on the event loop's next turn, after pending I/O callbacks (the browser's messages among them). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Renderers per audience (templates compiled once), or the error compiling them gave. */
export type RendererCache = Map<string, Renderer | Error>;

/** Parses `source` (problems go on `source.file`), draws its charts and renders the editions `task` asks for. */
export async function runBriefStages(
  source: BriefSource,
  task: BriefTask,
  ctx: StageContext,
  renderers: RendererCache,
): Promise<BriefOutcome> {
  const started = performance.now();
  const brief = parseBrief(source, ctx.audienceIds, ctx.languages);
  if (!brief || task.blocked) return { editions: [], ms: performance.now() - started };
  let drawn: Awaited<ReturnType<typeof drawCharts>>;
  try {
    const share = ctx.languages.packs[brief.pack]?.messages.chart_share ?? "Share (%)";
    drawn = await drawCharts(brief.charts, ctx.brand, { locale: brief.meta.lang ?? brief.pack, share });
  } catch (error) {
    const problem = problemOf("render", error);
    const editions = task.audiences.map((audience): EditionOutput => ({
      audience,
      failure: { cause: "render", problem },
    }));
    return { editions, ms: performance.now() - started };
  }
  const editions: EditionOutput[] = [];
  for (const id of task.audiences) {
    // Between editions, the event loop runs: on the main thread (builds of few briefs), Chromium's messages are
    // answered while briefs render, so that its launch and the printers' pages are not held up by a whole brief.
    await nextTurn();
    editions.push(renderEdition(id, brief, drawn, source, task, ctx, renderers));
  }
  return { meta: brief.meta, editions, ms: performance.now() - started };
}

/** One edition of a parsed brief: its HTML for the web and for print, or why it failed. */
function renderEdition(
  id: string,
  brief: Brief,
  drawn: Awaited<ReturnType<typeof drawCharts>>,
  source: BriefSource,
  task: BriefTask,
  ctx: StageContext,
  renderers: RendererCache,
): EditionOutput {
  const audience = ctx.audiences.find((a) => a.id === id);
  if (!audience)
    return { audience: id, failure: { cause: "input-errors", input: "audience", file: `templates/audiences/${id}` } };
  if (!brief.targets.includes(id))
    return { audience: id, failure: { cause: "not-targeted", file: source.file.path, audience: id } };
  try {
    const renderer = rendererFor(audience, ctx, renderers);
    const body = transformBrief(brief, audience, drawn);
    const htmlOptions = { inline: task.inline, web: webLinks(brief, id, task, ctx) };
    // The first page it needs, rendered without fallback faces, is also the probe: every character it prints must
    // be in a font, the brand's or a fallback subset. Only when a fallback is needed is it rendered again with
    // the subset, so an edition the brand's fonts cover is rendered once per form, as before the probe.
    const first = task.pdf ? renderer.render(brief, body, PRINT) : renderer.render(brief, body, htmlOptions);
    const fonts = fontsForEdition(first, brief, audience, ctx.brand, coveredBy(ctx));
    if (!fonts) return { audience: id, failure: { cause: "input-errors", input: "brief", file: source.file.path } };
    const extra = fonts.faces.length > 0 ? fonts : undefined;
    const out: EditionOutput = { audience: id, words: body.words };
    if (task.html) out.html = extra || task.pdf ? renderer.render(brief, body, htmlOptions, extra) : first;
    if (task.pdf) out.pdfHtml = extra ? renderer.render(brief, body, PRINT, extra) : first;
    return out;
  } catch (error) {
    // Templates fail with located input errors; anything else is the render stage's own failure.
    const failure: EditionFailure =
      error instanceof InputError
        ? { cause: "template", problem: problemOf("template", error) }
        : { cause: "render", problem: problemOf("render", error) };
    return { audience: id, failure };
  }
}

/** A printed memo's form: self-contained, but for the brand's fonts, which the print page serves (shared/served.ts). */
const PRINT = { inline: true, served: true } as const;

const coverage = new WeakMap<StageContext, Set<number>>();

function coveredBy(ctx: StageContext): Set<number> {
  let set = coverage.get(ctx);
  if (!set) coverage.set(ctx, (set = new Set(ctx.covered)));
  return set;
}

/** The web edition's links: the index, its PDF, its compare page and the brief's other editions. */
function webLinks(brief: Brief, id: string, task: BriefTask, ctx: StageContext): WebLinks {
  const editions = ctx.audiences
    .filter((a) => brief.targets.includes(a.id))
    .map((a) => ({ href: `../${a.id}/${brief.slug}.html`, name: a.edition, current: a.id === id }));
  return {
    index: "../index.html",
    pdf: task.pdf ? `${brief.slug}.pdf` : undefined,
    compare: editions.length > 1 ? `../compare/${brief.slug}.html` : undefined,
    editions,
  };
}

function rendererFor(audience: Audience, ctx: StageContext, renderers: RendererCache): Renderer {
  let r = renderers.get(audience.id);
  if (!r) {
    try {
      r = createRenderer(ctx.root, audience, ctx.brand, ctx.assets);
    } catch (error) {
      r = error instanceof Error ? error : new Error(String(error));
    }
    renderers.set(audience.id, r);
  }
  if (r instanceof Error) throw r;
  return r;
}
