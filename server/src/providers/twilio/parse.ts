import type { Channel, EventType, NormalizedEvent } from '../types.js';
import type { FormParams } from './signature.js';

const STATUS_TYPES: Record<string, EventType> = {
  accepted: 'accepted',
  scheduled: 'accepted',
  queued: 'accepted',
  sending: 'accepted',
  sent: 'accepted',
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
  read: 'read',
};

const one = (params: FormParams, name: string): string | undefined => {
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
};

const WHATSAPP = /^whatsapp:/;
const channelOf = (address: string | undefined): Channel =>
  address && WHATSAPP.test(address) ? 'whatsapp' : 'sms';
const bare = (address: string | undefined) => (address ? address.replace(WHATSAPP, '') : null);

/** Mapping of a Messages API `status` to our event type (also used by status fetch). */
export const typeOfStatus = (status: string): EventType | undefined => STATUS_TYPES[status];

/**
 * A message status callback. The dedupe key is `MessageSid:MessageStatus`: Twilio sends one
 * callback per status change and retries carry the same pair. Twilio's status callbacks carry
 * no timestamp, so `occurredAt` is the time of receipt.
 */
export function parseStatusCallback(
  params: FormParams,
  receivedAt = new Date(),
): NormalizedEvent[] {
  const sid = one(params, 'MessageSid') ?? one(params, 'SmsSid');
  const status = one(params, 'MessageStatus') ?? one(params, 'SmsStatus');
  const type = status ? STATUS_TYPES[status] : undefined;
  if (!sid || !status || !type) return [];
  const to = one(params, 'To');
  return [
    {
      providerEventId: `${sid}:${status}`,
      type,
      channel: channelOf(to),
      providerMessageId: sid,
      occurredAt: receivedAt,
      recipient: bare(to),
      errorCode: one(params, 'ErrorCode') || undefined,
      payload: params,
    },
  ];
}

/** An incoming message webhook (SMS or WhatsApp). */
export function parseInbound(params: FormParams, receivedAt = new Date()): NormalizedEvent[] {
  const sid = one(params, 'MessageSid') ?? one(params, 'SmsMessageSid');
  const from = one(params, 'From');
  if (!sid || !from) return [];
  return [
    {
      providerEventId: `${sid}:received`,
      type: 'inbound',
      channel: channelOf(from),
      providerMessageId: sid,
      occurredAt: receivedAt,
      recipient: bare(from),
      text: one(params, 'Body') ?? '',
      payload: params,
    },
  ];
}
