import { randomBytes } from 'node:crypto';
import { safeEqual } from '../compare.js';
import { isObject, parseJson, str } from '../http.js';
import type { NormalizedEvent } from '../types.js';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** setWebhook's `secret_token`: 1–256 characters of A-Z a-z 0-9 _ - (Bot API docs). */
export const SECRET_TOKEN_RE = /^[A-Za-z0-9_-]{1,256}$/;
export const isValidSecretToken = (value: string) => SECRET_TOKEN_RE.test(value);

/** 32 random bytes, base64url: inside the allowed alphabet by construction. */
export const generateSecretToken = () => randomBytes(32).toString('base64url');

/** Telegram does not sign bodies: the header carries the secret verbatim. */
export function verifySecretToken(configured: string, header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  return safeEqual(configured, header);
}

/**
 * One Update object per request. A `message` is an inbound message; other update kinds (edits,
 * reactions, member changes) are stored but produce no normalized event.
 */
export function parseUpdate(
  rawBody: Buffer | string,
): { updateId: string; events: NormalizedEvent[] } | undefined {
  const body = parseJson(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  if (!isObject(body) || typeof body.update_id !== 'number') return undefined;
  const updateId = String(body.update_id);
  const message = body.message;
  if (!isObject(message)) return { updateId, events: [] };
  const chat = isObject(message.chat) ? message.chat : {};
  const from = isObject(message.from) ? message.from : {};
  const date = typeof message.date === 'number' ? message.date * 1000 : Date.now();
  return {
    updateId,
    events: [
      {
        providerEventId: updateId,
        type: 'inbound',
        channel: 'telegram',
        providerMessageId: `${str(chat.id) ?? ''}:${str(message.message_id) ?? ''}`,
        occurredAt: new Date(date),
        recipient: str(chat.id) ?? str(from.id) ?? null,
        text: str(message.text) ?? str(message.caption) ?? '',
        payload: body,
      },
    ],
  };
}
