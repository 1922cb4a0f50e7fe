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

export const TELEGRAM_API = 'https://api.telegram.org';

export interface TelegramCredentials {
  botToken: string;
}

/** `{ok: false, error_code, description, parameters: {retry_after}}` → typed failure. */
function failure(res: RawResponse, idempotent: boolean): ProviderFailure {
  const body = parseJson(res.text);
  const description = isObject(body) ? str(body.description) : undefined;
  const params = isObject(body) && isObject(body.parameters) ? body.parameters : {};
  const base = httpFailure(res, {
    idempotent,
    providerCode: isObject(body) ? str(body.error_code) : undefined,
    detail: description ?? res.text,
  });
  if (base.kind === 'rate_limited' && typeof params.retry_after === 'number') {
    return { ...base, retryAfterSeconds: params.retry_after };
  }
  // The token is part of the path: an unknown bot is a 404, i.e. bad credentials.
  if (res.status === 404) return { ...base, kind: 'permanent', class: 'auth_failed' };
  // 403 from sendMessage: the user blocked the bot or never started it.
  if (res.status === 403) return { ...base, kind: 'permanent', class: 'recipient_rejected' };
  return base;
}

function method<T>(
  endpoint: Endpoint,
  creds: TelegramCredentials,
  name: string,
  params: Record<string, unknown> | undefined,
  idempotent: boolean,
  pick: (result: unknown) => T | undefined,
): Promise<Outcome<T>> {
  return call(
    joinUrl(endpoint.baseUrl, `/bot${creds.botToken}/${name}`),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params ?? {}),
      timeoutMs: endpoint.timeoutMs,
      idempotent,
    },
    (res) => {
      const body = parseJson(res.text);
      if (res.status !== 200 || !isObject(body) || body.ok !== true) {
        if (res.status === 200) return { ok: false, error: unexpected(res, 'ok is not true') };
        return { ok: false, error: failure(res, idempotent) };
      }
      const value = pick(body.result);
      if (value === undefined)
        return { ok: false, error: unexpected(res, `unexpected ${name} result`) };
      return { ok: true, value };
    },
  );
}

/** `sendMessage`: the message id is only unique per chat, so ours is `chatId:messageId`. */
export function sendMessage(
  endpoint: Endpoint,
  creds: TelegramCredentials,
  message: { chatId: string; text: string },
): Promise<Outcome<SendResult>> {
  return method(
    endpoint,
    creds,
    'sendMessage',
    { chat_id: message.chatId, text: message.text },
    false,
    (r) => {
      if (!isObject(r) || typeof r.message_id !== 'number') return undefined;
      const chat = isObject(r.chat) ? str(r.chat.id) : undefined;
      return { providerMessageId: `${chat ?? message.chatId}:${r.message_id}`, status: 'sent' };
    },
  );
}

/** Connection test: `getMe`. */
export function getMe(
  endpoint: Endpoint,
  creds: TelegramCredentials,
): Promise<Outcome<{ username: string }>> {
  return method(endpoint, creds, 'getMe', undefined, true, (r) =>
    isObject(r) && typeof r.username === 'string' ? { username: r.username } : undefined,
  );
}

export const testConnection = getMe;

/** `setWebhook` with our URL and secret token; only message updates are needed. */
export function setWebhook(
  endpoint: Endpoint,
  creds: TelegramCredentials,
  hook: { url: string; secretToken: string },
): Promise<Outcome<true>> {
  return method(
    endpoint,
    creds,
    'setWebhook',
    { url: hook.url, secret_token: hook.secretToken, allowed_updates: ['message'] },
    true,
    (r) => (r === true ? true : undefined),
  );
}

/** `getWebhookInfo`: the URL updates go to (empty when no webhook is set). */
export function getWebhookInfo(
  endpoint: Endpoint,
  creds: TelegramCredentials,
): Promise<Outcome<{ url: string }>> {
  return method(endpoint, creds, 'getWebhookInfo', undefined, true, (r) =>
    isObject(r) && typeof r.url === 'string' ? { url: r.url } : undefined,
  );
}
