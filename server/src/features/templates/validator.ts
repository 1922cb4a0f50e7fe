import type { Liquid, Template } from 'liquidjs';
import { analyzeTemplate, positionsIn } from './analysis.js';
import { htmlEngine, parse, textEngine, type ParseFailure, type Position } from './engine.js';
import type { TemplateIssue, TemplateIssueCode } from './issues.js';
import { loopLimitIssues } from './limits.js';
import { DEFAULT_MAX_SMS_SEGMENTS, smsInfo, type SmsInfo } from './sms.js';
import {
  BUILTIN_FIELDS,
  BUILTIN_ROOTS,
  builtinAvailable,
  SAMPLE_CONTACT,
  SAMPLE_UNSUBSCRIBE_URL,
  sampleValue,
  typeMismatch,
  VARIABLE_NAME_RE,
  type Channel,
  type DeclaredVariable,
} from './variables.js';

export interface TemplateDraft {
  channel: Channel;
  subject?: string | null | undefined;
  body: string;
  text?: string | null | undefined;
  variables: DeclaredVariable[];
}

export interface ValidateOptions {
  maxSmsSegments?: number;
  /** Values to preview with, by variable name; declared defaults and samples fill the rest. */
  sampleValues?: Record<string, unknown>;
  org?: { name: string };
  /** Time budget of each part's sample render, in ms (default: the engine's). */
  renderBudgetMs?: number;
}

export interface RenderedPreview {
  subject?: string;
  body: string;
  text?: string;
  sms?: SmsInfo;
}

export interface ValidationResult {
  valid: boolean;
  errors: TemplateIssue[];
  warnings: TemplateIssue[];
  /** Declared variables and built-ins the template refers to (root names), sorted. */
  variablesUsed: string[];
  /** The template rendered with sample values, whenever every part parses within the loop limits. */
  preview?: RenderedPreview;
}

/** Character limits of the chat channels, measured on the rendered sample. */
export const CHANNEL_MAX_CHARS: Partial<Record<Channel, number>> = {
  telegram: 4096,
  whatsapp: 4096,
  instagram: 1000,
};
export const EMAIL_SUBJECT_MAX_CHARS = 998;

type Part = 'subject' | 'body' | 'text';

const PARSE_CODES: Record<ParseFailure['kind'], TemplateIssueCode> = {
  syntax: 'template_syntax',
  unknown_filter: 'template_unknown_filter',
  forbidden_tag: 'template_forbidden_tag',
};

const engineFor = (channel: Channel, part: Part): Liquid =>
  channel === 'email' && part === 'body' ? htmlEngine : textEngine;

const rootOf = (expression: string) => /^[A-Za-z_][\w-]*/.exec(expression)?.[0];
const countChars = (s: string) => [...s].length;

/**
 * The one place template rules live: create, update, the validate endpoint and sending all call
 * it. Reports every problem it can find at once, each with a stable code and where it is.
 */
