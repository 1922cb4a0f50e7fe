/**
 * The message model and its log: what sending, campaigns and provider callbacks share. The
 * statuses and their order, the Message response shape, the writes every stage makes to a
 * message (its columns, its events), and the channels an integration sends on.
 */
export { registerMessageLogRoutes } from './routes.js';
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
