/** One error code's entry: its HTTP status, a short title, and the reference page's text. */
export interface ErrorCodeDoc {
  status: number;
  title: string;
  /** What the error means, for the reference page (`/api/docs/problems`). */
  meaning: string;
  /** What the caller can do about it. */
  remedy: string;
}

/**
 * Every error a client can see has a stable `code`. Services throw `AppError(code)`; the one
 * error handler (platform/http/problem.ts) maps the code to a status through this table
 * and writes application/problem+json. Anything else becomes a 500 `internal_error`. Each code's
 * `type` URI is its entry on the instance's own reference page, `{PUBLIC_URL}/api/docs/problems#code`.
 */
export const ERROR_CODES = {
  validation_failed: {
    status: 400,
    title: 'Invalid request',
    meaning:
      'A parameter, query field or body field is missing, has the wrong type or is out of range; `errors` lists each field with its message.',
    remedy: 'Correct the fields named in `errors` and send the request again.',
  },
  malformed_json: {
    status: 400,
    title: 'Malformed JSON',
    meaning: 'The body is not valid JSON.',
    remedy: 'Send a well-formed JSON body with `Content-Type: application/json`.',
  },
  invalid_cursor: {
    status: 400,
    title: 'Invalid cursor',
    meaning:
      'The `cursor` query parameter was not issued by this endpoint, or the list changed shape since.',
    remedy:
      'Start again from the first page (no `cursor`) and use the `nextCursor` each page returns.',
  },
  invalid_date_range: {
    status: 400,
    title: 'Invalid date range',
    meaning: '`from`, `to`, `tz` or `granularity` cannot be read, or `from` is not before `to`.',
    remedy:
      'Send ISO 8601 instants (or dates), an IANA time zone and a supported granularity, with `from` before `to`.',
  },
  invalid_timezone: {
    status: 422,
    title: 'Unknown time zone',
    meaning: 'The time zone is not a name in the IANA time zone database this server runs with.',
    remedy: 'Send an IANA name such as `Europe/Berlin` or `America/New_York` (or `UTC`).',
  },
  range_inverted: {
    status: 422,
    title: 'Range ends before it starts',
    meaning: '`from` is not before `to` (`to` is exclusive, so they may not be equal either).',
    remedy: 'Send a `from` earlier than `to`.',
  },
  range_too_many_buckets: {
    status: 422,
    title: 'Too many buckets',
    meaning: 'The range divided by the granularity gives more buckets than one answer may hold.',
    remedy: 'Choose a coarser `granularity` (or a shorter range); `errors` names the count.',
  },
  invalid_idempotency_key: {
    status: 400,
    title: 'Invalid Idempotency-Key',
    meaning:
      'The `Idempotency-Key` header is empty, too long or has characters outside the allowed set.',
    remedy: 'Send a unique key of at most 255 visible ASCII characters, for example a UUID.',
  },
  unauthenticated: {
    status: 401,
    title: 'Authentication required',
    meaning: 'The request carries no valid session or API key, or it has expired or been revoked.',
    remedy: 'Sign in again, or send `Authorization: Bearer <api key>` with a current key.',
  },
  invalid_credentials: {
    status: 401,
    title: 'Invalid email or password',
    meaning: 'The email and password do not match an account.',
    remedy: 'Check both and try again; use password reset if you have forgotten the password.',
  },
  forbidden: {
    status: 403,
    title: 'Not allowed',
    meaning: 'You are signed in, but your role in this organization does not allow the action.',
    remedy: 'Ask an owner or admin of the organization to do it, or to give you a role that may.',
  },
  forbidden_role: {
    status: 403,
    title: 'Not allowed for your role',
    meaning:
      'Your role in this organization does not allow the action (the alerts API names it so; elsewhere it is `forbidden`).',
    remedy: 'Ask an owner or admin of the organization to do it, or to give you a role that may.',
  },
  cross_origin_request: {
    status: 403,
    title: 'Cross-origin request refused',
    meaning:
      'A cookie-authenticated request that changes state came from another origin, so it was refused as possible request forgery.',
    remedy:
      "Call the API from the app's own origin, or authenticate with an API key instead of the session cookie.",
  },
  not_found: {
    status: 404,
    title: 'Not found',
    meaning:
      'The resource does not exist, or it belongs to an organization you are not a member of.',
    remedy: 'Check the id and the organization in the path.',
  },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    meaning: 'The path exists but does not accept this HTTP method.',
    remedy: 'Use one of the methods the API reference lists for this path.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    meaning:
      "The change clashes with the resource's current state, for example a name already in use or an action already taken.",
    remedy: 'Reload the resource, then change the conflicting value or skip the action.',
  },
  email_taken: {
    status: 409,
    title: 'Email already registered',
    meaning: 'An account with this email address already exists.',
    remedy: 'Sign in with that email, or reset its password.',
  },
  already_member: {
    status: 409,
    title: 'Already a member',
    meaning: 'The person is already a member of this organization.',
    remedy: 'Change their role in the member list instead of inviting them.',
  },
  invitation_pending: {
    status: 409,
    title: 'Invitation already pending',
    meaning: 'An invitation to this email is already waiting to be accepted.',
    remedy: 'Resend or revoke the pending invitation in the member list.',
  },
  idempotency_key_reused: {
    status: 422,
    title: 'Idempotency-Key reused with another request',
    meaning: 'The `Idempotency-Key` was used before with a different request body or path.',
    remedy: 'Use a new key for a new request; reuse a key only to retry the identical request.',
  },
  idempotency_in_progress: {
    status: 409,
    title: 'A request with this Idempotency-Key is in progress',
    meaning: 'A request with the same `Idempotency-Key` is still being processed.',
    remedy: 'Wait a moment and retry with the same key to get its result.',
  },
  last_owner: {
    status: 409,
    title: 'An organization needs an owner',
    meaning: 'The change would leave the organization without an owner.',
    remedy: 'Make another member an owner first.',
  },
  invitation_not_pending: {
    status: 410,
    title: 'Invitation no longer valid',
    meaning: 'The invitation was accepted, revoked or has expired.',
    remedy: 'Ask an admin of the organization for a new invitation.',
  },
  token_invalid: {
    status: 410,
    title: 'Link expired or already used',
    meaning:
      'The password-reset or email-confirmation link is unknown, was already used, was replaced by a newer one, or has expired (30 minutes for a reset, 24 hours for a confirmation).',
    remedy: 'Ask for a new link and use the newest one you received.',
  },
  invitation_email_mismatch: {
    status: 403,
    title: 'Invitation is for another email',
    meaning: "The invitation was sent to another email address than the signed-in account's.",
    remedy: 'Sign in with the invited email address, or ask for an invitation to yours.',
  },
  payload_too_large: {
    status: 413,
    title: 'Request body too large',
    meaning: 'The request body is larger than this endpoint accepts.',
    remedy: 'Send a smaller body; split large imports into several files.',
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    meaning: "The body's `Content-Type` is not one this endpoint reads.",
    remedy: 'Send `application/json` (or `multipart/form-data` where the endpoint takes a file).',
  },
  unprocessable: {
    status: 422,
    title: 'Unprocessable request',
    meaning: 'The request is well-formed but cannot be carried out as asked; `detail` says why.',
    remedy: 'Change the request as `detail` describes.',
  },
  template_invalid: {
    status: 422,
    title: 'Template has errors',
    meaning:
      'The template has errors: undeclared or unused variables, unknown filters, syntax errors or channel limits; `errors` lists them.',
    remedy: 'Fix each error listed (the template editor shows them inline) and save again.',
  },
  template_missing_variable: {
    status: 422,
    title: 'Required template variable missing',
    meaning: 'A variable the template requires has no value and no default.',
    remedy:
      "Supply the variable (in the contact's data or the request), or give it a default in the template.",
  },
  template_variable_invalid: {
    status: 422,
    title: 'Template variable has the wrong type',
    meaning: "A variable's value does not have the type the template declares.",
    remedy: "Send a value of the declared type, or change the variable's declared type.",
  },
  template_render_failed: {
    status: 422,
    title: 'Template could not be rendered',
    meaning:
      'The template could not be rendered with the given data, for example it took too long.',
    remedy: 'Simplify the template (fewer or smaller loops) or check the sample data.',
  },
  template_name_taken: {
    status: 409,
    title: 'Template name already in use',
    meaning: 'Another template of this organization already has this name.',
    remedy: 'Choose another name, or open the existing template and save a new version of it.',
  },
  invalid_phone: {
    status: 422,
    title: 'Invalid phone number',
    meaning: 'The phone number cannot be parsed, or it is not a valid number for its region.',
    remedy:
      'Enter the number in international format (+ and country code), or set the right default region.',
  },
  invalid_region: {
    status: 422,
    title: 'Unknown region',
    meaning: 'The region is not an ISO 3166-1 alpha-2 code that the phone-number library knows.',
    remedy: 'Send a two-letter country code such as `DE`, `US` or `GB`.',
  },
  wrong_password: {
    status: 422,
    title: 'Current password is not correct',
    meaning: 'Changing the password needs the current one, and the one sent does not match.',
    remedy: 'Enter your current password again; sign out and reset it if you have forgotten it.',
  },
  logo_too_large: {
    status: 413,
    title: 'Logo file too large',
    meaning: 'The logo file is larger than 1 MB.',
    remedy: 'Export the logo smaller (fewer pixels, or PNG/WebP with more compression).',
  },
  logo_dimensions: {
    status: 422,
    title: 'Logo dimensions out of range',
    meaning:
      'The image is narrower or shorter than 32 px, or wider or taller than 2048 px (for an animated GIF: its first frame).',
    remedy: 'Resize the logo to between 32 and 2048 pixels on each side.',
  },
  logo_unsupported_type: {
    status: 415,
    title: 'Logo is not a supported image',
    meaning:
      'Judged by its content (not its name or declared type), the file is not a readable PNG, JPEG, WebP or GIF image; SVG and files that are also HTML are refused.',
    remedy: 'Upload the logo as a PNG, JPEG, WebP or GIF file.',
  },
  invalid_email: {
    status: 422,
    title: 'Invalid email address',
    meaning: 'The email address is not valid.',
    remedy: 'Check the address for typos: one @, a domain with a dot, no spaces.',
  },
  invalid_telegram: {
    status: 422,
    title: 'Invalid Telegram id or username',
    meaning: 'The Telegram value is neither a numeric chat id nor a valid @username.',
    remedy: 'Enter a numeric chat id or a username of 5–32 letters, digits and underscores.',
  },
  invalid_instagram: {
    status: 422,
    title: 'Invalid Instagram id or handle',
    meaning: 'The Instagram value is neither an Instagram-scoped id nor a valid handle.',
    remedy:
      'Enter a numeric Instagram-scoped id or a handle of 1–30 letters, digits, dots and underscores.',
  },
  identity_conflict: {
    status: 409,
    title: 'Identity belongs to another contact',
    meaning:
      'The channel identity already belongs to another contact in this organization; the conflict is recorded with both sides.',
    remedy:
      'Open the existing contact, merge the two contacts, or remove the identity from this one.',
  },
  merge_not_reversible: {
    status: 409,
    title: 'Merge can no longer be undone',
    meaning:
      'The merge was already undone, or the merged contact has changed since, so undoing it would lose those changes.',
    remedy: 'Edit the contacts by hand to separate them.',
  },
  import_too_large: {
    status: 413,
    title: 'Import file too large',
    meaning: 'The import file has more bytes or rows than one import accepts.',
    remedy: 'Split the file into smaller files and import them one after another.',
  },
  invalid_import_file: {
    status: 422,
    title: 'Import file is not a usable CSV',
    meaning:
      'The file is not a CSV this import can read: no header row, no known columns, or an unreadable encoding.',
    remedy: 'Export it as UTF-8 CSV with a header row and at least one of the documented columns.',
  },
  render_busy: {
    status: 429,
    title: 'Template rendering is busy',
    meaning:
      'Too many template validations, previews or renders are in progress, for your organization or on the server, to take this one now.',
    remedy: 'Wait for the number of seconds in the `Retry-After` header, then retry.',
  },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    meaning: 'Too many requests in a short time.',
    remedy: 'Wait for the number of seconds in the `Retry-After` header, then retry.',
  },
  channel_mismatch: {
    status: 422,
    title: 'Template and integration channels differ',
    meaning: 'The template is for another channel than the integration sends on.',
    remedy: 'Pick a template and an integration of the same channel.',
  },
  audience_not_in_org: {
    status: 422,
    title: 'Audience outside this organization',
    meaning:
      'The audience names groups or contacts that are not in this organization (another organization’s, or deleted).',
    remedy:
      'Remove the ids listed in `errors` from the audience, or pick groups and contacts of this organization.',
  },
  integration_unavailable: {
    status: 422,
    title: 'Integration cannot send',
    meaning:
      'The integration cannot send: it is disabled, needs re-authentication or lacks what this channel needs.',
    remedy:
      'Open the integration, test its connection and fix what it reports, or choose another integration.',
  },
  no_identity: {
    status: 422,
    title: 'Contact has no address on this channel',
    meaning: 'The contact has no address on the channel of this send.',
    remedy: 'Add an identity for that channel to the contact, or send on another channel.',
  },
  campaign_invalid_transition: {
    status: 409,
    title: 'Campaign cannot do that in its status',
    meaning:
      "The campaign's status does not allow this action (for example resuming a campaign that is not paused).",
    remedy: 'Reload the campaign and use one of the actions its status offers.',
  },
  alert_invalid_transition: {
    status: 409,
    title: 'Alert cannot do that in its state',
    meaning:
      "The alert's state does not allow this action (a resolved alert is final: it cannot be acknowledged, silenced or resolved again with a change).",
    remedy: 'Reload the alert; a new breach opens a new alert that links this one.',
  },
  campaign_not_editable: {
    status: 409,
    title: 'Campaign can no longer be changed',
    meaning: 'The campaign was launched (only its name and rate may still change) or has ended.',
    remedy:
      'Change only the name or rate, or create a new campaign with the new content or audience.',
  },
  campaign_not_draft: {
    status: 409,
    title: 'Only an unlaunched draft campaign can be deleted',
    meaning: 'Only a draft that never sent a message can be deleted.',
    remedy: 'Cancel the campaign instead; its messages stay in the log.',
  },
  message_not_retryable: {
    status: 409,
    title: 'Message cannot be retried in its status',
    meaning:
      'Only failed messages and messages needing review can be retried, and not when their campaign was cancelled.',
    remedy: "Check the message's status and history; send a new message if it still has to go out.",
  },
  sandbox_unavailable: {
    status: 422,
    title: 'The provider sandbox is not enabled',
    meaning: 'Sandbox integrations need the provider sandbox, which this server does not run.',
    remedy:
      'Use real provider credentials, or ask the operator to enable `SANDBOX` (never in production).',
  },
  webhook_not_registrable: {
    status: 409,
    title: 'Switchboard cannot register this webhook',
    meaning:
      'The integration is disabled, or its provider (Twilio) takes webhook URLs only in its own console, so Switchboard cannot register them.',
    remedy:
      "Enable the integration (which registers the webhook again), or copy the webhook URLs into the provider's console.",
  },
  unsubscribe_link_invalid: {
    status: 400,
    title: 'Unsubscribe link is not valid',
    meaning: 'The unsubscribe link is damaged or was not issued by this server.',
    remedy: 'Use the link from the most recent email, or ask the sender to unsubscribe you.',
  },
  internal_error: {
    status: 500,
    title: 'Internal error',
    meaning: 'Something failed on the server; the details are in its log under the `requestId`.',
    remedy: 'Retry later; if it persists, give the operator the `requestId`.',
  },
  callback_spool_full: {
    status: 503,
    title: 'Callback spool full',
    meaning:
      'The database is unreachable, and the local spool that keeps provider callbacks until it is back is at its size limit or its disk is full, so this callback was not accepted.',
    remedy:
      'Retry after `Retry-After`. Operators: bring the database back (the spool then drains) or give the spool more room (`CALLBACK_SPOOL_MAX_MB`, disk space).',
  },
  callback_store_unavailable: {
    status: 503,
    title: 'Callback not accepted',
    meaning:
      'The database is unreachable and the callback could not be kept locally: the spool could not be written, or this server has not seen the integration since it started, so the signature cannot be checked.',
    remedy: 'Retry after `Retry-After`. Operators: check the database and the spool directory.',
  },
  mail_unavailable: {
    status: 503,
    title: 'Email is not configured',
    meaning:
      'This server has no mail transport (`SMTP_URL` or `PLATFORM_SENDGRID_API_KEY`), so nothing that works through an emailed link can be done.',
    remedy:
      'Ask the operator to configure platform mail. Meanwhile an admin shares invitation links by hand, and a signed-in user changes their password in their profile.',
  },
  service_unavailable: {
    status: 503,
    title: 'Service unavailable',
    meaning:
      'The server cannot take the request right now, for example its database is unreachable.',
    remedy: 'Retry after a short wait (honour `Retry-After` when present).',
  },
} as const satisfies Record<string, ErrorCodeDoc>;

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
