import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { uuidv7 } from 'uuidv7';
import { messageEvents, messages, organizations, orgLogos } from '../../db/schema/index.js';

export const unsubscribeRepo = {
  /** The outbound email a link was sent in, with its organization's name. */
  async sentEmail(db: Executor, orgId: string, messageId: string) {
    const [row] = await db
      .select({
        id: messages.id,
        status: messages.status,
        address: messages.address,
        identityId: messages.identityId,
        orgName: organizations.name,
        brandColor: organizations.brandColor,
        logo: { sha256: orgLogos.sha256, contentType: orgLogos.contentType },
      })
      .from(messages)
      .innerJoin(organizations, eq(organizations.id, messages.orgId))
      .leftJoin(orgLogos, eq(orgLogos.orgId, messages.orgId))
      .where(
        and(
          eq(messages.orgId, orgId),
          eq(messages.id, messageId),
          eq(messages.direction, 'outbound'),
          eq(messages.channel, 'email'),
        ),
      );
    return row;
  },

  /** The message's history says its recipient unsubscribed through it. */
  async recordUnsubscribe(db: Executor, orgId: string, messageId: string, status: string) {
    await db.insert(messageEvents).values({
      id: uuidv7(),
      orgId,
      messageId,
      kind: 'unsubscribed',
      status,
      source: 'recipient',
      detail: { via: 'unsubscribe_link' },
    });
  },
};
