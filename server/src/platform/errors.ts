/**
 * Every error a client can see has a stable `code`. Services throw `AppError(code)`; the one
 * error handler (platform/http/error-handler.ts) maps the code to a status through this table
 * and writes application/problem+json. Anything else becomes a 500 `internal_error`.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, title: 'Invalid request' },
  malformed_json: { status: 400, title: 'Malformed JSON' },
  invalid_cursor: { status: 400, title: 'Invalid cursor' },
  invalid_date_range: { status: 400, title: 'Invalid date range' },
  invalid_idempotency_key: { status: 400, title: 'Invalid Idempotency-Key' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  invalid_credentials: { status: 401, title: 'Invalid email or password' },
  forbidden: { status: 403, title: 'Not allowed' },
  cross_origin_request: { status: 403, title: 'Cross-origin request refused' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  email_taken: { status: 409, title: 'Email already registered' },
  already_member: { status: 409, title: 'Already a member' },
  invitation_pending: { status: 409, title: 'Invitation already pending' },
  idempotency_key_reused: { status: 422, title: 'Idempotency-Key reused with another request' },
  idempotency_in_progress: {
    status: 409,
    title: 'A request with this Idempotency-Key is in progress',
  },
  last_owner: { status: 409, title: 'An organization needs an owner' },
  invitation_not_pending: { status: 410, title: 'Invitation no longer valid' },
  invitation_email_mismatch: { status: 403, title: 'Invitation is for another email' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  template_invalid: { status: 422, title: 'Template has errors' },
  template_missing_variable: { status: 422, title: 'Required template variable missing' },
  template_variable_invalid: { status: 422, title: 'Template variable has the wrong type' },
  template_render_failed: { status: 422, title: 'Template could not be rendered' },
  template_name_taken: { status: 409, title: 'Template name already in use' },
  invalid_phone: { status: 422, title: 'Invalid phone number' },
  invalid_email: { status: 422, title: 'Invalid email address' },
  invalid_telegram: { status: 422, title: 'Invalid Telegram id or username' },
  invalid_instagram: { status: 422, title: 'Invalid Instagram id or handle' },
  identity_conflict: { status: 409, title: 'Identity belongs to another contact' },
  merge_not_reversible: { status: 409, title: 'Merge can no longer be undone' },
  import_too_large: { status: 413, title: 'Import file too large' },
  invalid_import_file: { status: 422, title: 'Import file is not a usable CSV' },
  rate_limited: { status: 429, title: 'Too many requests' },
  channel_mismatch: { status: 422, title: 'Template and integration channels differ' },
  integration_unavailable: { status: 422, title: 'Integration cannot send' },
  no_identity: { status: 422, title: 'Contact has no address on this channel' },
  campaign_invalid_transition: { status: 409, title: 'Campaign cannot do that in its status' },
  campaign_not_editable: { status: 409, title: 'Campaign can no longer be changed' },
  campaign_not_draft: { status: 409, title: 'Only an unlaunched draft campaign can be deleted' },
  message_not_retryable: { status: 409, title: 'Message cannot be retried in its status' },
  sandbox_unavailable: { status: 422, title: 'The provider sandbox is not enabled' },
  webhook_not_registrable: { status: 409, title: 'Switchboard cannot register this webhook' },
  unsubscribe_link_invalid: { status: 400, title: 'Unsubscribe link is not valid' },
  internal_error: { status: 500, title: 'Internal error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    opts: {
      errors?: FieldError[];
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'AppError';
    this.code = code;
    this.errors = opts.errors;
    this.extra = opts.extra;
    this.headers = opts.headers;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found.`);
export const forbidden = (detail = 'Your role does not allow this action.') =>
  new AppError('forbidden', detail);
