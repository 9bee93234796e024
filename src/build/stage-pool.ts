/** Runs the Markdown and template stages of many briefs: on worker threads for large builds, else on this thread. */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { VFile } from "vfile";
import type { BriefSource } from "../shared/model.js";
import type { BriefOutcome, BriefTask, RendererCache, StageContext } from "./brief-stages.js";
import { messageOf } from "../shared/errors.js";
import { fail, problemOf, type Problem } from "../shared/problems.js";

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

/**
 * Render threads started before the build knows its context (brand, templates): each loads the Markdown stages at
 * once, and waits for the context that {@link createStagePool} sends it. A cold build starts them beside Chromium,
 * while its own modules and templates load, so that the first brief is rendered sooner.
 */
export interface StartedThreads {
  /** Threads no pool has taken yet. */
  slots: Slot[];
  /** Stops the threads no pool took (a build that fails or finds no work before rendering). */
  close(): Promise<void>;
}

/** Starts `threads` render threads ahead of their pool (none where threads cannot run). */
export function startThreads(threads: number): StartedThreads {
  const slots = THREADS_AVAILABLE ? Array.from({ length: Math.max(0, threads) }, () => newSlot()) : [];
  return { slots, close: async () => void (await Promise.all(slots.splice(0).map((s) => s.worker.terminate()))) };
}

/** A render thread (the Markdown stages load as it starts); it is ready once it has them and its context. */
function newSlot(): Slot {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { kind: "brief-render" },
    resourceLimits: { maxOldGenerationSizeMb: POOL_LIMITS.memoryMb, maxYoungGenerationSizeMb: POOL_LIMITS.youngMb },
  });
  const ready = new Promise<boolean>((resolve) => {
    worker.once("message", (m: unknown) => resolve(m === "ready"));
    worker.once("exit", () => resolve(false));
    worker.once("error", () => resolve(false));
  });
  return { worker, ready, busy: false };
}

/**
 * A pool of `threads` workers (0: render on this thread, between other work), taking first the threads `started`
 * (any beyond `threads` are stopped).
 */
export async function createStagePool(
  ctx: StageContext,
  threads: number,
  started?: StartedThreads,
): Promise<StagePool> {
  const taken = started?.slots.splice(0, Math.max(0, threads)) ?? []; // none started where threads cannot run
  await started?.close(); // threads beyond those the plan needs
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
  return threadPool(shared, threads, taken);
}

/** How long one brief may take on a render thread, and how much memory a thread may use. */
export interface PoolLimits {
  /** Milliseconds from the moment a thread takes a brief; past it the thread is stopped and the brief fails. */
  deadlineMs: number;
  /** The V8 heap of a render thread, in MB; a brief that needs more stops its thread and fails. */
  memoryMb: number;
  /**
   * Its young generation, in MB. Parsing and transforming make short-lived objects by the million: with V8's default
   * (about 16 MB here) a render thread spent a seventh of its time collecting them. At 96 MB, 3,000 HTML memos took
   * 19.0 s against 22.0 s (medians of 3, alternated) and 27 s of CPU against 32 s, for 70 MB more peak memory.
   */
  youngMb: number;
}

/** The limits every render thread runs under (tests lower the deadline). */
export const POOL_LIMITS: PoolLimits = { deadlineMs: 60_000, memoryMb: 1024, youngMb: 96 };

/** One render thread: it takes one brief at a time; `ready` resolves once it has loaded the Markdown stages. */
interface Slot {
  worker: Worker;
  ready: Promise<boolean>;
  busy: boolean;
}

/**
 * Render threads, each taking one brief at a time under {@link POOL_LIMITS}: a brief that runs past the deadline
 * or out of memory stops its thread (a new one takes its place) and fails with a located error on the brief.
 */
