import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../db/client.js';
import type { MessageChannel } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import {
  identityChannelOf,
  insertEvents,
  type EventInput,
  type MessageStatus,
} from '../message-log/index.js';
import { audienceRepo, campaignsRepo, type CampaignRow } from './repo.js';
import type { Audience } from './schemas.js';

/** Launch snapshots at most this many recipients (one message row each). */
export const MAX_AUDIENCE = 200_000;

/**
 * A launch's snapshot of the audience: one message per contact (queued, suppressed, or skipped
 * without an identity on the channel), each with its first event, inside the launch's
 * transaction. An empty or too large audience is refused. Returns how many messages it made and
 * the time they stand for (their first attempt, the campaign's launch).
 */
export async function snapshotAudience(
  tx: Tx,
  orgId: string,
  row: CampaignRow,
  pinned: { template: { id: string; channel: MessageChannel }; versionId: string },
) {
  const { template, versionId } = pinned;
  const members = await audienceRepo.members(
    tx,
    orgId,
    row.audience as Audience,
    identityChannelOf(template.channel),
  );
  if (!members.length) {
    throw new AppError('validation_failed', 'The audience is empty.', {
      errors: [{ path: 'audience', message: 'has no contacts' }],
    });
  }
  if (members.length > MAX_AUDIENCE) {
    throw new AppError(
      'validation_failed',
      `The audience has ${members.length} contacts; a campaign can send to at most ${MAX_AUDIENCE}.`,
      { errors: [{ path: 'audience', message: 'is too large' }] },
    );
  }
  const now = new Date();
  const rows = members.map((m) => {
    const status: MessageStatus = !m.identityId
      ? 'skipped'
      : m.suppressed
        ? 'suppressed'
        : 'queued';
    return {
      id: uuidv7(),
      orgId,
      direction: 'outbound' as const,
      channel: template.channel,
      integrationId: row.integrationId,
      campaignId: row.id,
      contactId: m.contactId,
      recipientContactId: m.contactId,
      identityId: m.identityId,
      address: m.normalized,
      templateId: template.id,
      templateVersionId: versionId,
      status,
      reasonCode:
        status === 'skipped' ? 'no_identity' : status === 'suppressed' ? 'suppressed' : null,
      reason:
        status === 'skipped'
          ? `The contact has no ${identityChannelOf(template.channel)} identity.`
          : status === 'suppressed'
            ? 'The recipient opted out (suppression list).'
            : null,
      nextAttemptAt: status === 'queued' ? now : null,
    };
  });
  const events: EventInput[] = [];
  await campaignsRepo.insertMessages(tx, rows);
  for (const r of rows) {
    events.push({
      orgId,
      messageId: r.id,
      kind: 'status',
      status: r.status,
      source: 'pipeline',
      detail: { campaignId: row.id, ...(r.reasonCode && { reasonCode: r.reasonCode }) },
    });
  }
  await insertEvents(tx, events);
  return { recipients: rows.length, at: now };
}
