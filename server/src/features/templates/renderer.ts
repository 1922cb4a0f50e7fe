/**
 * Template work off the event loop (issue 14, finding 1): parse, validate, preview and send-time
 * renders run in a small pool of worker threads, so a template that spends its whole budget
 * delays nobody else's request. Admission is bounded: an org has at most `perOrg` interactive
 * tasks (validate, preview, one-off send) in flight, at most `queue` interactive tasks wait for a
 * thread, and beyond either the caller gets `render_busy` (429, `Retry-After`). The send
 * pipeline's renders are never refused; they wait, and take a free thread before interactive ones.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { AppError } from '../../platform/errors.js';
import type { RenderContext, RenderedMessage, TemplateVersionContent } from './render.js';
import type { Outcome, RenderItem, RenderTask, TaskResult } from './render-worker.js';
import type { TemplateDraft, ValidateOptions, ValidationResult } from './validator.js';
import { DEFAULT_RENDER_BUDGET_MS, DEFAULT_SEND_RENDER_BUDGET_MS } from './limits.js';

export interface RendererOptions {
  /** Worker threads (default: the machine's available parallelism). */
  threads?: number;
  /** Interactive tasks that may wait for a thread before new ones get `render_busy`. */
  queue?: number;
  /** Interactive tasks one org may have in flight (running or waiting). */
  perOrg?: number;
  /** Time budget of one render of one template part for a user's request, in ms. */
  budgetMs?: number;
  /** The same for the send pipeline's renders. */
  sendBudgetMs?: number;
  /** A task still running this long after it started is stopped (its thread is replaced). */
  hardLimitMs?: number;
  /** Heap of each worker thread: a render that allocates past it fails instead of the server. */
  maxHeapMb?: number;
}

export const RETRY_AFTER_SECONDS = 1;

export const renderBusy = () =>
  new AppError('render_busy', 'Too many template renders are in progress. Try again in a moment.', {
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  });

/** Interactive template work, inside a place `withSlot` holds for its org. */
export interface RenderSlot {
  validate(draft: TemplateDraft, opts?: ValidateOptions): Promise<ValidationResult>;
  render(
    version: TemplateVersionContent,
    variables: Record<string, unknown>,
    context: RenderContext,
  ): Promise<RenderedMessage>;
}

