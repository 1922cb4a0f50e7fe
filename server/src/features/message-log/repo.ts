import { and, asc, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { keyset, type PageRequest } from '../../platform/pagination.js';
import type { Executor, Tx } from '../../db/client.js';
import { contacts, messageEvents, messages } from '../../db/schema/index.js';
import type { MergeParticipant } from '../identity-conflicts/index.js';
import type { MessageStatus } from './status.js';

/*
 * The SQL of messages: the writes every stage of a message's life shares (its columns, its
 * events), the reads of the log and the conversation timeline, and the contact-merge participant.
 */

export type MessageRow = typeof messages.$inferSelect;

/** `{a,b}`: a uuid[] literal (ids are checked UUIDs), so one parameter carries the whole list. */
export const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

export interface EventInput {
  orgId: string;
  messageId: string;
  kind: 'status' | 'attempt' | 'action';
  status: MessageStatus;
  source: 'pipeline' | 'user';
  detail?: Record<string, unknown>;
}

export async function insertEvents(db: Executor, events: EventInput[]) {
  for (let i = 0; i < events.length; i += 1000) {
    const chunk = events.slice(i, i + 1000);
    await db.insert(messageEvents).values(
      chunk.map((e) => ({
        id: uuidv7(),
        orgId: e.orgId,
        messageId: e.messageId,
        kind: e.kind,
        status: e.status,
        source: e.source,
        detail: e.detail ?? {},
      })),
    );
  }
}

/** The columns the pipeline sets on a message after a step, absolute values. */
export interface MessageUpdate {
  id: string;
  status: MessageStatus;
  attempts: number;
  reasonCode: string | null;
  reason: string | null;
  providerMessageId: string | null;
  providerErrorCode: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  content: MessageRow['content'];
}

/**
 * Many messages, each to its own values, in one statement. The values were computed from the row
 * as claimed, before the provider call; a callback processed meanwhile (SendGrid echoes our id, so
 * its events can land before the send result) may already have moved the message to a provider
 * status. Such a status is kept: the pipeline never moves a message back (status.ts), it only
 * adds what it learnt (the provider's id, the rendered content).
 */
export async function updateMessages(db: Executor, updates: MessageUpdate[]) {
  if (!updates.length) return;
  const values = sql.join(
    updates.map(
      (u) =>
        sql`(${u.id}::uuid, ${u.status}, ${u.attempts}::int, ${u.reasonCode}, ${u.reason},
             ${u.providerMessageId}, ${u.providerErrorCode},
             ${u.nextAttemptAt?.toISOString() ?? null}::timestamptz,
             ${u.sentAt?.toISOString() ?? null}::timestamptz,
             ${u.content ? JSON.stringify(u.content) : null}::jsonb)`,
    ),
    sql`, `,
  );
  const reported = sql.raw(
    `(m.status in ('sent', 'delivered', 'read', 'failed', 'bounced') and ` +
      `v.status in ('queued', 'sending', 'sent', 'needs_review'))`,
  );
  await db.execute(sql`
    update messages m set
      status = case when ${reported} then m.status else v.status end,
      attempts = v.attempts,
      reason_code = case when ${reported} then m.reason_code else v.reason_code end,
      reason = case when ${reported} then m.reason else v.reason end,
      provider_message_id = coalesce(v.provider_message_id, m.provider_message_id),
      provider_error_code = v.provider_error_code, next_attempt_at = v.next_attempt_at,
      sent_at = coalesce(v.sent_at, m.sent_at), content = v.content, updated_at = now(), last_event_at = now()
    from (values ${values}) as v(id, status, attempts, reason_code, reason, provider_message_id,
                                 provider_error_code, next_attempt_at, sent_at, content)
    where m.id = v.id`);
}

export const toUpdate = (row: MessageRow): MessageUpdate => ({
  id: row.id,
  status: row.status as MessageStatus,
  attempts: row.attempts,
  reasonCode: row.reasonCode,
  reason: row.reason,
  providerMessageId: row.providerMessageId,
  providerErrorCode: row.providerErrorCode,
  nextAttemptAt: row.nextAttemptAt,
  sentAt: row.sentAt,
  content: row.content,
});

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
  list(db: Executor, orgId: string, filter: MessageFilter, page: PageRequest) {
    const k = keyset([messages.id], 'desc', page);
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
          k.where,
        ),
      )
      .orderBy(...k.orderBy)
      .limit(k.limit);
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
