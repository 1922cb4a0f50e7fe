import type { FailureClass, FailureKind, Outcome, ProviderFailure } from './types.js';

const DEFAULT_TIMEOUT_MS = 10_000;

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Error codes of failures that happen before a request can have reached the provider. */
const NOT_SENT_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Network-level failure → typed failure. A refused connection or a DNS/TLS failure never reached
 * the provider (retryable); a timeout or a reset after the request went out may have been
 * processed (ambiguous for sends, the caller decides via `idempotent`).
 */
export function networkFailure(err: unknown, opts: { idempotent: boolean }): ProviderFailure {
  const code = errorCode(err);
  const timedOut =
    err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  const detail = `${err instanceof Error ? err.message : String(err)}${code ? ` (${code})` : ''}`;
  if (timedOut) {
    return { kind: opts.idempotent ? 'retryable' : 'ambiguous', class: 'timeout', detail };
  }
  if (code && NOT_SENT_CODES.has(code)) return { kind: 'retryable', class: 'network', detail };
  return { kind: opts.idempotent ? 'retryable' : 'ambiguous', class: 'network', detail };
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date); undefined when absent or garbage. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The classification shared by every provider's HTTP API for a non-2xx status. */
export function httpFailure(
  res: RawResponse,
  opts: { idempotent: boolean; providerCode?: string | undefined; detail?: string | undefined },
): ProviderFailure {
  const base = { status: res.status, providerCode: opts.providerCode, detail: opts.detail };
  const classify = (kind: FailureKind, cls: FailureClass): ProviderFailure => ({
    ...base,
    kind,
    class: cls,
  });
  if (res.status === 429) {
    return {
      ...classify('rate_limited', 'rate_limited'),
      retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')) ?? 1,
    };
  }
  if (res.status === 401) return classify('permanent', 'auth_failed');
  if (res.status === 403) return classify('permanent', 'permission_denied');
  // A gateway timeout means the provider may have processed the request behind the gateway.
  if (res.status === 504) return classify(opts.idempotent ? 'retryable' : 'ambiguous', 'timeout');
  // Any other 5xx to a send may come after the provider stored the message (an error in its
  // response path): ambiguous. A 503 is the provider refusing work up front: safe to retry.
  if (res.status >= 500) {
    return classify(
      opts.idempotent || res.status === 503 ? 'retryable' : 'ambiguous',
      'unavailable',
    );
  }
  if (res.status === 408) return classify('retryable', 'timeout');
  if (res.status >= 400) return classify('permanent', 'invalid_request');
  return classify('permanent', 'unexpected_response');
}

export function unexpected(res: RawResponse, why: string): ProviderFailure {
  return {
    kind: 'permanent',
    class: 'unexpected_response',
    status: res.status,
    detail: `${why}: ${res.text.slice(0, 500)}`,
  };
}

/**
 * One HTTP call: time it, never throw. `interpret` turns a response into the adapter's outcome.
 * `idempotent` says whether the call can be repeated without effect (reads), which decides how
 * a timeout is classified.
 */
export async function call<T>(
  url: string,
  init: RequestInit & { timeoutMs?: number | undefined; idempotent: boolean },
  interpret: (res: RawResponse) => { ok: true; value: T } | { ok: false; error: ProviderFailure },
): Promise<Outcome<T>> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let res: RawResponse;
  try {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(init.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    res = { status: response.status, headers: response.headers, text: await response.text() };
  } catch (err) {
    return {
      ok: false,
      error: networkFailure(err, { idempotent: init.idempotent }),
      latencyMs: elapsed(),
    };
  }
  return { ...interpret(res), latencyMs: elapsed() };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

export const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;
