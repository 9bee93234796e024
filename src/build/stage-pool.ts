/** Runs the Markdown and template stages of many briefs: on worker threads for large builds, else on this thread. */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { VFile } from "vfile";
import type { BriefSource } from "../shared/model.js";
import type { BriefOutcome, BriefTask, RendererCache, StageContext } from "./brief-stages.js";
import { messageOf } from "../shared/errors.js";
import { problemOf, type Problem } from "../shared/problems.js";

/** Renders briefs; problems land on each source's file. */
export interface StagePool {
  /** Worker threads in use (0: this thread). */
  threads: number;
  run(source: BriefSource, task: BriefTask): Promise<BriefOutcome>;
  close(): Promise<void>;
}

interface Request {
  id: number;
  slug: string;
  path: string;
  cwd: string;
  text: string;
  figures: BriefSource["figures"];
  task: BriefTask;
}
type Reply = { id: number; outcome: BriefOutcome; messages: MessageData[] } | { id: number; error: string };

/** True when worker threads can run this module (compiled JavaScript, not TypeScript under a test runner). */
export const THREADS_AVAILABLE = import.meta.url.endsWith(".js");

/** A pool of `threads` workers (0: render on this thread, between other work). */
export async function createStagePool(ctx: StageContext, threads: number): Promise<StagePool> {
  if (threads <= 0 || !THREADS_AVAILABLE) {
    // The Markdown stack loads here only when this thread renders (on threads, only the workers load it).
    const stages = await import("./brief-stages.js");
    const renderers: RendererCache = new Map();
    return {
      threads: 0,
      async run(source, task) {
        await new Promise((resolve) => setImmediate(resolve)); // let the browser's messages through first
        try {
          return await stages.runBriefStages(source, task, ctx, renderers);
        } catch (error) {
          return failAll(task, problemOf("render", error));
        }
      },
      async close() {},
    };
  }
  // Fonts and logo travel as data: URLs; their bytes stay here.
  const strip = <T extends { bytes: Buffer }>(a: T): T => ({ ...a, bytes: Buffer.alloc(0) });
  const shared: StageContext = { ...ctx, assets: { logo: strip(ctx.assets.logo), fonts: ctx.assets.fonts.map(strip) } };
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: Reply) => void; worker: Worker }>();
  const dead = new Set<Worker>();
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { kind: "brief-render", ctx: shared } });
    worker.on("message", (reply: Reply) => {
      pending.get(reply.id)?.resolve(reply);
      pending.delete(reply.id);
    });
    const fail = (error: unknown) => {
      dead.add(worker);
      for (const [id, p] of pending) {
        if (p.worker !== worker) continue;
        p.resolve({ id, error: `a render thread stopped: ${messageOf(error)}` });
        pending.delete(id);
      }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(`exit code ${code}`));
    return worker;
  });
  const load = (w: Worker) => [...pending.values()].filter((p) => p.worker === w).length;
  return {
    threads,
    async run(source, task) {
      const alive = workers.filter((w) => !dead.has(w));
      if (alive.length === 0) {
        const reason =
          "every render thread stopped (out of memory?); run again, or build fewer briefs " + "at once with --brief";
        return failAll(task, { rule: "render-thread", reason });
      }
      const worker = alive.reduce((a, b) => (load(b) < load(a) ? b : a));
      const id = nextId++;
      const reply = await new Promise<Reply>((resolve) => {
        pending.set(id, { resolve, worker });
        const request: Request = {
          id,
          slug: source.slug,
          path: source.file.path,
          cwd: source.file.cwd,
          text: String(source.file.value),
          figures: source.figures,
          task,
        };
        worker.postMessage(request);
      });
      if ("error" in reply) return failAll(task, { rule: "render-thread", reason: reply.error });
      addMessages(source.file, reply.messages);
      return reply.outcome;
    },
    async close() {
      workers.forEach((w) => dead.add(w));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Every edition of `task` failed with `problem`. */
function failAll(task: BriefTask, problem: Problem): BriefOutcome {
  return { editions: task.audiences.map((audience) => ({ audience, failure: { cause: "render", problem } })), ms: 0 };
}

/** A vfile message as plain data, to cross a thread boundary. */
export interface MessageData {
  reason: string;
  place?: unknown;
  ruleId?: string | undefined;
  source?: string | undefined;
  fatal?: boolean | null | undefined;
  note?: string | undefined;
  url?: string | undefined;
  actual?: string | undefined;
  expected?: string[] | undefined;
}

/** The messages of `file` from index `from` on, as plain data. */
export function messagesOf(file: VFile, from = 0): MessageData[] {
  return file.messages.slice(from).map((m) => ({
    reason: m.reason,
    place: m.place ?? undefined,
    ruleId: m.ruleId ?? undefined,
    source: m.source ?? undefined,
    fatal: m.fatal,
    note: m.note,
    url: m.url,
    actual: m.actual,
    expected: m.expected,
  }));
}

/** Adds messages (from {@link messagesOf}) to `file`. */
export function addMessages(file: VFile, messages: readonly MessageData[]): void {
  for (const d of messages) {
    const m = file.message(d.reason, { place: d.place as never, ruleId: d.ruleId, source: d.source });
    m.fatal = d.fatal;
    if (d.note !== undefined) m.note = d.note;
    if (d.url !== undefined) m.url = d.url;
    if (d.actual !== undefined) m.actual = d.actual;
    if (d.expected !== undefined) m.expected = d.expected;
  }
}

async function serve(): Promise<void> {
  const { runBriefStages } = await import("./brief-stages.js");
  const ctx = (workerData as { ctx: StageContext }).ctx;
  const renderers: RendererCache = new Map();
  parentPort!.on("message", async (r: Request) => {
    let reply: Reply;
    try {
      const file = new VFile({ path: r.path, cwd: r.cwd, value: r.text });
      const outcome = await runBriefStages({ slug: r.slug, file, figures: r.figures }, r.task, ctx, renderers);
      reply = { id: r.id, outcome, messages: messagesOf(file) };
    } catch (error) {
      reply = { id: r.id, error: messageOf(error) };
    }
    parentPort!.postMessage(reply);
  });
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === "brief-render") await serve();
