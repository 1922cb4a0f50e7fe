import { and, eq, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../../../sandbox/index.js';
import { providerEvents, webhookEvents } from '../../db/schema/index.js';
import * as sendgrid from '../../providers/sendgrid/index.js';
import * as twilio from '../../providers/twilio/index.js';
import { insertOutbound, messageState } from '../../test/messages.js';
import { toUpdate, updateMessages } from '../message-log/index.js';
import { DEFER_GIVE_UP_MS } from '../webhooks/index.js';
import { OUR_MESSAGE_ID_ARG } from './callbacks.js';
import {
  createCallbackTestApp,
  TWILIO_CREDS,
  TWILIO_SID,
  TWILIO_TOKEN,
  type CreatedIntegration,
} from './test-helpers.js';

const { t, sandbox, owner, integration, process, suppressionsOf } = await createCallbackTestApp();

const FROM = '+14155550199';

const twilioEndpoint = () => ({ baseUrl: `${sandbox.url}/twilio` });
const sendgridEndpoint = () => ({ baseUrl: `${sandbox.url}/sendgrid` });

async function sendSms(to: string, statusCallback?: string) {
  const res = await twilio.sendMessage(twilioEndpoint(), TWILIO_CREDS, {
    to,
    from: FROM,
    body: 'Hello',
    statusCallback,
  });
  if (!res.ok) throw new Error(`sandbox send failed: ${JSON.stringify(res.error)}`);
  return res.value.providerMessageId;
}

/** Time passes: every deferred event is due again. */
const makeDue = () =>
  t.database.db
    .update(webhookEvents)
    .set({ nextAttemptAt: null })
    .where(isNull(webhookEvents.processedAt));

const shuffle = <T>(items: T[]) =>
  items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);

async function replay(times: number) {
  const deliveries = [...sandbox.ctx.delivered];
  for (let i = 0; i < times; i++) {
    for (const d of shuffle(deliveries)) {
      const res = await t.app.inject({
        method: 'POST',
        url: d.url.replace(t.config.publicUrl, ''),
        headers: d.headers,
        payload: d.body,
      });
      expect(res.statusCode).toBe(200);
    }
  }
}

