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

export const SENDGRID_API = 'https://api.sendgrid.com';

export interface SendGridCredentials {
  apiKey: string;
}

export interface SendGridEmail {
  to: string;
  from: { email: string; name?: string | undefined };
  subject: string;
  text?: string | undefined;
  html?: string | undefined;
  /** Echoed back on every event of this message (e.g. our outbound message id). */
  customArgs?: Record<string, string> | undefined;
  /** RFC 8058 one-click unsubscribe: sent as `List-Unsubscribe` + `List-Unsubscribe-Post`. */
  unsubscribeUrl?: string | undefined;
}

const headers = (apiKey: string) => ({
  authorization: `Bearer ${apiKey}`,
  'content-type': 'application/json',
});

const firstError = (text: string) => {
  const body = parseJson(text);
  const errors = isObject(body) && Array.isArray(body.errors) ? body.errors : [];
  const first: unknown = errors[0];
  return isObject(first) ? str(first.message) : undefined;
};

/** `POST /v3/mail/send`: 202 Accepted with the message id in `X-Message-Id`. */
export function sendEmail(
  endpoint: Endpoint,
  creds: SendGridCredentials,
  email: SendGridEmail,
): Promise<Outcome<SendResult>> {
  const content = [
    ...(email.text !== undefined ? [{ type: 'text/plain', value: email.text }] : []),
    ...(email.html !== undefined ? [{ type: 'text/html', value: email.html }] : []),
  ];
  // Per-recipient headers belong on the personalization (v3 takes a string map there).
  const personalization = {
    to: [{ email: email.to }],
    ...(email.unsubscribeUrl && {
      headers: {
        'List-Unsubscribe': `<${email.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    }),
  };
  const body = {
    personalizations: [personalization],
    from: { email: email.from.email, ...(email.from.name && { name: email.from.name }) },
    subject: email.subject,
    content,
    ...(email.customArgs && { custom_args: email.customArgs }),
  };
  return call(
    joinUrl(endpoint.baseUrl, '/v3/mail/send'),
    {
      method: 'POST',
      headers: headers(creds.apiKey),
      body: JSON.stringify(body),
      timeoutMs: endpoint.timeoutMs,
      idempotent: false,
    },
    (res) => {
      if (res.status === 202 || res.status === 200) {
        const id = res.headers.get('x-message-id');
        if (!id)
          return { ok: false, error: { ...unexpected(res, 'no X-Message-Id'), kind: 'ambiguous' } };
        return { ok: true, value: { providerMessageId: id } };
      }
      return {
        ok: false,
        error: httpFailure(res, { idempotent: false, detail: firstError(res.text) ?? res.text }),
      };
    },
  );
}

type Interpreted<T> = { ok: true; value: T } | { ok: false; error: ProviderFailure };

/** A read (`GET`, safe to retry): a non-200 is mapped to its failure, a 200's JSON to `read`. */
function getJson<T>(
  endpoint: Endpoint,
  creds: SendGridCredentials,
  path: string,
  read: (body: unknown, res: RawResponse) => Interpreted<T>,
): Promise<Outcome<T>> {
  return call(
    joinUrl(endpoint.baseUrl, path),
    {
      method: 'GET',
      headers: headers(creds.apiKey),
      timeoutMs: endpoint.timeoutMs,
      idempotent: true,
    },
    (res) =>
      res.status === 200
        ? read(parseJson(res.text), res)
        : {
            ok: false,
            error: httpFailure(res, { idempotent: true, detail: firstError(res.text) ?? res.text }),
          },
  );
}

/**
 * Reconciliation: the messages carrying our id in `custom_args` (Email Activity API,
 * `GET /v3/messages?query=unique_args['key']="value"`), so a send whose answer was lost is never
 * sent twice. Needs the Email Activity add-on; its feed lags, so callers wait before trusting an
 * empty answer. Returns the X-Message-Id part of the first match, or null.
 */
export function findByCustomArg(
  endpoint: Endpoint,
  creds: SendGridCredentials,
  name: string,
  value: string,
): Promise<Outcome<{ providerMessageId: string; status: string | undefined } | null>> {
  const query = `unique_args['${name}']="${value.replace(/["\\]/g, '')}"`;
  return getJson(
    endpoint,
    creds,
    `/v3/messages?limit=10&query=${encodeURIComponent(query)}`,
    (body, res) => {
      const list = isObject(body) && Array.isArray(body.messages) ? body.messages : null;
      if (!list) return { ok: false, error: unexpected(res, 'no messages array') };
      const first: unknown = list[0];
      if (!isObject(first)) return { ok: true, value: null };
      const id = str(first.msg_id);
      if (!id) return { ok: false, error: unexpected(res, 'no msg_id') };
      return {
        ok: true,
        value: { providerMessageId: id.split('.')[0]!, status: str(first.status) },
      };
    },
  );
}

/**
 * Connection test: `GET /v3/scopes` lists what the key may do. It succeeds for any valid key,
 * so a key without `mail.send` is reported as a missing permission rather than as working.
 */
export function testConnection(
  endpoint: Endpoint,
  creds: SendGridCredentials,
): Promise<Outcome<{ scopes: string[] }>> {
  return getJson(endpoint, creds, '/v3/scopes', (body, res) => {
    const scopes = isObject(body) && Array.isArray(body.scopes) ? body.scopes.map(String) : null;
    if (!scopes) return { ok: false, error: unexpected(res, 'no scopes array') };
    if (!scopes.includes('mail.send')) {
      return {
        ok: false,
        error: {
          kind: 'permanent',
          class: 'permission_denied',
          status: 200,
          detail: 'API key lacks the mail.send scope',
        },
      };
    }
    return { ok: true, value: { scopes } };
  });
}

/**
 * Event Webhook settings: `PATCH /v3/user/webhooks/event/settings` (URL, all events on), then
 * `PATCH /v3/user/webhooks/event/settings/signed` to turn signing on, which returns the
 * verification key. Used for sandbox integrations; for a real account the person pastes the key.
 */
export async function configureEventWebhook(
  endpoint: Endpoint,
  creds: SendGridCredentials,
  url: string,
): Promise<Outcome<{ publicKey: string }>> {
  const settings = await call(
    joinUrl(endpoint.baseUrl, '/v3/user/webhooks/event/settings'),
    {
      method: 'PATCH',
      headers: headers(creds.apiKey),
      body: JSON.stringify({
        enabled: true,
        url,
        processed: true,
        delivered: true,
        bounce: true,
        deferred: true,
        dropped: true,
        spam_report: true,
        unsubscribe: true,
        group_unsubscribe: true,
        open: true,
        click: true,
      }),
      timeoutMs: endpoint.timeoutMs,
      idempotent: true,
    },
    (res) =>
      res.status === 200
        ? { ok: true as const, value: true }
        : { ok: false as const, error: httpFailure(res, { idempotent: true, detail: res.text }) },
  );
  if (!settings.ok) return settings;
  const signed = await call(
    joinUrl(endpoint.baseUrl, '/v3/user/webhooks/event/settings/signed'),
    {
      method: 'PATCH',
      headers: headers(creds.apiKey),
      body: JSON.stringify({ enabled: true }),
      timeoutMs: endpoint.timeoutMs,
      idempotent: true,
    },
    (res) => {
      if (res.status !== 200) {
        return { ok: false, error: httpFailure(res, { idempotent: true, detail: res.text }) };
      }
      const body = parseJson(res.text);
      const publicKey = isObject(body) ? str(body.public_key) : undefined;
      if (!publicKey) return { ok: false, error: unexpected(res, 'no public_key') };
      return { ok: true, value: { publicKey } };
    },
  );
  return { ...signed, latencyMs: signed.latencyMs + settings.latencyMs };
}

/** The Event Webhook settings: where events are posted, if anywhere. */
export function getEventWebhookSettings(
  endpoint: Endpoint,
  creds: SendGridCredentials,
): Promise<Outcome<{ enabled: boolean; url: string }>> {
  return getJson(endpoint, creds, '/v3/user/webhooks/event/settings', (body, res) =>
    isObject(body) && typeof body.enabled === 'boolean'
      ? { ok: true, value: { enabled: body.enabled, url: str(body.url) ?? '' } }
      : { ok: false, error: unexpected(res, 'no event webhook settings') },
  );
}
