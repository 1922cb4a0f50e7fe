import { createHash } from 'node:crypto';
import type { Template } from 'liquidjs';
import { AppError } from '../../platform/errors.js';
import { htmlEngine, MAX_OUTPUT_CHARS, parse, textEngine } from './engine.js';
import { loopLimitIssues } from './limits.js';
import { smsInfo, type SmsInfo } from './sms.js';
import {
  typeMismatch,
  type Channel,
  type ContactForTemplate,
  type DeclaredVariable,
} from './variables.js';

/** What a pinned template version holds: everything needed to render it, forever. */
export interface TemplateVersionContent {
  /** The version's id, when it has one: the parse cache is keyed by it. */
  id?: string;
  channel: Channel;
  subject: string | null;
  body: string;
  text: string | null;
  variables: DeclaredVariable[];
}

/** The organization as templates see it (`org.name`, `org.logo_url`: '' without a logo). */
export interface TemplateOrg {
  name: string;
  logo_url?: string;
}

export interface RenderContext {
  org: TemplateOrg;
  contact: ContactForTemplate | { name: string; attributes: unknown; identities: unknown[] };
  /** Email only: the recipient's unsubscribe link. */
  unsubscribeUrl?: string;
}

export interface RenderedMessage {
  subject?: string;
  body: string;
  text?: string;
  sms?: SmsInfo;
}

interface Compiled {
  subject?: Template[];
  body: Template[];
  text?: Template[];
}

const CACHE_SIZE = 500;
const cache = new Map<string, Compiled>();

function cacheKey(version: TemplateVersionContent): string {
  if (version.id) return version.id;
  return createHash('sha256')
    .update(JSON.stringify([version.channel, version.subject, version.body, version.text]))
    .digest('base64url');
}

function parseOrFail(channel: Channel, part: 'subject' | 'body' | 'text', text: string) {
  const result = parse(channel === 'email' && part === 'body' ? htmlEngine : textEngine, text);
  // Saved versions were validated; this only happens if the rules got stricter since.
  if (!result.ok) {
    throw new AppError('template_invalid', `The template's ${part} no longer parses.`, {
      errors: [{ path: part, message: result.failure.message }],
    });
  }
  // Versions saved before the loop limits existed are held to them at send time too.
  const overLimits = loopLimitIssues(result.templates);
  if (overLimits.length) {
    throw new AppError('template_invalid', `The template's ${part} exceeds the loop limits.`, {
      errors: overLimits.map((issue) => ({ path: part, message: issue.message })),
    });
  }
  return result.templates;
}

/** Parsed once per version and kept (versions are immutable, so the cache never goes stale). */
export function compileVersion(version: TemplateVersionContent): Compiled {
  const key = cacheKey(version);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit;
  }
  const compiled: Compiled = { body: parseOrFail(version.channel, 'body', version.body) };
  if (version.channel === 'email' && version.subject) {
    compiled.subject = parseOrFail(version.channel, 'subject', version.subject);
  }
  if (version.channel === 'email' && version.text) {
    compiled.text = parseOrFail(version.channel, 'text', version.text);
  }
  cache.set(key, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return compiled;
}

/**
 * The declared variables' values for one send: given values are type-checked, missing optional
 * ones take their default, and every missing required one is named in one
 * `template_missing_variable` error.
 */
export function resolveVariables(
  declared: DeclaredVariable[],
  given: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  const invalid: { path: string; message: string }[] = [];
  for (const v of declared) {
    const value = given[v.name];
    if (value === undefined || value === null) {
      if (v.default !== undefined) values[v.name] = v.default;
      else if (v.required) missing.push(v.name);
      continue;
    }
    const mismatch = typeMismatch(v.type, value);
    if (mismatch) invalid.push({ path: `variables.${v.name}`, message: mismatch });
    else values[v.name] = value;
  }
  if (missing.length) {
    throw new AppError(
      'template_missing_variable',
      `Missing required ${missing.length === 1 ? 'variable' : 'variables'}: ${missing.join(', ')}.`,
      {
        errors: missing.map((name) => ({ path: `variables.${name}`, message: 'is required' })),
        extra: { missing },
      },
    );
  }
  if (invalid.length) {
    throw new AppError('template_variable_invalid', 'Some variable values have the wrong type.', {
      errors: invalid,
    });
  }
  return values;
}

/**
 * Renders a pinned version for one recipient. The send-time entry point for messaging: throws
 * `template_missing_variable` (each missing required variable named), `template_variable_invalid`
 * or `template_render_failed`; fills optional variables from their defaults.
 */
export function renderForSend(
  version: TemplateVersionContent,
  variables: Record<string, unknown>,
  context: RenderContext,
  options: { renderBudgetMs?: number } = {},
): RenderedMessage {
  const compiled = compileVersion(version);
  const scope: Record<string, unknown> = {
    ...resolveVariables(version.variables, variables),
    contact: context.contact,
    org: context.org,
  };
  if (version.channel === 'email') scope.unsubscribe_url = context.unsubscribeUrl ?? '';

  const render = (part: 'subject' | 'body' | 'text', templates: Template[]) => {
    const engine = version.channel === 'email' && part === 'body' ? htmlEngine : textEngine;
    let out: string;
    try {
      out = engine.renderSync(
        templates,
        scope,
        options.renderBudgetMs ? { renderLimit: options.renderBudgetMs } : undefined,
      ) as string;
    } catch (e) {
      throw new AppError('template_render_failed', `Rendering the ${part} failed.`, {
        errors: [{ path: part, message: (e as Error).message }],
      });
    }
    if (out.length > MAX_OUTPUT_CHARS) {
      throw new AppError('template_render_failed', `The ${part} renders too much text.`, {
        errors: [{ path: part, message: `more than ${MAX_OUTPUT_CHARS} characters` }],
      });
    }
    return out;
  };

  const message: RenderedMessage = { body: render('body', compiled.body) };
  if (compiled.subject)
    message.subject = render('subject', compiled.subject).replace(/\s*[\r\n]+\s*/g, ' ');
  if (compiled.text) message.text = render('text', compiled.text);
  if (version.channel === 'sms') message.sms = smsInfo(message.body);
  return message;
}
