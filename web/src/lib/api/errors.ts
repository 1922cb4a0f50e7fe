export type FieldError = { path: string; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function readFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): FieldError[] =>
    isRecord(entry) && typeof entry.message === 'string'
      ? [{ path: typeof entry.path === 'string' ? entry.path : '', message: entry.message }]
      : [],
  );
}

/** An API failure, carrying the server's problem+json (or a synthesized one). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly fieldErrors: FieldError[];
  /** The whole problem+json body: some errors carry more (e.g. identity_conflict's holder). */
  readonly body: Record<string, unknown>;

  constructor(problem: {
    status: number;
    code: string;
    title: string;
    detail?: string;
    requestId?: string;
    errors?: FieldError[];
    body?: Record<string, unknown>;
  }) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.requestId = problem.requestId;
    this.fieldErrors = problem.errors ?? [];
    this.body = problem.body ?? {};
  }

  static fromResponse(response: Response, body: unknown): ApiError {
    const problem = isRecord(body) ? body : {};
    const str = (key: string) => (typeof problem[key] === 'string' ? problem[key] : undefined);
    return new ApiError({
      status: response.status,
      code: str('code') ?? `http_${response.status}`,
      title: str('title') ?? (response.statusText || 'Request failed'),
      detail: str('detail') ?? fallbackDetail(response.status),
      requestId: str('requestId') ?? response.headers.get('x-request-id') ?? undefined,
      errors: readFieldErrors(problem.errors),
      body: problem,
    });
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError({
      status: 0,
      code: 'network_error',
      title: 'Network error',
      detail: 'Could not reach the Switchboard server. Check your connection and try again.',
    });
    error.cause = cause;
    return error;
  }
}

function fallbackDetail(status: number): string {
  if (status >= 500) return 'The server ran into a problem. Please try again in a moment.';
  if (status === 404) return 'Not found.';
  if (status === 403) return 'You do not have permission to do this.';
  if (status === 429) return 'Too many requests. Please wait a moment and try again.';
  return `The request failed (HTTP ${status}).`;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True when the session is missing or expired (as opposed to e.g. wrong credentials). */
export function isUnauthenticated(error: unknown): boolean {
  return isApiError(error) && error.status === 401 && error.code === 'unauthenticated';
}

/** A sentence to show a person for any thrown value. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.detail ?? error.title;
  return 'Something went wrong. Please try again.';
}