type Lane = 'send' | 'interactive';
interface Job {
  task: RenderTask;
  hardLimitMs: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const toAppError = ({
  code,
  message,
  errors,
  extra,
}: Extract<Outcome<unknown>, { ok: false }>['error']) =>
  new AppError(code, message, { ...(errors && { errors }), ...(extra && { extra }) });

/** The worker file next to this one: TypeScript under tsx/vitest, JavaScript once built. */
function workerFile() {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(`./render-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
  const execArgv = fromSource
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : [];
  return { filename, execArgv };
}

/** Whether piscina stopped the task (time limit, out of memory, thread gone) rather than it failing. */
function stopped(error: unknown): string | undefined {
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.name === 'AbortError') return 'took longer than its time limit';
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'used more memory than allowed';
  if (e?.message === 'Terminating worker thread') return 'was stopped';
  return undefined;
}

export function createTemplateRenderer(options: RendererOptions = {}) {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const queueLimit = Math.max(0, options.queue ?? threads * 8);
  const perOrgLimit = Math.max(1, options.perOrg ?? 4);
  const budgetMs = options.budgetMs ?? DEFAULT_RENDER_BUDGET_MS;
  const sendBudgetMs = options.sendBudgetMs ?? DEFAULT_SEND_RENDER_BUDGET_MS;
  const hardLimitMs = options.hardLimitMs ?? Math.max(2_000, budgetMs * 20);
  /** A send batch may use each item's budget for each of its three parts, on top. */
  const batchLimitMs = (items: number) => hardLimitMs + items * 3 * sendBudgetMs;

  let pool: Piscina | undefined;
  /** Settles once the pool's threads have booted (see `warm`). */
  let ready: Promise<unknown> = Promise.resolve();
  let closed = false;
  let running = 0;
  const waiting: Record<Lane, Job[]> = { send: [], interactive: [] };
  const inFlight = new Map<string, number>();

  // Started on first use: most processes that build the services (tests, CLI commands) never render.
  const thePool = () => {
    if (!pool) {
      const { filename, execArgv } = workerFile();
      pool = new Piscina({
        filename,
        execArgv,
        minThreads: threads,
        maxThreads: threads,
        idleTimeout: 60_000,
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 128 },
      });
      warm(pool, threads);
    }
    return pool;
  };

  /** Time limits count once `count` threads have booted, not from a cold start. */
  function warm(booting: Piscina, count: number) {
    const booted = Promise.all(Array.from({ length: count }, () => booting.run({ kind: 'ping' })));
    booted.catch(() => {
      // A pool whose threads cannot boot is dropped; the next task tries a new one.
      if (pool === booting) pool = undefined;
      void booting.destroy();
    });
    ready = booted;
  }

  function start(job: Job) {
    running++;
    const current = thePool();
    ready
      .then(() => current.run(job.task, { signal: AbortSignal.timeout(job.hardLimitMs) }))
      .then(job.resolve, (error: unknown) => {
        // A stopped thread is replaced; the next task's clock starts once the new one is up.
        if (stopped(error) && current === pool) warm(current, 1);
        job.reject(error);
      })
      .finally(() => {
        running--;
        const next = waiting.send.shift() ?? waiting.interactive.shift();
        if (next) start(next);
      });
  }

  function submit<K extends RenderTask['kind']>(
    task: Extract<RenderTask, { kind: K }>,
    lane: Lane,
    limitMs = hardLimitMs,
  ): Promise<TaskResult<K>> {
    if (closed) return Promise.reject(new Error('The template renderer is closed.'));
    return new Promise((resolve, reject) => {
      const job: Job = {
        task,
        hardLimitMs: limitMs,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      if (running < threads) start(job);
      else waiting[lane].push(job);
    });
  }

  async function runInteractive<K extends RenderTask['kind']>(
    task: Extract<RenderTask, { kind: K }>,
  ): Promise<TaskResult<K>> {
    try {
      return await submit(task, 'interactive');
    } catch (error) {
      const why = stopped(error);
      if (why) throw new AppError('template_render_failed', `Rendering the template ${why}.`);
      throw error;
    }
  }

  const slot: RenderSlot = {
    validate: (draft, opts = {}) =>
      runInteractive({
        kind: 'validate',
        draft,
        options: { ...opts, renderBudgetMs: budgetMs },
      }) as Promise<ValidationResult>,
    async render(version, variables, context) {
      const [outcome] = (await runInteractive({
        kind: 'render',
        items: [{ version, variables, context }],
        budgetMs,
      })) as Outcome<RenderedMessage>[];
      if (!outcome!.ok) throw toAppError(outcome!.error);
      return outcome!.value;
    },
  };

  /**
   * Admits interactive work for `orgId` — or refuses it with `render_busy` before `work` reads
   * anything from the database — and holds the org's place until `work` settles.
   */
  async function withSlot<T>(orgId: string, work: (slot: RenderSlot) => Promise<T>): Promise<T> {
    const mine = inFlight.get(orgId) ?? 0;
    const mustWait = running >= threads;
    if (mine >= perOrgLimit || (mustWait && waiting.interactive.length >= queueLimit)) {
      throw renderBusy();
    }
    inFlight.set(orgId, mine + 1);
    try {
      return await work(slot);
    } finally {
      const left = (inFlight.get(orgId) ?? 1) - 1;
      if (left) inFlight.set(orgId, left);
      else inFlight.delete(orgId);
    }
  }

  /** Renders one batch in one task; if the task is stopped, each item alone, so only the culprit fails. */
  async function renderItems(items: RenderItem[]): Promise<Outcome<RenderedMessage>[]> {
    try {
      return await submit(
        { kind: 'render', items, budgetMs: sendBudgetMs },
        'send',
        batchLimitMs(items.length),
      );
    } catch (error) {
      const why = stopped(error);
      if (!why) throw error;
      if (items.length === 1) {
        return [
          {
            ok: false,
            error: { code: 'template_render_failed', message: `Rendering the template ${why}.` },
          },
        ];
      }
      const outcomes: Outcome<RenderedMessage>[] = [];
      for (const item of items) outcomes.push(...(await renderItems([item])));
      return outcomes;
    }
  }

  return {
    withSlot,

    /** `validateTemplate` in the pool, for a user's request: may refuse with `render_busy`. */
    validate: (orgId: string, draft: TemplateDraft, opts?: ValidateOptions) =>
      withSlot(orgId, (s) => s.validate(draft, opts)),

    /**
     * `renderForSend` in the pool, for a user's request (preview, one-off send): throws its
     * AppErrors, or `render_busy`.
     */
    render: (
      orgId: string,
      version: TemplateVersionContent,
      variables: Record<string, unknown>,
      context: RenderContext,
    ) => withSlot(orgId, (s) => s.render(version, variables, context)),

    /**
     * The send pipeline's renders: never refused, served before waiting interactive tasks. One
     * result per item, in order: the rendered message or the AppError it failed with.
     */
    async renderMany(items: RenderItem[]): Promise<(RenderedMessage | AppError)[]> {
      if (!items.length) return [];
      const outcomes = await renderItems(items);
      return outcomes.map((o) => (o.ok ? o.value : toAppError(o.error)));
    },

    /** Stops the threads; waiting tasks fail. Idempotent. */
    async close() {
      closed = true;
      for (const job of [...waiting.send, ...waiting.interactive]) {
        job.reject(new Error('The template renderer is closed.'));
      }
      waiting.send.length = 0;
      waiting.interactive.length = 0;
      const current = pool;
      pool = undefined;
      await current?.destroy();
    },

    /** For tests and metrics: what the renderer holds right now. */
    stats: () => ({
      threads,
      running,
      waiting: waiting.send.length + waiting.interactive.length,
    }),
  };
}

export type TemplateRenderer = ReturnType<typeof createTemplateRenderer>;
