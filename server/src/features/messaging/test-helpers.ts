import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { expect } from 'vitest';
import type { Db } from '../../db/client.js';
import {
  messageEvents,
  messages,
  suppressions,
  type MessageChannel,
} from '../../db/schema/index.js';
import { createSandboxedApp } from '../../test/sandbox.js';
import { request, signUp } from '../../test/factories.js';

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

export const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TWILIO_TOKEN = 'e'.repeat(32);
export const TWILIO_CREDS = { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN };

export interface CreatedIntegration {
  id: string;
  webhook: { urls: Record<string, string> };
}

/**
 * The callback tests' app: a sandboxed app whose provider callbacks (status reports, events,
 * inbound messages) are delivered into it, and an owner to create sandbox integrations with.
 */
export async function createCallbackTestApp() {
  const { t, sandbox } = await createSandboxedApp();
  const owner = await signUp(t.app);

  async function integration(body: Record<string, unknown>): Promise<CreatedIntegration> {
    const res = await request(t.app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/integrations`, {
      sandbox: true,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CreatedIntegration>();
  }

  const process = () => t.services.webhooks.processPending();

  const suppressionsOf = (orgId: string) =>
    t.database.db
      .select({
        channel: suppressions.channel,
        normalized: suppressions.normalized,
        reason: suppressions.reason,
      })
      .from(suppressions)
      .where(eq(suppressions.orgId, orgId))
      .orderBy(suppressions.normalized);

  return { t, sandbox, owner, integration, process, suppressionsOf };
}
