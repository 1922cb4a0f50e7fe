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
import type { Endpoint, Outcome, ProviderFailure, SendResult, StatusResult } from '../types.js';
import { typeOfStatus } from './parse.js';

export const TWILIO_API = 'https://api.twilio.com';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export interface TwilioMessage {
  /** E.164, or `whatsapp:+…` for WhatsApp. */
  to: string;
  /** A sender number (`from`) or a Messaging Service (`messagingServiceSid`). */
  from?: string | undefined;
  messagingServiceSid?: string | undefined;
  body: string;
  statusCallback?: string | undefined;
}

/** Twilio error codes that mean "this recipient cannot be messaged" (never worth a retry). */
const RECIPIENT_CODES = new Set(['21211', '21408', '21610', '21612', '21614', '63003', '63024']);

const auth = (c: TwilioCredentials) => ({
  authorization: `Basic ${Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64')}`,
});

function failure(res: RawResponse, idempotent: boolean): ProviderFailure {
  const body = parseJson(res.text);
  const code = isObject(body) ? str(body.code) : undefined;
  const detail = isObject(body) ? (str(body.message) ?? res.text) : res.text;
  const base = httpFailure(res, { idempotent, providerCode: code, detail });
  if (code && RECIPIENT_CODES.has(code))
    return { ...base, kind: 'permanent', class: 'recipient_rejected' };
  if (code === '20003') return { ...base, kind: 'permanent', class: 'auth_failed' };
  return base;
}

const accountPath = (c: TwilioCredentials) =>
  `/2010-04-01/Accounts/${encodeURIComponent(c.accountSid)}`;

/** `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (form-encoded): 201 with the `sid`. */
export function sendMessage(
  endpoint: Endpoint,
  creds: TwilioCredentials,
  message: TwilioMessage,
): Promise<Outcome<SendResult>> {
  const form = new URLSearchParams({ To: message.to, Body: message.body });
  if (message.messagingServiceSid) form.set('MessagingServiceSid', message.messagingServiceSid);
  else if (message.from) form.set('From', message.from);
  if (message.statusCallback) form.set('StatusCallback', message.statusCallback);
  return call(
    joinUrl(endpoint.baseUrl, `${accountPath(creds)}/Messages.json`),
    {
      method: 'POST',
      headers: { ...auth(creds), 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      timeoutMs: endpoint.timeoutMs,
      idempotent: false,
    },
    (res) => {
      if (res.status !== 201 && res.status !== 200)
        return { ok: false, error: failure(res, false) };
      const body = parseJson(res.text);
      const sid = isObject(body) ? str(body.sid) : undefined;
      if (!sid) return { ok: false, error: { ...unexpected(res, 'no sid'), kind: 'ambiguous' } };
      return {
        ok: true,
        value: { providerMessageId: sid, status: isObject(body) ? str(body.status) : undefined },
      };
    },
  );
}

/** `GET …/Messages/{Sid}.json`: the status-polling fallback when callbacks stop arriving. */
export function fetchMessageStatus(
  endpoint: Endpoint,
  creds: TwilioCredentials,
  messageSid: string,
): Promise<Outcome<StatusResult>> {
  return call(
    joinUrl(
      endpoint.baseUrl,
      `${accountPath(creds)}/Messages/${encodeURIComponent(messageSid)}.json`,
    ),
    { method: 'GET', headers: auth(creds), timeoutMs: endpoint.timeoutMs, idempotent: true },
    (res) => {
      if (res.status !== 200) return { ok: false, error: failure(res, true) };
      const body = parseJson(res.text);
      const status = isObject(body) ? str(body.status) : undefined;
      const type = status ? typeOfStatus(status) : undefined;
      if (!status || !type || !isObject(body))
        return { ok: false, error: unexpected(res, 'unknown status') };
      return {
        ok: true,
        value: {
          providerMessageId: messageSid,
          type,
          providerStatus: status,
          errorCode: str(body.error_code) ?? undefined,
        },
      };
    },
  );
}

export interface TwilioListedMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  dateCreated: Date | null;
}

/**
 * Reconciliation: the account's most recent messages to `to` (and from `from`), newest first
 * (`GET …/Messages.json?To=&From=&PageSize=`). Twilio has no lookup by our own reference, so the
 * caller matches on body and creation time.
 */
export function listMessages(
  endpoint: Endpoint,
  creds: TwilioCredentials,
  filter: { to: string; from?: string | undefined; pageSize?: number },
): Promise<Outcome<TwilioListedMessage[]>> {
  const qs = new URLSearchParams({ To: filter.to, PageSize: String(filter.pageSize ?? 50) });
  if (filter.from) qs.set('From', filter.from);
  return call(
    joinUrl(endpoint.baseUrl, `${accountPath(creds)}/Messages.json?${qs.toString()}`),
    { method: 'GET', headers: auth(creds), timeoutMs: endpoint.timeoutMs, idempotent: true },
    (res) => {
      if (res.status !== 200) return { ok: false, error: failure(res, true) };
      const body = parseJson(res.text);
      const list = isObject(body) && Array.isArray(body.messages) ? body.messages : null;
      if (!list) return { ok: false, error: unexpected(res, 'no messages array') };
      return {
        ok: true,
        value: list.filter(isObject).map((m) => {
          const created = str(m.date_created);
          return {
            sid: str(m.sid) ?? '',
            to: str(m.to) ?? '',
            from: str(m.from) ?? '',
            body: str(m.body) ?? '',
            status: str(m.status) ?? '',
            dateCreated: created && !Number.isNaN(Date.parse(created)) ? new Date(created) : null,
          };
        }),
      };
    },
  );
}

/** Connection test: `GET /2010-04-01/Accounts/{AccountSid}.json`; a suspended account fails. */
export function testConnection(
  endpoint: Endpoint,
  creds: TwilioCredentials,
): Promise<Outcome<{ friendlyName: string | undefined }>> {
  return call(
    joinUrl(endpoint.baseUrl, `${accountPath(creds)}.json`),
    { method: 'GET', headers: auth(creds), timeoutMs: endpoint.timeoutMs, idempotent: true },
    (res) => {
      if (res.status === 404) {
        // Twilio answers 404 for an Account SID the token does not belong to.
        return {
          ok: false,
          error: { ...failure(res, true), kind: 'permanent', class: 'auth_failed' },
        };
      }
      if (res.status !== 200) return { ok: false, error: failure(res, true) };
      const body = parseJson(res.text);
      if (!isObject(body)) return { ok: false, error: unexpected(res, 'not an account') };
      if (str(body.status) !== 'active') {
        return {
          ok: false,
          error: {
            kind: 'permanent',
            class: 'permission_denied',
            status: 200,
            detail: `account status ${str(body.status)}`,
          },
        };
      }
      return { ok: true, value: { friendlyName: str(body.friendly_name) } };
    },
  );
}
