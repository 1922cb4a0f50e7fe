import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { beforeAll, expect } from 'vitest';
import { providerEvents, webhookEvents } from '../../db/schema/index.js';
import { computeSignature } from '../../providers/twilio/signature.js';
import { request, signUp } from '../../test/factories.js';
import { createSandboxedApp } from '../../test/sandbox.js';

/** An app with the provider sandbox, an owner, and the calls the webhook tests make. */
export async function createWebhooksTestApp(opts: Parameters<typeof createSandboxedApp>[0] = {}) {
  const { t, sandbox } = await createSandboxedApp(opts);
  const owner = await signUp(t.app);
  const base = `/api/v1/orgs/${owner.org.id}/integrations`;

  async function create(body: Record<string, unknown>) {
    const res = await request(t.app, owner, 'POST', base, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{
      id: string;
      webhook: { urls: Record<string, string>; verifyToken?: string };
    }>();
  }

  const post = (url: string, headers: Record<string, string>, payload: string) =>
    t.app.inject({ method: 'POST', url, headers, payload } as InjectOptions);

  const eventsOf = (integrationId: string) =>
    t.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.integrationId, integrationId));
  // A callback's provider_event is written with it, before the reply.
  const providerEventsOf = (integrationId: string) =>
    t.database.db
      .select()
      .from(providerEvents)
      .where(eq(providerEvents.integrationId, integrationId));

  /**
   * A Twilio integration with `authToken`, and `send(sid)`: a signed `delivered` status callback
   * for message `sid` (created before the file's tests).
   */
  function twilioStatusSender(accountSid: string, authToken: string) {
    const target = { id: '', statusUrl: '' };
    beforeAll(async () => {
      const created = await create({
        provider: 'twilio',
        credentials: { accountSid, authToken },
        settings: { fromNumber: '+14155550199' },
      });
      target.id = created.id;
      target.statusUrl = created.webhook.urls.status!;
    });
    const send = (sid: string) => {
      const params = { MessageSid: sid, MessageStatus: 'delivered', To: '+14155550100' };
      return post(
        new URL(target.statusUrl).pathname,
        {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': computeSignature(authToken, target.statusUrl, params),
        },
        new URLSearchParams(params).toString(),
      );
    };
    return { target, send };
  }

  return { t, sandbox, owner, base, create, post, eventsOf, providerEventsOf, twilioStatusSender };
}