function threadPool(shared: StageContext, threads: number, started: Slot[]): StagePool {
  let nextId = 0;
  let spawned = 0;
  const slots: Slot[] = [];
  const waiting: Array<(slot: Slot | undefined) => void> = [];
  let closed = false;
  const spawn = (): Slot | undefined => {
    if (closed || spawned >= threads * 4) return undefined; // a build that keeps killing threads stops replacing them
    spawned++;
    const slot = started.shift() ?? newSlot();
    slot.worker.postMessage({ ctx: shared });
    return slot;
  };
  for (let i = 0; i < threads; i++) slots.push(spawn()!);
  const take = (): Promise<Slot | undefined> => {
    const free = slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (slots.length === 0) return Promise.resolve(undefined);
    return new Promise((resolve) => waiting.push(resolve));
  };
  const give = (slot: Slot, healthy: boolean) => {
    let next: Slot | undefined = slot;
    if (!healthy) {
      void slot.worker.terminate();
      slots.splice(slots.indexOf(slot), 1);
      next = spawn();
      if (next) slots.push(next);
    }
    if (!next) {
      if (slots.length === 0) for (const w of waiting.splice(0)) w(undefined);
      return;
    }
    next.busy = false;
    const w = waiting.shift();
    if (w) {
      next.busy = true;
      w(next);
    }
  };
  return {
    threads,
    async run(source, task) {
      const slot = await take();
      if (!slot || !(await slot.ready)) {
        if (slot) give(slot, false);
        const reason =
          "every render thread stopped (out of memory?); run again, or build fewer briefs at once with --brief";
        return failAll(task, { rule: "render-thread", reason });
      }
      const id = nextId++;
      const request: Request = {
        id,
        slug: source.slug,
        path: source.file.path,
        cwd: source.file.cwd,
        text: String(source.file.value),
        figures: source.figures,
        task,
      };
      const reply = await new Promise<Reply | { id: number; stopped: string }>((resolve) => {
        // Listeners go once the reply is in, so the thread's next brief starts clean.
        const finish = (r: Reply | { id: number; stopped: string }) => {
          clearTimeout(timer);
          slot.worker.off("message", onMessage).off("exit", onExit).off("error", onError);
          resolve(r);
        };
        const onMessage = (r: Reply) => r.id === id && finish(r);
        const onExit = (code: number) => finish({ id, stopped: `exit code ${code}` });
        const onError = (error: Error) => finish({ id, stopped: messageOf(error) });
        slot.worker.on("message", onMessage).on("exit", onExit).on("error", onError);
        const timer = setTimeout(() => finish({ id, stopped: "deadline" }), POOL_LIMITS.deadlineMs);
        slot.worker.postMessage(request);
      });
      if (closed) return failAll(task, { rule: "render-thread", reason: "the build was stopped" });
      if ("stopped" in reply) {
        give(slot, false);
        const seconds = Math.round(POOL_LIMITS.deadlineMs / 1000);
        const reason =
          reply.stopped === "deadline"
            ? `${source.file.path} took longer than ${seconds} s to parse and render, and was stopped: simplify the ` +
              `brief (very long lists, deeply nested emphasis or links?).`
            : `${source.file.path} stopped its render thread (${reply.stopped}; out of memory?) and was not built: ` +
              `simplify the brief (very long lists, deeply nested emphasis or links?).`;
        fail(source.file, reason, { line: 1, column: 1 }, "brief-too-costly");
        return { editions: [], ms: POOL_LIMITS.deadlineMs };
      }
      give(slot, true);
      if ("error" in reply) return failAll(task, { rule: "render-thread", reason: reply.error });
      addMessages(source.file, reply.messages);
      return reply.outcome;
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w(undefined);
      await Promise.all(slots.map((s) => s.worker.terminate()));
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
  const stages = import("./brief-stages.js"); // loads while the build waits for its context
  const ctx = await new Promise<StageContext>((resolve) =>
    parentPort!.once("message", (m: { ctx: StageContext }) => resolve(m.ctx)),
  );
  const { runBriefStages } = await stages;
  const renderers: RendererCache = new Map();
  parentPort!.postMessage("ready"); // the deadline of a brief starts when it is taken, not while the stages load
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
