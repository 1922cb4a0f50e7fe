import { uuidv7 } from 'uuidv7';
import type { Executor, Tx } from '../../db/client.js';
import type { IntegrationProvider, MessageChannel } from '../../db/schema/index.js';
import { systemContext } from '../../platform/system-context.js';
import { findOrCreateByIdentity } from '../contacts/index.js';
import { liftStopKeyword, type SuppressionsService } from '../suppressions/index.js';
import { contactChannel } from '../message-log/index.js';
import type { CallbackEvent } from '../webhooks/index.js';
import { keywordIntent } from './keywords.js';
import { callbacksRepo } from './repo.js';

type StoredEvent = NonNullable<CallbackEvent['event']>;

/** A Telegram sender's name as they set it, for a contact created from their first message. */
function senderName(event: StoredEvent): string | undefined {
  const payload = event.payload as { message?: { from?: Record<string, unknown> } } | null;
  const from = payload?.message?.from;
  if (!from) return undefined;
  const name = [from.first_name, from.last_name].filter((v) => typeof v === 'string').join(' ');
  return name || (typeof from.username === 'string' ? `@${from.username}` : undefined);
}

/**
 * One inbound message (SMS, WhatsApp, Telegram, Instagram): the sender's contact is found by the
 * normalized identity or created (through the identity rules of the contacts feature), the
 * message is stored on their conversation, and an opt-out or opt-in keyword changes their
 * suppression on this channel. A repeat of the same provider message changes nothing.
 */
export async function receiveInbound(
  tx: Executor,
  deps: { suppressions: Pick<SuppressionsService, 'suppress'> },
  group: { orgId: string; integrationId: string; provider: IntegrationProvider },
  event: StoredEvent,
) {
  const ctx = systemContext(tx, group.orgId, 'Inbound message');
  const channel = contactChannel(event.channel);
  const name = senderName(event);
  const match = event.recipient
    ? await findOrCreateByIdentity(tx as Tx, ctx, {
        channel,
        value: event.recipient,
        ...(name && { name }),
      })
    : undefined;
  const contact = match?.ok ? match : undefined;
  const at = new Date(event.occurredAt);
  const intent = keywordIntent(event.text);
  const row = await callbacksRepo.insertInbound(tx, {
    id: uuidv7(),
    orgId: group.orgId,
    direction: 'inbound',
    channel: event.channel as MessageChannel,
    integrationId: group.integrationId,
    contactId: contact?.contact.id ?? null,
    identityId: contact?.identityId ?? null,
    address:
      contact?.contact.identities.find((i) => i.id === contact.identityId)?.normalized ??
      event.recipient,
    content: { text: event.text ?? '' },
    status: 'received',
    // Why no contact holds it: the sender's address did not parse for the channel.
    ...(match &&
      !match.ok && {
        reasonCode: match.error.code,
        reason: 'The sender’s address is not valid for this channel.',
      }),
    providerMessageId: event.providerMessageId,
    sentAt: at,
    lastEventAt: at,
  });
  if (!row) return;
  await callbacksRepo.insertEvents(tx, [
    {
      id: uuidv7(),
      orgId: group.orgId,
      messageId: row.id,
      kind: 'inbound',
      status: 'received',
      source: 'callback',
      detail: {
        providerEventId: event.providerEventId,
        ...(intent && { keyword: intent }),
        ...(match?.ok && match.created && { contactCreated: true }),
      },
      occurredAt: at,
    },
  ]);
  // Without a contact the address did not parse: there is nothing to suppress or lift.
  if (!intent || !contact || !row.address) return;
  if (intent === 'opt_out') {
    await deps.suppressions.suppress(
      ctx,
      { channel, identityId: contact.identityId, reason: 'stop_keyword' },
      { source: 'inbound_keyword' },
    );
  } else {
    await liftStopKeyword(tx as Tx, ctx, { channel, normalized: row.address });
  }
}
