import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/client.js';
import { messageEvents, messages, type MessageChannel } from '../db/schema/index.js';

/**
 * Outbound message rows as the send pipeline leaves them, written directly: these tests are
 * about what happens after the provider accepted a message.
 */
export async function insertOutbound(
  db: Db,
  values: {
    orgId: string;
    integrationId: string;
    channel: MessageChannel;
    address: string;
    providerMessageId?: string | null;
    contactId?: string | null;
    identityId?: string | null;
    campaignId?: string | null;
    status?: string;
    sentAt?: Date;
    createdAt?: Date;
    text?: string;
  },
) {
  const [row] = await db
    .insert(messages)
    .values({
      id: uuidv7(),
      orgId: values.orgId,
      direction: 'outbound',
      channel: values.channel,
      integrationId: values.integrationId,
      contactId: values.contactId ?? null,
      // As a campaign launch does.
      recipientContactId: values.campaignId ? (values.contactId ?? null) : null,
      identityId: values.identityId ?? null,
      campaignId: values.campaignId ?? null,
      address: values.address,
      content: { text: values.text ?? 'Hello' },
      status: values.status ?? 'sent',
      providerMessageId: values.providerMessageId ?? null,
      attempts: 1,
      sentAt: values.sentAt ?? new Date(),
      ...(values.createdAt && { createdAt: values.createdAt }),
    })
    .returning();
  return row!;
}

export async function messageState(db: Db, id: string) {
  const [row] = await db.select().from(messages).where(eq(messages.id, id));
  const events = await db
    .select()
    .from(messageEvents)
    .where(and(eq(messageEvents.messageId, id)))
    .orderBy(messageEvents.occurredAt, messageEvents.id);
  return { message: row!, events };
}
