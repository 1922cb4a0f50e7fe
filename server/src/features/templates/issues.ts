/**
 * The codes `validateTemplate` reports. They live in the response of the validate endpoint and
 * in the `errors` of a 422 `template_invalid`; the web editor keys its messages and markers on them.
 */
export const TEMPLATE_ISSUE_CODES = [
  'template_syntax',
  'template_unknown_filter',
  'template_forbidden_tag',
  'template_undeclared_variable',
  'template_unused_required_variable',
  'template_unused_optional_variable',
  'template_not_a_list',
  'template_invalid_variable_name',
  'template_duplicate_variable',
  'template_invalid_default',
  'template_builtin_shadowed',
  'template_body_required',
  'template_subject_required',
  'template_subject_too_long',
  'template_field_not_allowed',
  'template_sms_too_many_segments',
  'template_too_long',
  'template_render_error',
  'template_loop_limit',
  'template_extra_variable',
] as const;
export type TemplateIssueCode = (typeof TEMPLATE_ISSUE_CODES)[number];

export interface TemplateIssue {
  code: TemplateIssueCode;
  /** `body`, `subject`, `text`, `variables[2].name`, … */
  path: string;
  message: string;
  /** 1-based, where the text is at fault. */
  line?: number;
  column?: number;
}
