import {
  call,
  httpFailure,
  isObject,
  joinUrl,
  parseJson,
  str,
  unexpected,
  type RawResponse,
} from '../http.js';
import type { Endpoint, Outcome, ProviderFailure, SendResult } from '../types.js';

export const GRAPH_API = 'https://graph.facebook.com';
export const GRAPH_VERSION = 'v21.0';

export interface InstagramCredentials {
  pageAccessToken: string;
}

/** Graph error codes: throttling, permissions, expired/invalid tokens, unreachable users. */
const RATE_LIMIT_CODES = new Set(['4', '17', '32', '613']);
const PERMISSION_CODES = new Set(['10', '200', '230']);
const RECIPIENT_CODES = new Set(['551']);

/** `{error: {message, type, code, error_subcode, fbtrace_id}}` → typed failure. */
function failure(res: RawResponse, idempotent: boolean): ProviderFailure {
  const body = parseJson(res.text);
  const error = isObject(body) && isObject(body.error) ? body.error : {};
  const code = str(error.code);
  const base = httpFailure(res, {
    idempotent,
    providerCode: code,
    detail: str(error.message) ?? res.text,
  });
  if (code === '190' || code === '102') return { ...base, kind: 'permanent', class: 'auth_failed' };
  if (code && RATE_LIMIT_CODES.has(code)) {
    return {
      ...base,
      kind: 'rate_limited',
      class: 'rate_limited',
      retryAfterSeconds: base.retryAfterSeconds ?? 60,
    };
  }
  if (code && PERMISSION_CODES.has(code))
    return { ...base, kind: 'permanent', class: 'permission_denied' };
  if (code && RECIPIENT_CODES.has(code))
    return { ...base, kind: 'permanent', class: 'recipient_rejected' };
  if (error.is_transient === true)
    return { ...base, kind: idempotent ? 'retryable' : 'ambiguous', class: 'unavailable' };
  return base;
}

const auth = (c: InstagramCredentials) => ({ authorization: `Bearer ${c.pageAccessToken}` });

/** Send API: `POST /{version}/{ig-user-id}/messages` with `{recipient: {id}, message: {text}}`. */
export function sendMessage(
  endpoint: Endpoint,
  creds: InstagramCredentials,
  message: { igUserId: string; recipientId: string; text: string },
): Promise<Outcome<SendResult>> {
  return call(
    joinUrl(endpoint.baseUrl, `/${GRAPH_VERSION}/${encodeURIComponent(message.igUserId)}/messages`),
    {
      method: 'POST',
      headers: { ...auth(creds), 'content-type': 'application/json' },
      body: JSON.stringify({
        recipient: { id: message.recipientId },
        message: { text: message.text },
      }),
      timeoutMs: endpoint.timeoutMs,
      idempotent: false,
    },
    (res) => {
      if (res.status !== 200) return { ok: false, error: failure(res, false) };
      const body = parseJson(res.text);
      const id = isObject(body) ? str(body.message_id) : undefined;
      if (!id)
        return { ok: false, error: { ...unexpected(res, 'no message_id'), kind: 'ambiguous' } };
      return { ok: true, value: { providerMessageId: id } };
    },
  );
}

/** Connection test: `GET /{version}/me?fields=id,name` with the page access token. */
export function testConnection(
  endpoint: Endpoint,
  creds: InstagramCredentials,
): Promise<Outcome<{ id: string; name: string | undefined }>> {
  return call(
    joinUrl(endpoint.baseUrl, `/${GRAPH_VERSION}/me?fields=id,name`),
    { method: 'GET', headers: auth(creds), timeoutMs: endpoint.timeoutMs, idempotent: true },
    (res) => {
      if (res.status !== 200) return { ok: false, error: failure(res, true) };
      const body = parseJson(res.text);
      const id = isObject(body) ? str(body.id) : undefined;
      if (!id || !isObject(body)) return { ok: false, error: unexpected(res, 'no id') };
      return { ok: true, value: { id, name: str(body.name) } };
    },
  );
}

/** The apps subscribed to the account's webhooks (`GET /{version}/me/subscribed_apps`). */
export function subscribedApps(
  endpoint: Endpoint,
  creds: InstagramCredentials,
): Promise<Outcome<{ count: number }>> {
  return call(
    joinUrl(endpoint.baseUrl, `/${GRAPH_VERSION}/me/subscribed_apps`),
    { method: 'GET', headers: auth(creds), timeoutMs: endpoint.timeoutMs, idempotent: true },
    (res) => {
      if (res.status !== 200) return { ok: false, error: failure(res, true) };
      const body = parseJson(res.text);
      if (!isObject(body) || !Array.isArray(body.data))
        return { ok: false, error: unexpected(res, 'no data') };
      return { ok: true, value: { count: body.data.length } };
    },
  );
}
