import { optionalDateRange } from '../../platform/date-range.js';
import { notFound } from '../../platform/errors.js';
import { idPageRequest, toPage, UUID_RE, type Page } from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';
import { messageLogRepo } from './repo.js';
import {
  toMessage,
  toMessageEvent,
  type ConversationQuery,
  type ListMessagesQuery,
  type Message,
  type MessageEvent,
} from './schemas.js';

/** The outbound log, one message's history, and a contact's conversation. */
export function createMessageLogService() {
  return {
    list(ctx: OrgContext, query: ListMessagesQuery): Promise<Page<Message>> {
      requireRole(ctx, 'viewer');
      const pageRequest = idPageRequest(query);
      const range = optionalDateRange(query);
      return ctx.run(async (tx) => {
        const rows = await messageLogRepo.list(
          tx,
          ctx.orgId,
          { ...query, from: range?.from, to: range?.to },
          pageRequest,
        );
        const page = toPage(rows, query.limit, (r) => r.id);
        return { ...page, items: page.items.map(toMessage) };
      });
    },

    get(ctx: OrgContext, id: string): Promise<Message & { events: MessageEvent[] }> {
      requireRole(ctx, 'viewer');
      if (!UUID_RE.test(id)) throw notFound('Message');
      return ctx.run(async (tx) => {
        const row = await messageLogRepo.get(tx, ctx.orgId, id);
        if (!row) throw notFound('Message');
        const events = await messageLogRepo.events(tx, ctx.orgId, id);
        return { ...toMessage(row), events: events.map(toMessageEvent) };
      });
    },

    /** Inbound and outbound messages of one contact, newest first (pages go back in time). */
    conversation(ctx: OrgContext, contactId: string, query: ConversationQuery) {
      requireRole(ctx, 'viewer');
      if (!UUID_RE.test(contactId)) throw notFound('Contact');
      const pageRequest = idPageRequest(query);
      return ctx.run(async (tx): Promise<Page<Message>> => {
        if (!(await messageLogRepo.contactExists(tx, ctx.orgId, contactId)))
          throw notFound('Contact');
        const rows = await messageLogRepo.list(tx, ctx.orgId, { contactId }, pageRequest);
        const page = toPage(rows, query.limit, (r) => r.id);
        return { ...page, items: page.items.map(toMessage) };
      });
    },
  };
}

export type MessageLogService = ReturnType<typeof createMessageLogService>;
