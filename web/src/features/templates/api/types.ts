import type { components } from '@/lib/api/schema.gen';

export type Template = components['schemas']['Template'];
export type TemplateSummary = components['schemas']['TemplateSummary'];
export type TemplateVersion = components['schemas']['TemplateVersion'];
export type TemplateVariable = components['schemas']['TemplateVariable'];
export type TemplateIssue = components['schemas']['TemplateIssue'];
export type TemplateValidation = components['schemas']['TemplateValidation'];
export type TemplateChannel = components['schemas']['TemplateChannel'];
export type TemplatePreview = components['schemas']['TemplatePreview'];
export type SmsInfo = components['schemas']['SmsInfo'];
export type VariableType = TemplateVariable['type'];

/** What the editor edits: a template's content, before it is saved as a version. */
export type TemplateDraft = {
  channel: TemplateChannel;
  subject: string;
  body: string;
  text: string;
  variables: TemplateVariable[];
};
export type RenderedTemplate = components['schemas']['RenderedTemplate'];
