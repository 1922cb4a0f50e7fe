import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { pageOf } from '../../platform/pagination.js';
import {
  ConversationParams,
  ConversationQuery,
  ListMessagesQuery,
  MessageParams,
  Message,
  MessageWithEvents,
} from './schemas.js';
import type { MessageLogService } from './service.js';

export interface MessageLogRouteDeps {
  db: Db;
  messageLog: MessageLogService;
}

export function registerMessageLogRoutes(app: FastifyInstance, deps: MessageLogRouteDeps) {
  const api = typed(app);
  const tags = ['messages'];
  api.get(
    '/messages',
    {
      schema: {
        tags,
        summary:
          'The message log, newest first: filter by campaign, contact, channel, status, direction and creation date (`from`/`to`/`tz`)',
        params: OrgParams,
        querystring: ListMessagesQuery,
        response: { 200: pageOf(Message), ...ORG_ERRORS, ...problems(422) },
      },
    },
    (request) => deps.messageLog.list(orgContext(request, deps.db, 'viewer'), request.query),
  );
  api.get(
    '/messages/:messageId',
    {
      schema: {
        tags,
        summary:
          'One message with its full status history, provider ids, error code and safe reason',
        params: MessageParams,
        response: { 200: MessageWithEvents, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.messageLog.get(orgContext(request, deps.db, 'viewer'), request.params.messageId),
  );
  api.get(
    '/contacts/:contactId/conversation',
    {
      schema: {
        tags,
        summary:
          "A contact's inbound and outbound messages, newest first; `nextCursor` pages back in time",
        params: ConversationParams,
        querystring: ConversationQuery,
        response: { 200: pageOf(Message), ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.messageLog.conversation(
        orgContext(request, deps.db, 'viewer'),
        request.params.contactId,
        request.query,
      ),
  );
}
