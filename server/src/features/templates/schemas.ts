import { z } from 'zod';
import { ProblemSchema } from '../../platform/http/problem.js';
import { DisplayName, Timestamp } from '../../platform/http/schemas.js';
import { MAX_TEMPLATE_CHARS } from './engine.js';
import { TEMPLATE_ISSUE_CODES } from './issues.js';
import { CHANNELS, VARIABLE_TYPES } from './variables.js';

export const TemplateChannel = z.enum(CHANNELS).meta({ id: 'TemplateChannel' });

/** Names are checked by the validator (so the editor gets `variables[i].name` errors), not here. */
export const TemplateVariable = z
  .strictObject({
    name: z.string().max(200),
    type: z.enum(VARIABLE_TYPES),
    required: z.boolean().default(false),
    default: z.unknown().optional(),
    description: z.string().max(500).optional(),
  })
  .meta({ id: 'TemplateVariable' });

const Part = z.string().max(MAX_TEMPLATE_CHARS, `must be at most ${MAX_TEMPLATE_CHARS} characters`);
const Variables = z.array(TemplateVariable).max(100, 'at most 100 variables');

export const TemplateContentBody = {
  subject: Part.nullable().optional(),
  body: Part,
  text: Part.nullable().optional(),
  variables: Variables.default([]),
};

export const CreateTemplateBody = z.strictObject({
  name: DisplayName,
  channel: TemplateChannel,
  ...TemplateContentBody,
});
export type CreateTemplateBody = z.infer<typeof CreateTemplateBody>;

/** Fields left out keep their value from the latest version. */
export const UpdateTemplateBody = z.strictObject({
  name: DisplayName.optional(),
  subject: Part.nullable().optional(),
  body: Part.optional(),
  text: Part.nullable().optional(),
  variables: Variables.optional(),
});
export type UpdateTemplateBody = z.infer<typeof UpdateTemplateBody>;

const SampleValues = z.record(z.string(), z.unknown());

export const ValidateTemplateBody = z.strictObject({
  channel: TemplateChannel,
  ...TemplateContentBody,
  /** Values for the preview; declared defaults and samples fill the rest. */
  sampleValues: SampleValues.optional(),
});

export const TemplateIssue = z
  .object({
    code: z.enum(TEMPLATE_ISSUE_CODES),
    path: z.string(),
    message: z.string(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
  })
  .meta({ id: 'TemplateIssue' });

export const SmsInfo = z
  .object({
    encoding: z.enum(['GSM-7', 'UCS-2']),
    segments: z.number().int(),
    characters: z.number().int(),
  })
  .meta({ id: 'SmsInfo' });

export const RenderedTemplate = z
  .object({
    subject: z.string().optional(),
    body: z.string(),
    text: z.string().optional(),
    sms: SmsInfo.optional(),
  })
  .meta({ id: 'RenderedTemplate' });

export const TemplateValidation = z
  .object({
    valid: z.boolean(),
    errors: z.array(TemplateIssue),
    warnings: z.array(TemplateIssue),
    variablesUsed: z.array(z.string()),
    preview: RenderedTemplate.optional(),
  })
  .meta({ id: 'TemplateValidation' });

/** 422 `template_invalid`: the validator's errors, exactly as the validate endpoint reports them. */
export const TemplateInvalidProblem = ProblemSchema.extend({
  errors: z.array(TemplateIssue).optional(),
  warnings: z.array(TemplateIssue).optional(),
}).meta({ id: 'TemplateInvalidProblem' });

export const TemplateSummary = z
  .object({
    id: z.uuid(),
    name: z.string(),
    channel: TemplateChannel,
    latestVersion: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'TemplateSummary' });
export type TemplateSummary = z.infer<typeof TemplateSummary>;

export const TemplateVersion = z
  .object({
    id: z.uuid(),
    templateId: z.uuid(),
    version: z.number().int(),
    subject: z.string().nullable(),
    body: z.string(),
    text: z.string().nullable(),
    variables: z.array(TemplateVariable),
    restoredFrom: z.number().int().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'TemplateVersion' });
export type TemplateVersion = z.infer<typeof TemplateVersion>;

export const Template = TemplateSummary.extend({ current: TemplateVersion }).meta({
  id: 'Template',
});
export type Template = z.infer<typeof Template>;

export const TemplateListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
  channel: TemplateChannel.optional(),
});

export const PreviewTemplateBody = z.strictObject({
  variables: SampleValues.default({}),
  /** Render for this contact (their name, attributes and identities). */
  contactId: z.uuid().optional(),
  /** A version number; the latest by default. */
  version: z.number().int().min(1).max(2_147_483_647).optional(),
});
export type PreviewTemplateBody = z.infer<typeof PreviewTemplateBody>;

export const TemplatePreview = RenderedTemplate.extend({
  warnings: z.array(TemplateIssue),
}).meta({ id: 'TemplatePreview' });

export const TemplateParams = z.object({ orgId: z.string(), templateId: z.string() });
export const TemplateVersionParams = TemplateParams.extend({ versionId: z.string() });