export function validateTemplate(
  draft: TemplateDraft,
  options: ValidateOptions = {},
): ValidationResult {
  const errors: TemplateIssue[] = [];
  const warnings: TemplateIssue[] = [];
  const error = (code: TemplateIssueCode, path: string, message: string, at?: Position) =>
    errors.push({ code, path, message, ...(at && { line: at.line, column: at.column }) });
  const { channel } = draft;

  // --- Declared variables ----------------------------------------------------------------------
  const declared = new Map<string, DeclaredVariable>();
  draft.variables.forEach((v, i) => {
    const path = `variables[${i}]`;
    if (!VARIABLE_NAME_RE.test(v.name)) {
      error(
        'template_invalid_variable_name',
        `${path}.name`,
        `"${v.name}" is not a variable name: use letters, digits and _ (not first), at most 64.`,
      );
      return;
    }
    if ((BUILTIN_ROOTS as readonly string[]).includes(v.name)) {
      error(
        'template_builtin_shadowed',
        `${path}.name`,
        `"${v.name}" is built in and cannot be declared.`,
      );
      return;
    }
    if (declared.has(v.name)) {
      error('template_duplicate_variable', `${path}.name`, `"${v.name}" is declared twice.`);
      return;
    }
    if (v.default !== undefined) {
      const mismatch = typeMismatch(v.type, v.default);
      if (mismatch) error('template_invalid_default', `${path}.default`, `Default ${mismatch}.`);
    }
    declared.set(v.name, v);
  });

  // --- Which parts the channel has -------------------------------------------------------------
  const parts: [Part, string][] = [];
  if (channel === 'email') {
    if (!draft.subject?.trim())
      error('template_subject_required', 'subject', 'Email needs a subject.');
    else parts.push(['subject', draft.subject]);
  } else {
    for (const part of ['subject', 'text'] as const) {
      if (draft[part] != null) {
        error('template_field_not_allowed', part, `Only email templates have a ${part}.`);
      }
    }
  }
  if (!draft.body.trim()) error('template_body_required', 'body', 'The body is empty.');
  parts.push(['body', draft.body]);
  if (channel === 'email' && draft.text != null && draft.text !== '')
    parts.push(['text', draft.text]);

  // --- Parse and analyse each part -------------------------------------------------------------
  const used = new Set<string>();
  const parsed = new Map<Part, Template[]>();
  let overLimits = false;
  for (const [part, text] of parts) {
    const engine = engineFor(channel, part);
    const result = parse(engine, text);
    if (!result.ok) {
      const { failure } = result;
      error(PARSE_CODES[failure.kind], part, failure.message, failure.at);
      continue;
    }
    parsed.set(part, result.templates);
    const analysis = analyzeTemplate(result.templates);
    const positionOf = positionsIn(text);

    // Checked before any render: a part that asks for too much work is never rendered.
    for (const issue of loopLimitIssues(result.templates)) {
      overLimits = true;
      error('template_loop_limit', part, issue.message, positionOf(issue.offset));
    }

    for (const occurrence of analysis.globals) {
      const root = occurrence.root!;
      const path = occurrence.text;
      if (declared.has(root)) {
        used.add(root);
      } else if ((BUILTIN_ROOTS as readonly string[]).includes(root)) {
        const at = positionOf(occurrence.offset);
        if (!builtinAvailable(root, channel)) {
          error(
            'template_undeclared_variable',
            part,
            `"${root}" exists only in email templates.`,
            at,
          );
          continue;
        }
        used.add(root);
        const fields = BUILTIN_FIELDS[root];
        const field = occurrence.field;
        if (fields && typeof field === 'string' && !fields.includes(field)) {
          error(
            'template_undeclared_variable',
            part,
            `"${path}" is not available: ${root} has ${fields.map((f) => `${root}.${f}`).join(', ')}.`,
            at,
          );
        }
      } else {
        error(
          'template_undeclared_variable',
          part,
          `"${path}" is not a declared variable. Declare "${root}" or correct the name.`,
          positionOf(occurrence.offset),
        );
      }
    }

    for (const local of analysis.locals) {
      if (!(BUILTIN_ROOTS as readonly string[]).includes(local.name)) continue;
      error(
        'template_builtin_shadowed',
        part,
        `"${local.name}" is built in and cannot be assigned.`,
        positionOf(local.offset),
      );
    }

    for (const loop of analysis.loops) {
      const root = rootOf(loop.collection);
      if (!root) continue;
      const variable = declared.get(root);
      const isDeclaredNonList = variable && loop.collection === root && variable.type !== 'list';
      const isBuiltinNonList =
        !variable &&
        (BUILTIN_ROOTS as readonly string[]).includes(root) &&
        loop.collection !== 'contact.identities' &&
        !loop.collection.startsWith('contact.attributes.');
      if (isDeclaredNonList || isBuiltinNonList) {
        const kind = variable ? `a ${variable.type}` : 'not a list';
        error(
          'template_not_a_list',
          part,
          `"${loop.collection}" is ${kind}; a for loop needs a variable of type list.`,
          positionOf(loop.offset),
        );
      }
    }
  }

  // --- Declared but never used (unknowable while a part does not parse) ------------------------
  const allParsed = parsed.size === parts.length;
  draft.variables.forEach((v, i) => {
    if (!allParsed || declared.get(v.name) !== v || used.has(v.name)) return;
    const issue = {
      path: `variables[${i}].name`,
      message: `"${v.name}" is declared but the template never uses it.`,
    };
    if (v.required) errors.push({ code: 'template_unused_required_variable', ...issue });
    else warnings.push({ code: 'template_unused_optional_variable', ...issue });
  });

  // --- Render the sample and check the channel's limits ----------------------------------------
  let preview: RenderedPreview | undefined;
  if (allParsed && !overLimits) {
    preview = renderSample(draft, declared, parsed, options, error);
    if (preview) checkLimits(channel, preview, options, error);
  }

  return {
    valid: errors.length === 0,
    errors: sortIssues(errors),
    warnings: sortIssues(warnings),
    variablesUsed: [...used].sort(),
    ...(preview && { preview }),
  };
}

