/**
 * The template worker thread (run by piscina, see renderer.ts): parses, validates and renders
 * off the event loop. Errors come back as values, so an AppError keeps its code and details
 * across the thread boundary.
 */
import { setPriority } from 'node:os';
import { AppError, type ErrorCode, type FieldError } from '../../platform/errors.js';
import {
  renderForSend,
  type RenderContext,
  type RenderedMessage,
  type TemplateVersionContent,
} from './render.js';
import {
  validateTemplate,
  type TemplateDraft,
  type ValidateOptions,
  type ValidationResult,
} from './validator.js';

/** Niceness of a template thread (0 normal, 19 lowest). */
const WORKER_NICE = 10;

export interface RenderItem {
  version: TemplateVersionContent;
  variables: Record<string, unknown>;
  context: RenderContext;
}

export type RenderTask =
  | { kind: 'ping' }
  | { kind: 'validate'; draft: TemplateDraft; options: ValidateOptions }
  | { kind: 'render'; items: RenderItem[]; budgetMs: number };

export interface SerializedAppError {
  code: ErrorCode;
  message: string;
  errors?: FieldError[] | undefined;
  extra?: Record<string, unknown> | undefined;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedAppError };

export type TaskResult<K extends RenderTask['kind']> = K extends 'ping'
  ? null
  : K extends 'validate'
    ? ValidationResult
    : Outcome<RenderedMessage>[];

// On Linux a thread has its own nice value, and setpriority(0) sets the calling thread's: the
// event loop thread then wins the cores whenever both want them, so template work (one thread per
// core) slows down under load instead of the server's answers. Elsewhere it would renice the
// whole process, so it is not done.
if (process.platform === 'linux') {
  try {
    setPriority(WORKER_NICE);
  } catch {
    // Not permitted (some containers): the threads run at the process's priority.
  }
}

function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return {
      ok: false,
      error: { code: e.code, message: e.message, errors: e.errors, extra: e.extra },
    };
  }
}

export default function runTask(
  task: RenderTask,
): ValidationResult | Outcome<RenderedMessage>[] | null {
  switch (task.kind) {
    case 'ping':
      return null;
    case 'validate':
      return validateTemplate(task.draft, task.options);
    case 'render':
      return task.items.map((item) =>
        attempt(() =>
          renderForSend(item.version, item.variables, item.context, {
            renderBudgetMs: task.budgetMs,
          }),
        ),
      );
  }
}
