import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { webhookEvents, webhookRequests } from '../../db/schema/index.js';
import { createOrgContext } from '../../platform/tenancy.js';
import { computeSignature } from '../../providers/twilio/signature.js';
import type { SignedUp } from '../../test/factories.js';
import { webhooksRepo } from './repo.js';
import { createWebhooksTestApp } from './webhooks.test-helpers.js';

const { t, sandbox, owner, create, post, eventsOf, providerEventsOf } =
  await createWebhooksTestApp();

// --- Twilio ------------------------------------------------------------------------------------

describe('Twilio callbacks', () => {
  const authToken = 'b'.repeat(32);
  let id: string;
  let statusUrl: string;

  beforeAll(async () => {
    const created = await create({
      provider: 'twilio',
      credentials: { accountSid: `AC${'1'.repeat(32)}`, authToken },
      settings: { fromNumber: '+14155550199' },
    });
    id = created.id;
    statusUrl = created.webhook.urls.status!;
  });

  const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const status = {
    MessageSid: 'SM1',
    MessageStatus: 'delivered',
    To: '+14155550100',
    AccountSid: 'AC1',
  };

  it('verifies the signature over the public URL and sorted params; dedupes on MessageSid+MessageStatus', async () => {
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': computeSignature(authToken, statusUrl, status),
    };
    const path = new URL(statusUrl).pathname;
    expect((await post(path, headers, form(status))).statusCode).toBe(200);
    expect((await post(path, headers, form(status))).statusCode).toBe(200);
    const stored = await eventsOf(id);
    expect(stored.map((e) => e.providerEventId)).toEqual(['SM1:delivered']);
    // A one-event request is kept on its event row (one row per callback), raw bytes included.
    expect(stored[0]).toMatchObject({
      requestId: stored[0]!.id,
      purpose: 'status',
      rawBody: form(status),
      verified: true,
      headers: { 'x-twilio-signature': headers['x-twilio-signature'] },
    });
    const requests = await t.database.db
      .select()
      .from(webhookRequests)
      .where(eq(webhookRequests.integrationId, id));
    expect(requests).toHaveLength(0);
    expect((await providerEventsOf(id)).map((e) => `${e.kind}:${e.outcome}`).sort()).toEqual([
      'callback:accepted',
      'callback:duplicate',
    ]);
  });

  it('replaying every callback 5 times, shuffled and concurrent, leaves exactly one event each', async () => {
    const path = new URL(statusUrl).pathname;
    const callbacks = Array.from({ length: 20 }, (_, i) => {
      const params = {
        MessageSid: `SMreplay${i}`,
        MessageStatus: i % 2 ? 'sent' : 'delivered',
        To: '+14155550100',
      };
      return {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': computeSignature(authToken, statusUrl, params),
        body: form(params),
      };
    });
    const earlier = new Set((await providerEventsOf(id)).map((e) => e.id));
    const deliveries = callbacks.flatMap((c) => Array.from({ length: 5 }, () => c));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const statuses = await Promise.all(
      deliveries.map(({ body, ...headers }) => post(path, headers, body).then((r) => r.statusCode)),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    const replayed = (await eventsOf(id)).filter((e) => e.providerEventId.startsWith('SMreplay'));
    expect(replayed).toHaveLength(20);
    // Concurrent callbacks share statements, so copies of one event often meet in one batch:
    // the first is stored, every other copy is a duplicate, and each gets its provider_event.
    const outcomes = (await providerEventsOf(id)).filter(
      (e) => e.kind === 'callback' && !earlier.has(e.id),
    );
    const count = (outcome: string) => outcomes.filter((e) => e.outcome === outcome).length;
    expect([count('accepted'), count('duplicate')]).toEqual([20, 80]);
  });

  it('rejects a tampered parameter and a missing signature', async () => {
    const path = new URL(statusUrl).pathname;
    const signature = computeSignature(authToken, statusUrl, status);
    const tampered = { ...status, MessageStatus: 'failed' };
    expect(
      (
        await post(
          path,
          { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          form(tampered),
        )
      ).statusCode,
    ).toBe(401);
    expect(
      (await post(path, { 'content-type': 'application/x-www-form-urlencoded' }, form(tampered)))
        .statusCode,
    ).toBe(401);
  });

  it('claims due events first and leaves a deferred one until it is due, then says when', async () => {
    const path = new URL(statusUrl).pathname;
    const send = (sid: string) => {
      const params = { MessageSid: sid, MessageStatus: 'sent', To: '+14155550100' };
      return post(
        path,
        {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': computeSignature(authToken, statusUrl, params),
        },
        form(params),
      );
    };
    expect((await send('SMdeferred')).statusCode).toBe(200);
    expect((await send('SMfresh')).statusCode).toBe(200);
    const dueAt = new Date(Date.now() + 10 * 60_000);
    await t.database.db
      .update(webhookEvents)
      .set({ attempts: 1, nextAttemptAt: dueAt })
      .where(eq(webhookEvents.providerEventId, 'SMdeferred:sent'));

    const claimed = await t.database.db.transaction((tx) => webhooksRepo.claimPending(tx, 1000));
    const ids = claimed.map((r) => r.id);
    const stored = await eventsOf(id);
    const deferred = stored.find((r) => r.providerEventId === 'SMdeferred:sent')!;
    const fresh = stored.find((r) => r.providerEventId === 'SMfresh:sent')!;
    expect(ids).toContain(fresh.id);
    expect(ids).not.toContain(deferred.id);
    // The job schedules its follow-up for the next not-yet-due event (ours, or an earlier one).
    const next = await webhooksRepo.nextDeferredAt(t.database.db);
    expect(next!.getTime()).toBeGreaterThan(Date.now());
    expect(next!.getTime()).toBeLessThanOrEqual(dueAt.getTime());

    await t.database.db
      .update(webhookEvents)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(webhookEvents.id, deferred.id));
    const later = await t.database.db.transaction((tx) => webhooksRepo.claimPending(tx, 1000));
    expect(later.map((r) => r.id)).toContain(deferred.id);
  });
  /** An incoming SMS from +14155550100, signed as Twilio signs it. */
  const postInbound = (sid: string, body: string) => {
    const inboundUrl = statusUrl.replace('/status', '/inbound');
    const params = {
      MessageSid: sid,
      From: '+14155550100',
      To: '+14155550199',
      Body: body,
      SmsStatus: 'received',
    };
    return post(
      new URL(inboundUrl).pathname,
      {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': computeSignature(authToken, inboundUrl, params),
      },
      form(params),
    );
  };

  it('answers inbound messages with empty TwiML', async () => {
    const res = await postInbound('SM2', 'STOP');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect((await eventsOf(id)).find((e) => e.providerEventId === 'SM2:received')).toMatchObject({
      type: 'inbound',
    });
  });

  it('stores a message carrying a NUL character instead of refusing it on every retry', async () => {
    const res = await postInbound('SMnul', 'a\u0000b \\u0000 kept');
    expect(res.statusCode, res.body).toBe(200);
    const stored = (await eventsOf(id)).find((e) => e.providerEventId === 'SMnul:received');
    // The NUL becomes U+FFFD; a literal backslash-u0000 in the text is left as it was.
    expect((stored?.event as { payload: { Body: string } }).payload.Body).toBe(
      'a\uFFFDb \\u0000 kept',
    );
  });

  it('end to end with the sandbox: sent → callbacks signed by the emulator are stored', async () => {
    const created = await create({
      provider: 'twilio',
      sandbox: true,
      credentials: { accountSid: `AC${'2'.repeat(32)}`, authToken: 'c'.repeat(32) },
      settings: { fromNumber: '+14155550199' },
    });
    const { sendMessage } = await import('../../providers/twilio/client.js');
    const resolved = await t.services.integrations.resolve(ctxFor(owner), created.id);
    const sent = await sendMessage(
      resolved.endpoint,
      { accountSid: resolved.credentials.accountSid!, authToken: resolved.credentials.authToken! },
      {
        to: '+14155550021',
        from: '+14155550199',
        body: 'hi',
        statusCallback: created.webhook.urls.status,
      },
    );
    expect(sent.ok).toBe(true);
    await sandbox.ctx.idle();
    const types = (await eventsOf(created.id)).map(
      (e) => `${e.type}:${(e.event as { errorCode?: string }).errorCode ?? ''}`,
    );
    expect(types.sort()).toEqual(['accepted:', 'failed:21610']);
  });
});

function ctxFor(user: SignedUp) {
  return createOrgContext(t.database.db, {
    orgId: user.org.id,
    role: 'owner' as const,
    actor: { type: 'user' as const, id: user.user.id, name: user.user.name },
    userId: user.user.id,
    meta: { ip: null, userAgent: null, requestId: 'test' },
  });
}
