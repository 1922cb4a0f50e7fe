import { and, asc, count, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client.js';
import { contacts, messageEvents, messages } from '../../db/schema/index.js';
import type { MergeParticipant } from '../identity-conflicts/index.js';

export interface MessageFilter {
  campaignId?: string | undefined;
  contactId?: string | undefined;
  channel?: string | undefined;
  status?: string | undefined;
  direction?: 'outbound' | 'inbound' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Reads of the message log and the conversation timeline; every query is scoped by org. */
export const messageLogRepo = {
  /** Newest first, keyset on the UUIDv7 id (time-ordered). */
  list(db: Executor, orgId: string, filter: MessageFilter, limit: number, beforeId?: string) {
    return db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.orgId, orgId),
          filter.campaignId ? eq(messages.campaignId, filter.campaignId) : undefined,
          filter.contactId ? eq(messages.contactId, filter.contactId) : undefined,
          filter.channel ? eq(messages.channel, filter.channel as never) : undefined,
          filter.status ? eq(messages.status, filter.status) : undefined,
          filter.direction ? eq(messages.direction, filter.direction) : undefined,
          filter.from && gte(messages.createdAt, filter.from),
          filter.to && lt(messages.createdAt, filter.to),
          beforeId ? lt(messages.id, beforeId) : undefined,
        ),
      )
      .orderBy(desc(messages.id))
      .limit(limit + 1);
  },

  async get(db: Executor, orgId: string, id: string) {
    const [row] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.orgId, orgId), eq(messages.id, id)));
    return row;
  },

  /** A message's history in the order it happened. */
  events(db: Executor, orgId: string, messageId: string) {
    return db
      .select()
      .from(messageEvents)
      .where(and(eq(messageEvents.orgId, orgId), eq(messageEvents.messageId, messageId)))
      .orderBy(asc(messageEvents.occurredAt), asc(messageEvents.id));
  },

  async contactExists(db: Executor, orgId: string, contactId: string) {
    const [row] = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)));
    return !!row;
  },
};

/**
 * Messages follow their contact through a merge, and go back on unmerge. All of them: a campaign
 * is unique per recipient (`recipient_contact_id`), so the kept contact may hold two of one
 * campaign's messages.
 */
export const messagesMergeParticipant: MergeParticipant = {
  name: 'messages',
  async count(tx: Tx, orgId, contactId) {
    const [row] = await tx
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.orgId, orgId), eq(messages.contactId, contactId)));
    return Number(row?.n ?? 0);
  },
  async move(tx: Tx, orgId, fromId, toId) {
    const rows = await tx
      .update(messages)
      .set({ contactId: toId })
      .where(and(eq(messages.orgId, orgId), eq(messages.contactId, fromId)))
      .returning({ id: messages.id });
    return rows.map((r) => r.id);
  },
  async restore(tx: Tx, orgId, ids, toId) {
    if (!ids.length) return;
    await tx
      .update(messages)
      .set({ contactId: toId })
      .where(and(eq(messages.orgId, orgId), inArray(messages.id, ids)));
  },
};
