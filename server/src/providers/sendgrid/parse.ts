import { isObject, parseJson, str } from '../http.js';
import type { EventType, NormalizedEvent } from '../types.js';

const TYPES: Record<string, EventType> = {
  processed: 'accepted',
  delivered: 'delivered',
  deferred: 'deferred',
  bounce: 'bounced',
  dropped: 'failed',
  open: 'opened',
  click: 'clicked',
  spamreport: 'spam_report',
  unsubscribe: 'unsubscribed',
  group_unsubscribe: 'unsubscribed',
};

/**
 * `sg_message_id` is the `X-Message-Id` returned by mail send plus a per-recipient suffix after
 * the first dot; the part before it is what the send call gave us.
 */
export const messageIdOf = (sgMessageId: string) => sgMessageId.split('.')[0]!;

/**
 * The Event Webhook body: a JSON array of events. Unknown event types (e.g. `group_resubscribe`)
 * are skipped; an event without `sg_event_id` cannot be deduplicated and is skipped too.
 * Returns undefined when the body is not an event array at all.
 */
export function parseEvents(rawBody: Buffer | string): NormalizedEvent[] | undefined {
  const body = parseJson(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  if (!Array.isArray(body)) return undefined;
  const events: NormalizedEvent[] = [];
  for (const item of body) {
    if (!isObject(item)) continue;
    const type = TYPES[str(item.event) ?? ''];
    const id = str(item.sg_event_id);
    if (!type || !id) continue;
    const sgMessageId = str(item.sg_message_id);
    const ts = typeof item.timestamp === 'number' ? item.timestamp * 1000 : Date.now();
    const errorCode = str(item.status) ?? (type === 'failed' ? str(item.reason) : undefined);
    events.push({
      providerEventId: id,
      type,
      channel: 'email',
      providerMessageId: sgMessageId ? messageIdOf(sgMessageId) : null,
      occurredAt: new Date(ts),
      recipient: str(item.email) ?? null,
      errorCode,
      payload: item,
    });
  }
  return events;
}
