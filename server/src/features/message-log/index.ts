/**
 * The message model and its log: what sending, campaigns and provider callbacks share. The
 * statuses and their order, the Message response shape, the writes every stage makes to a
 * message (its columns, its events), and the channels an integration sends on.
 */
import type { Db } from '../../db/client.js';
import { defineModule } from '../../platform/module.js';
import { registerMessageLogRoutes } from './routes.js';
import type { MessageLogService } from './service.js';

export { createMessageLogService, type MessageLogService } from './service.js';
export {
  CampaignStats,
  Message,
  MessageChannelSchema,
  MessageStatusSchema,
  toMessage,
  type MessageEvent,
} from './schemas.js';
export {
  advance,
  isFinal,
  MESSAGE_STATUSES,
  reportedStatus,
  type MessageStatus,
  type ProviderStatus,
} from './status.js';
export {
  insertEvents,
  messagesMergeParticipant,
  toUpdate,
  updateMessages,
  uuidArray,
  type EventInput,
  type MessageRow,
  type MessageUpdate,
} from './repo.js';
export {
  channelsOf,
  checkChannel,
  checkUsable,
  contactChannel,
  identityChannelOf,
} from './channels.js';

export const createMessageLogModule = (deps: { db: Db; messageLog: MessageLogService }) =>
  defineModule({
    name: 'message-log',
    routes: { org: (app) => registerMessageLogRoutes(app, deps) },
  });