function renderSample(
  draft: TemplateDraft,
  declared: Map<string, DeclaredVariable>,
  parsed: Map<Part, Template[]>,
  options: ValidateOptions,
  error: (code: TemplateIssueCode, path: string, message: string) => void,
): RenderedPreview | undefined {
  const scope: Record<string, unknown> = {};
  for (const v of declared.values()) {
    const given = options.sampleValues?.[v.name];
    scope[v.name] = given !== undefined && !typeMismatch(v.type, given) ? given : sampleValue(v);
  }
  scope.contact = SAMPLE_CONTACT;
  scope.org = options.org ?? { name: 'Sample Organization Name' };
  if (draft.channel === 'email') scope.unsubscribe_url = SAMPLE_UNSUBSCRIBE_URL;

  const out: Partial<Record<Part, string>> = {};
  for (const [part, templates] of parsed) {
    try {
      out[part] = engineFor(draft.channel, part).renderSync(
        templates,
        scope,
        options.renderBudgetMs ? { renderLimit: options.renderBudgetMs } : undefined,
      ) as string;
    } catch (e) {
      error('template_render_error', part, `Rendering the sample failed: ${(e as Error).message}`);
      return undefined;
    }
  }
  const preview: RenderedPreview = { body: out.body ?? '' };
  if (out.subject !== undefined) preview.subject = out.subject;
  if (out.text !== undefined) preview.text = out.text;
  if (draft.channel === 'sms') preview.sms = smsInfo(preview.body);
  return preview;
}

function checkLimits(
  channel: Channel,
  preview: RenderedPreview,
  options: ValidateOptions,
  error: (code: TemplateIssueCode, path: string, message: string) => void,
) {
  if (channel === 'email' && preview.subject !== undefined) {
    const n = countChars(preview.subject);
    if (n > EMAIL_SUBJECT_MAX_CHARS) {
      error(
        'template_subject_too_long',
        'subject',
        `The subject renders to ${n} characters with sample values; the limit is ${EMAIL_SUBJECT_MAX_CHARS}.`,
      );
    }
  }
  if (channel === 'sms' && preview.sms) {
    const max = options.maxSmsSegments ?? DEFAULT_MAX_SMS_SEGMENTS;
    if (preview.sms.segments > max) {
      error(
        'template_sms_too_many_segments',
        'body',
        `The message renders to ${preview.sms.segments} ${preview.sms.encoding} segments with sample values; the limit is ${max}.`,
      );
    }
  }
  const max = CHANNEL_MAX_CHARS[channel];
  if (max !== undefined) {
    const n = countChars(preview.body);
    if (n > max) {
      error(
        'template_too_long',
        'body',
        `The message renders to ${n} characters with sample values; ${channel} allows ${max}.`,
      );
    }
  }
}

const PART_ORDER = ['variables', 'subject', 'body', 'text'];
const sortIssues = (issues: TemplateIssue[]) =>
  issues.sort(
    (a, b) =>
      PART_ORDER.indexOf(a.path.replace(/\[.*$/, '')) -
        PART_ORDER.indexOf(b.path.replace(/\[.*$/, '')) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
