import { rm } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../app.js';
import { webhookEvents } from '../../db/schema/index.js';
import { computeSignature } from '../../providers/twilio/signature.js';
import { createServices } from '../../services.js';
import { createOutageSwitch } from '../../test/outage.js';
import { createWebhooksTestApp } from './webhooks.test-helpers.js';

let outage!: ReturnType<typeof createOutageSwitch>;
// Room for about two spooled Twilio callbacks.
const { t, create, post, twilioStatusSender } = await createWebhooksTestApp({
  env: { CALLBACK_SPOOL_MAX_MB: String(2500 / 1024 / 1024) },
  database: (database) => (outage = createOutageSwitch(database)).database,
});
const authToken = 'd'.repeat(32);
afterAll(() => rm(t.config.callbackSpool.dir, { recursive: true, force: true }));

describe('the callback spool at its limits, and after a restart', () => {
  const { target, send } = twilioStatusSender(`AC${'3'.repeat(32)}`, authToken);
  const storedSids = async () =>
    (
      await outage.real.db
        .select({ key: webhookEvents.providerEventId })
        .from(webhookEvents)
        .where(eq(webhookEvents.integrationId, target.id))
    )
      .map((r) => r.key.replace(/:delivered$/, ''))
      .sort();

  const acknowledged: string[] = [];

  it('answers 503 callback_spool_full with Retry-After once the spool is at its size limit', async () => {
    expect((await send('SMlimit0')).statusCode).toBe(200);
    acknowledged.push('SMlimit0');
    outage.down();
    const answers: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await send(`SMlimit${i}`);
      answers.push(res.statusCode);
      if (res.statusCode === 200) acknowledged.push(`SMlimit${i}`);
      else {
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.headers['retry-after']).toBe('30');
        expect(res.json()).toMatchObject({ code: 'callback_spool_full' });
      }
    }
    expect(answers.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(answers.at(-1)).toBe(503);
  });

  it('answers 503 callback_store_unavailable when the spool cannot be written', async () => {
    // The process is shutting down: its spool is closed, the segments it holds stay on disk.
    await t.services.callbackSpool.close();
    const res = await send('SMclosed');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'callback_store_unavailable' });
    expect(res.headers['retry-after']).toBe('30');
  });

  it('a server starting on the same spool directory replays what the earlier one left', async () => {
    expect(await storedSids()).toEqual(['SMlimit0']);
    const logger = pino({ level: 'silent' });
    const next = await buildApp({
      config: t.config,
      database: outage.real,
      services: createServices(t.config, outage.real, { logger }),
      logger,
      webDist: false,
    });
    afterAll(() => next.close());
    await next.ready();
    await vi.waitFor(async () => expect(await storedSids()).toEqual(acknowledged.sort()), {
      timeout: 5000,
    });
  });

  it('answers 503 callback_store_unavailable for an integration it has not seen', async () => {
    outage.up();
    const other = await create({
      provider: 'twilio',
      credentials: { accountSid: `AC${'4'.repeat(32)}`, authToken },
      settings: { fromNumber: '+14155550198' },
    });
    outage.down();
    const url = other.webhook.urls.status!;
    const params = { MessageSid: 'SMunseen', MessageStatus: 'delivered', To: '+14155550100' };
    const res = await post(
      new URL(url).pathname,
      {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': computeSignature(authToken, url, params),
      },
      new URLSearchParams(params).toString(),
    );
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'callback_store_unavailable' });
  });
});
