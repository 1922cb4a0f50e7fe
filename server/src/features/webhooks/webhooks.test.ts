import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { webhookEvents, webhookRequests } from '../../db/schema/index.js';
import { request } from '../../test/factories.js';
import { createWebhooksService } from './index.js';
import { REJECTIONS_PER_MINUTE } from '../../platform/http/rejection-throttle.js';
import { createWebhooksTestApp } from './webhooks.test-helpers.js';

const { t, sandbox, owner, base, create, post, eventsOf, providerEventsOf } =
  await createWebhooksTestApp();

// --- SendGrid ----------------------------------------------------------------------------------

function keyPair() {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKey: pair.privateKey,
    publicB64: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

function signSendGrid(
  privateKey: KeyObject,
  body: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
) {
  return {
    'content-type': 'application/json',
    'x-twilio-email-event-webhook-timestamp': timestamp,
    'x-twilio-email-event-webhook-signature': sign('sha256', Buffer.from(timestamp + body), {
      key: privateKey,
      dsaEncoding: 'der',
    }).toString('base64'),
  };
}

const sgBody = (ids: string[]) =>
  `[${ids
    .map((id) =>
      JSON.stringify({
        email: 'a@example.com',
        event: 'delivered',
        sg_event_id: id,
        sg_message_id: 'MSG1.x',
        timestamp: 1700000000,
      }),
    )
    .join(',\r\n')}]\r\n`;

describe('SendGrid Event Webhook', () => {
  const keys = keyPair();
  const other = keyPair();
  let id: string;
  let url: string;
  let secondUrl: string;

  beforeAll(async () => {
    const sg = (publicKey: string) =>
      create({
        provider: 'sendgrid',
        credentials: { apiKey: 'SG.webhook-test-key', webhookPublicKey: publicKey },
        settings: { fromEmail: 'a@example.com' },
      });
    const first = await sg(keys.publicB64);
    id = first.id;
    url = new URL(first.webhook.urls.events!).pathname;
    secondUrl = new URL((await sg(other.publicB64)).webhook.urls.events!).pathname;
  });

  it('stores a verified batch, one event per sg_event_id, before answering 200', async () => {
    const body = sgBody(['ev-1', 'ev-2']);
    const res = await post(url, signSendGrid(keys.privateKey, body), body);
    expect(res.statusCode).toBe(200);
    const stored = await eventsOf(id);
    expect(stored.map((e) => e.providerEventId).sort()).toEqual(['ev-1', 'ev-2']);
    expect(stored[0]).toMatchObject({
      type: 'delivered',
      providerMessageId: 'MSG1',
      channel: 'email',
    });
    const [raw] = await t.database.db
      .select()
      .from(webhookRequests)
      .where(eq(webhookRequests.integrationId, id));
    expect(raw!.rawBody).toBe(body);
    expect(raw!.headers['x-twilio-email-event-webhook-signature']).toBeDefined();
  });

  it('a duplicate (replay) gets 200 and changes nothing', async () => {
    const body = sgBody(['ev-1', 'ev-2']);
    const res = await post(url, signSendGrid(keys.privateKey, body), body);
    expect(res.statusCode).toBe(200);
    expect(await eventsOf(id)).toHaveLength(2);
    const requests = await t.database.db
      .select()
      .from(webhookRequests)
      .where(eq(webhookRequests.integrationId, id));
    expect(requests).toHaveLength(1);
    expect((await providerEventsOf(id)).map((e) => e.outcome).sort()).toEqual([
      'accepted',
      'duplicate',
    ]);
  });

  it.each([
    [
      'tampered body',
      (b: string) => ({
        headers: signSendGrid(keys.privateKey, b),
        body: b.replace('delivered', 'bounce'),
      }),
    ],
    ['wrong key', (b: string) => ({ headers: signSendGrid(other.privateKey, b), body: b })],
    [
      'stale timestamp',
      (b: string) => ({
        headers: signSendGrid(
          keys.privateKey,
          b,
          String(Math.floor(Date.now() / 1000) - 4 * 86400),
        ),
        body: b,
      }),
    ],
    [
      'missing signature header',
      (b: string) => {
        const { 'x-twilio-email-event-webhook-signature': _s, ...headers } = signSendGrid(
          keys.privateKey,
          b,
        );
        return { headers, body: b };
      },
    ],
  ])(
    'rejects a %s with a 401 that does not say why, stores nothing and counts it',
    async (_name, make) => {
      const before = (await eventsOf(id)).length;
      const { headers, body } = make(sgBody(['ev-rejected']));
      const res = await post(url, headers, body);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      // The same detail for every failed check: a forger learns nothing from the answer.
      expect(res.json()).toMatchObject({
        code: 'unauthenticated',
        detail: 'The callback could not be verified.',
      });
      expect(await eventsOf(id)).toHaveLength(before);
      const rejected = (await providerEventsOf(id)).filter((e) => e.kind === 'webhook_rejected');
      expect(rejected.length).toBeGreaterThan(0);
    },
  );

  it('rejects a signature valid for another integration (cross-integration)', async () => {
    const body = sgBody(['ev-cross']);
    const res = await post(secondUrl, signSendGrid(keys.privateKey, body), body);
    expect(res.statusCode).toBe(401);
  });

  it('answers an unknown or malformed integration id like a bad signature', async () => {
    const body = sgBody(['x']);
    expect(
      (
        await post(
          '/webhooks/sendgrid/00000000-0000-7000-8000-000000000000',
          signSendGrid(keys.privateKey, body),
          body,
        )
      ).statusCode,
    ).toBe(401);
    expect(
      (await post('/webhooks/sendgrid/nope', signSendGrid(keys.privateKey, body), body)).statusCode,
    ).toBe(401);
    // A SendGrid integration's id under another provider's route is unknown there.
    expect(
      (await post(`/webhooks/telegram/${id}`, { 'content-type': 'application/json' }, '{}'))
        .statusCode,
    ).toBe(403);
  });

  it('shows health on the integration: last callback and rejections in 24 hours', async () => {
    const res = await request(t.app, owner, 'GET', `${base}/${id}`);
    expect(res.json().webhook).toMatchObject({
      lastVerifiedAt: expect.any(String),
      lastCallbackAt: expect.any(String),
      rejected24h: 4,
    });
  });

  it('the processing job marks stored events processed', async () => {
    const seen: string[] = [];
    // The stored events, handed to a processor that records them.
    const webhooks = createWebhooksService({
      db: t.database.db,
      secrets: t.services.secrets,
      publicUrl: t.config.publicUrl,
      logger: t.services.logger,
      processors: [
        async (_tx, events) => {
          seen.push(...events.map((e) => e.event?.providerEventId ?? ''));
        },
      ],
    });
    const processed = await webhooks.processPending();
    expect(processed).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual(expect.arrayContaining(['ev-1', 'ev-2']));
    const pending = await t.database.db
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.integrationId, id), isNull(webhookEvents.processedAt)));
    expect(pending).toHaveLength(0);
  });

  it('in log_only mode lets an unverified callback in, but records the rejection', async () => {
    await request(t.app, owner, 'PATCH', `${base}/${id}`, { verification: 'log_only' });
    const body = sgBody(['ev-unverified']);
    const res = await post(url, { 'content-type': 'application/json' }, body);
    expect(res.statusCode).toBe(200);
    expect((await eventsOf(id)).map((e) => e.providerEventId)).toContain('ev-unverified');
    const logged = (await providerEventsOf(id)).filter(
      (e) => e.outcome === 'logged' || e.outcome === 'unverified',
    );
    expect(logged.map((e) => e.kind).sort()).toEqual(['callback', 'webhook_rejected']);
    await request(t.app, owner, 'PATCH', `${base}/${id}`, { verification: 'enforced' });
  });
});