describe('status callbacks', () => {
  let sms: CreatedIntegration;
  let email: CreatedIntegration;

  beforeAll(async () => {
    sms = await integration({
      provider: 'twilio',
      credentials: TWILIO_CREDS,
      settings: { fromNumber: FROM },
    });
    email = await integration({
      provider: 'sendgrid',
      credentials: { apiKey: 'SG.sandbox-callbacks-key' },
      settings: { fromEmail: 'news@example.com' },
    });
  });

  it('keeps a status that arrives before the send result, and applies it once the message is known', async () => {
    const sid = await sendSms('+14155551234', sms.webhook.urls.status);
    await sandbox.ctx.idle();
    await process();
    const waiting = await t.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.providerMessageId, sid));
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((e) => e.processedAt === null && e.attempts === 1)).toBe(true);

    // The send result is committed only now.
    const row = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: sms.id,
      channel: 'sms',
      address: '+14155551234',
      providerMessageId: sid,
      sentAt: new Date(Date.now() - 60_000),
    });
    await makeDue();
    await process();
    const { message, events } = await messageState(t.database.db, row.id);
    expect(message.status).toBe('delivered');
    expect(message.deliveredAt).not.toBeNull();
    expect(events.map((e) => e.detail.type)).toEqual(
      expect.arrayContaining(['accepted', 'delivered']),
    );
    expect(events).toHaveLength(waiting.length);
    const [latency] = await t.database.db
      .select()
      .from(providerEvents)
      .where(and(eq(providerEvents.integrationId, sms.id), eq(providerEvents.kind, 'delivery')));
    expect(latency).toMatchObject({ outcome: 'delivered', channel: 'sms' });
    expect(latency!.latencyMs).toBe(message.deliveredAt!.getTime() - message.sentAt!.getTime());
  });

  it('gives up on a status for a message that never becomes known: unmatched, out of the pending scan, recorded', async () => {
    const sid = await sendSms('+14155551299', sms.webhook.urls.status);
    await sandbox.ctx.idle();
    await process();
    const deferred = await t.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.providerMessageId, sid));
    expect(deferred.length).toBeGreaterThan(0);
    for (const e of deferred) {
      expect(e).toMatchObject({ processedAt: null, outcome: null, attempts: 1 });
      // However far the backoff has grown, the last try is when the deferral window ends.
      expect(e.nextAttemptAt!.getTime()).toBeLessThanOrEqual(
        e.receivedAt.getTime() + DEFER_GIVE_UP_MS + 1_000,
      );
    }
    // Still inside the window (a minute left): deferred again, its next try at the window's end.
    await t.database.db
      .update(webhookEvents)
      .set({
        receivedAt: sql`now() - ${`${DEFER_GIVE_UP_MS - 60_000} milliseconds`}::interval`,
        nextAttemptAt: null,
        attempts: 20,
      })
      .where(eq(webhookEvents.providerMessageId, sid));
    await process();
    for (const e of await t.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.providerMessageId, sid))) {
      expect(e).toMatchObject({ processedAt: null, outcome: null });
      expect(e.nextAttemptAt!.getTime()).toBeLessThanOrEqual(
        e.receivedAt.getTime() + DEFER_GIVE_UP_MS + 1_000,
      );
    }
    // The window has passed.
    await t.database.db
      .update(webhookEvents)
      .set({
        receivedAt: sql`now() - ${`${DEFER_GIVE_UP_MS + 1_000} milliseconds`}::interval`,
        nextAttemptAt: null,
      })
      .where(eq(webhookEvents.providerMessageId, sid));
    await process();
    const rows = await t.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.providerMessageId, sid));
    expect(rows.every((e) => e.processedAt !== null && e.outcome === 'unmatched')).toBe(true);
    const pending = await t.database.db
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.providerMessageId, sid), isNull(webhookEvents.processedAt)));
    expect(pending).toEqual([]);
    const unmatched = await t.database.db
      .select()
      .from(providerEvents)
      .where(
        and(
          eq(providerEvents.integrationId, sms.id),
          eq(providerEvents.kind, 'callback_unmatched'),
        ),
      );
    expect(unmatched).toHaveLength(rows.length);
    expect(unmatched[0]!.outcome).toBe('gave_up');
  });

  it('converges out-of-order callbacks to the same state as in-order ones', async () => {
    const url = sms.webhook.urls.status!;
    const post = (sid: string, status: string) => {
      const params: Record<string, string> = {
        AccountSid: TWILIO_SID,
        MessageSid: sid,
        MessageStatus: status,
        To: '+14155557777',
        From: FROM,
      };
      return t.app.inject({
        method: 'POST',
        url: url.replace(t.config.publicUrl, ''),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(TWILIO_TOKEN, url, params),
        },
        payload: new URLSearchParams(params).toString(),
      });
    };
    const states = [];
    for (const order of [
      ['queued', 'sent', 'delivered'],
      ['delivered', 'sent', 'queued'],
      ['sent', 'delivered', 'queued'],
    ]) {
      const sid = `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`;
      const row = await insertOutbound(t.database.db, {
        orgId: owner.org.id,
        integrationId: sms.id,
        channel: 'sms',
        address: '+14155557777',
        providerMessageId: sid,
      });
      for (const status of order) {
        expect((await post(sid, status)).statusCode).toBe(200);
        await process();
      }
      const { message, events } = await messageState(t.database.db, row.id);
      states.push({ status: message.status, events: events.length });
    }
    expect(states).toEqual([
      { status: 'delivered', events: 3 },
      { status: 'delivered', events: 3 },
      { status: 'delivered', events: 3 },
    ]);
  });

  /** Sends through the SendGrid sandbox as our message `id` and processes its event callbacks. */
  async function sendEmailAs(id: string, to: string) {
    const res = await sendgrid.sendEmail(
      sendgridEndpoint(),
      { apiKey: 'SG.sandbox-callbacks-key' },
      {
        to,
        from: { email: 'news@example.com' },
        subject: 'Hi',
        text: 'Hello',
        customArgs: { [OUR_MESSAGE_ID_ARG]: id },
      },
    );
    if (!res.ok) throw new Error('sandbox send failed');
    await sandbox.ctx.idle();
    await process();
    return res.value.providerMessageId;
  }

  it('moves a message in review forward once a callback proves the provider accepted it', async () => {
    const row = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: email.id,
      channel: 'email',
      address: 'review@example.com',
      status: 'needs_review',
    });
    const providerMessageId = await sendEmailAs(row.id, 'review@example.com');
    const { message } = await messageState(t.database.db, row.id);
    expect(message).toMatchObject({
      status: 'delivered',
      providerMessageId,
    });
  });

  it('a send result written after an earlier callback does not move the message back', async () => {
    // The pipeline marked the message `sending` and called SendGrid; SendGrid's events (which
    // echo our id) were processed before the pipeline wrote the send result.
    const row = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: email.id,
      channel: 'email',
      address: 'early@example.com',
      status: 'sending',
    });
    const providerMessageId = await sendEmailAs(row.id, 'early@example.com');
    expect((await messageState(t.database.db, row.id)).message.status).toBe('delivered');

    await updateMessages(t.database.db, [
      {
        ...toUpdate(row),
        status: 'sent',
        providerMessageId,
        sentAt: new Date(),
      },
    ]);
    const { message } = await messageState(t.database.db, row.id);
    expect(message).toMatchObject({
      status: 'delivered',
      providerMessageId,
    });
  });

  it('replaying every callback five times, shuffled, changes nothing', async () => {
    sandbox.ctx.delivered.length = 0;
    const ids: string[] = [];
    for (const to of ['+14155550101', '+14155550030', '+14155550021']) {
      const sid = await sendSms(to, sms.webhook.urls.status);
      const row = await insertOutbound(t.database.db, {
        orgId: owner.org.id,
        integrationId: sms.id,
        channel: 'sms',
        address: to,
        providerMessageId: sid,
      });
      ids.push(row.id);
    }
    for (const to of ['ok@example.com', 'bounce@example.com', 'spam@example.com']) {
      // The row exists before the send; the event finds it by our id in custom_args.
      const row = await insertOutbound(t.database.db, {
        orgId: owner.org.id,
        integrationId: email.id,
        channel: 'email',
        address: to,
        status: 'sending',
      });
      const res = await sendgrid.sendEmail(
        sendgridEndpoint(),
        { apiKey: 'SG.sandbox-callbacks-key' },
        {
          to,
          from: { email: 'news@example.com' },
          subject: 'Hi',
          text: 'Hello',
          customArgs: { [OUR_MESSAGE_ID_ARG]: row.id },
        },
      );
      expect(res.ok).toBe(true);
      ids.push(row.id);
    }
    await sandbox.ctx.idle();
    await process();

    const snapshot = async () => ({
      messages: await Promise.all(
        ids.map(async (id) => {
          const { message, events } = await messageState(t.database.db, id);
          return {
            address: message.address,
            status: message.status,
            reasonCode: message.reasonCode,
            providerErrorCode: message.providerErrorCode,
            deliveredAt: message.deliveredAt?.toISOString() ?? null,
            providerMessageId: message.providerMessageId,
            events: events.length,
          };
        }),
      ),
      suppressions: await suppressionsOf(owner.org.id),
    });
    const before = await snapshot();
    expect(before.messages.map((m) => [m.address, m.status, m.reasonCode])).toEqual([
      ['+14155550101', 'delivered', null],
      ['+14155550030', 'failed', 'unreachable'],
      ['+14155550021', 'failed', 'recipient_opted_out'],
      ['ok@example.com', 'delivered', null],
      ['bounce@example.com', 'bounced', 'hard_bounce'],
      ['spam@example.com', 'delivered', null],
    ]);
    expect(before.messages.every((m) => m.providerMessageId)).toBe(true);
    expect(before.suppressions).toEqual(
      expect.arrayContaining([
        { channel: 'phone', normalized: '+14155550021', reason: 'stop_keyword' },
        { channel: 'email', normalized: 'bounce@example.com', reason: 'hard_bounce' },
        { channel: 'email', normalized: 'spam@example.com', reason: 'spam_report' },
      ]),
    );
    expect(before.suppressions.map((s) => s.normalized)).not.toContain('+14155550030');

    await replay(5);
    await process();
    expect(await snapshot()).toEqual(before);
  });
});
