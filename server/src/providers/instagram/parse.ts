import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../compare.js';
import { isObject, parseJson, str } from '../http.js';
import type { NormalizedEvent } from '../types.js';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

export const generateVerifyToken = () => randomBytes(24).toString('base64url');

/** `X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256(app secret, raw body)>`. */
export function verifySignature(
  appSecret: string,
  header: string | undefined,
  rawBody: Buffer | string,
): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const expected = `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
  return safeEqual(expected, header);
}

/**
 * The subscription handshake: `GET ?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`;
 * answer 200 with the challenge when the token matches, 403 otherwise.
 */
export function answerChallenge(
  query: Record<string, unknown>,
  verifyToken: string,
): { status: 200; body: string } | { status: 403 } {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string')
    return { status: 403 };
  if (!safeEqual(verifyToken, token)) return { status: 403 };
  return { status: 200, body: challenge };
}

/**
 * Instagram messaging webhooks: `{object: 'instagram', entry: [{messaging: [...]}]}`. A message
 * is `inbound` (echoes of our own sends are skipped); a `read` marks our message read. The dedupe
 * key is the message id (`mid`), prefixed by the kind for reads.
 */
export function parseNotification(rawBody: Buffer | string): NormalizedEvent[] | undefined {
  const body = parseJson(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  if (!isObject(body) || !Array.isArray(body.entry)) return undefined;
  const events: NormalizedEvent[] = [];
  for (const entry of body.entry) {
    if (!isObject(entry) || !Array.isArray(entry.messaging)) continue;
    for (const item of entry.messaging) {
      if (!isObject(item)) continue;
      const sender = isObject(item.sender) ? str(item.sender.id) : undefined;
      const ts = typeof item.timestamp === 'number' ? item.timestamp : Date.now();
      if (isObject(item.message) && item.message.is_echo !== true) {
        const mid = str(item.message.mid);
        if (!mid) continue;
        events.push({
          providerEventId: mid,
          type: 'inbound',
          channel: 'instagram',
          providerMessageId: mid,
          occurredAt: new Date(ts),
          recipient: sender ?? null,
          text: str(item.message.text) ?? '',
          payload: item,
        });
      } else if (isObject(item.read)) {
        const mid = str(item.read.mid);
        if (!mid) continue;
        events.push({
          providerEventId: `read:${mid}`,
          type: 'read',
          channel: 'instagram',
          providerMessageId: mid,
          occurredAt: new Date(ts),
          recipient: sender ?? null,
          payload: item,
        });
      }
    }
  }
  return events;
}