// --- Telegram and Instagram -------------------------------------------------------------------

describe('Telegram updates', () => {
  it('accepts updates carrying the secret token (via the sandbox) and dedupes on update_id', async () => {
    const created = await create({
      provider: 'telegram',
      sandbox: true,
      credentials: { botToken: '777:sandbox-token-for-tests' },
    });
    await fetch(`${sandbox.url}/telegram/_inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ botToken: '777:sandbox-token-for-tests', chatId: 42, text: 'hello' }),
    });
    await sandbox.ctx.idle();
    const stored = await eventsOf(created.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: 'inbound', channel: 'telegram' });
    const delivery = sandbox.ctx.delivered.find((d) => d.url.includes(created.id))!;
    expect(delivery.status).toBe(200);
    // The same update again, and one with a wrong token.
    const path = new URL(delivery.url).pathname;
    expect((await post(path, delivery.headers, delivery.body)).statusCode).toBe(200);
    expect(await eventsOf(created.id)).toHaveLength(1);
    const wrong = { ...delivery.headers, 'x-telegram-bot-api-secret-token': 'wrong' };
    expect((await post(path, wrong, delivery.body)).statusCode).toBe(403);
    const { 'x-telegram-bot-api-secret-token': _s, ...missing } = delivery.headers;
    expect((await post(path, missing, delivery.body)).statusCode).toBe(403);
  });
});

describe('Instagram webhooks', () => {
  const appSecret = 'd'.repeat(32);
  it('answers the hub.challenge handshake and verifies X-Hub-Signature-256', async () => {
    const created = await create({
      provider: 'instagram',
      credentials: { pageAccessToken: 'EAAG-real-token', appSecret },
      settings: { igUserId: '17841400000000000' },
    });
    const path = new URL(created.webhook.urls.callback!).pathname;
    const token = created.webhook.verifyToken!;
    const ok = await t.app.inject({
      method: 'GET',
      url: `${path}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${token}`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const bad = await t.app.inject({
      method: 'GET',
      url: `${path}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong`,
    });
    expect(bad.statusCode).toBe(403);

    const body = JSON.stringify({
      object: 'instagram',
      entry: [
        {
          id: '1',
          time: 1,
          messaging: [
            {
              sender: { id: '99' },
              recipient: { id: '1' },
              timestamp: 1700000000000,
              message: { mid: 'mid-1', text: 'hi' },
            },
          ],
        },
      ],
    });
    const sig = `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': sig };
    expect((await post(path, headers, body)).statusCode).toBe(200);
    expect((await post(path, headers, body)).statusCode).toBe(200);
    expect((await eventsOf(created.id)).map((e) => e.providerEventId)).toEqual(['mid-1']);
    expect((await post(path, headers, body.replace('hi', 'ho'))).statusCode).toBe(403);
  });
});

describe('rejection throttle', () => {
  const keys = keyPair();
  let url: string;

  beforeAll(async () => {
    const created = await create({
      provider: 'sendgrid',
      credentials: { apiKey: 'SG.throttle-test-key', webhookPublicKey: keys.publicB64 },
      settings: { fromEmail: 'a@example.com' },
    });
    url = new URL(created.webhook.urls.events!).pathname;
  });

  it('turns away a sender that keeps failing verification, without blocking the genuine one', async () => {
    const forged = sgBody(['forged']);
    const from = (remoteAddress: string, headers: Record<string, string>, body: string) =>
      t.app.inject({ method: 'POST', url, headers, payload: body, remoteAddress } as InjectOptions);
    const attacker = '203.0.113.9';
    const badHeaders = signSendGrid(keyPair().privateKey, forged);
    for (let i = 0; i < REJECTIONS_PER_MINUTE; i++) {
      expect((await from(attacker, badHeaders, forged)).statusCode).toBe(401);
    }
    const refused = await from(attacker, badHeaders, forged);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    const genuine = sgBody(['after-the-flood']);
    expect(
      (await from('198.51.100.7', signSendGrid(keys.privateKey, genuine), genuine)).statusCode,
    ).toBe(200);
  });
});
