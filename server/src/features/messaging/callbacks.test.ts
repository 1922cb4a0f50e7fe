import { and, eq, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature, type RunningSandbox } from '../../../../sandbox/index.js';
import {
  contactIdentities,
  contacts,
  messages,
  providerEvents,
  suppressions,
  webhookEvents,
} from '../../db/schema/index.js';
import * as sendgrid from '../../providers/sendgrid/index.js';
import * as twilio from '../../providers/twilio/index.js';
import type { TestApp } from '../../test/app.js';
import { createSandboxedApp } from '../../test/sandbox.js';
import { request, signUp, type SignedUp } from '../../test/factories.js';
import { OUR_MESSAGE_ID_ARG } from './callbacks.js';
import { toUpdate, updateMessages } from './repo.js';
import { insertOutbound, messageState } from './test-helpers.js';

let sandbox: RunningSandbox;
let t: TestApp;
let owner: SignedUp;

beforeAll(async () => {
  ({ t, sandbox } = await createSandboxedApp());
  owner = await signUp(t.app);
});

const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TWILIO_TOKEN = 'e'.repeat(32);
const FROM = '+14155550199';

interface Created {
  id: string;
  webhook: { urls: Record<string, string> };
}

async function integration(body: Record<string, unknown>): Promise<Created> {
  const res = await request(t.app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/integrations`, {
    sandbox: true,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Created>();
}

const twilioEndpoint = () => ({ baseUrl: `${sandbox.url}/twilio` });
const sendgridEndpoint = () => ({ baseUrl: `${sandbox.url}/sendgrid` });
const creds = { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN };

async function sendSms(to: string, statusCallback?: string) {
  const res = await twilio.sendMessage(twilioEndpoint(), creds, {
    to,
    from: FROM,
    body: 'Hello',
    statusCallback,
  });
  if (!res.ok) throw new Error(`sandbox send failed: ${JSON.stringify(res.error)}`);
  return res.value.providerMessageId;
}

const process = () => t.services.webhooks.processPending();
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

describe('status callbacks', () => {
  let sms: Created;
  let email: Created;

  beforeAll(async () => {
    sms = await integration({
      provider: 'twilio',
      credentials: creds,
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

  it('gives up on a status for a message that never becomes known, and records it', async () => {
    const sid = await sendSms('+14155551299', sms.webhook.urls.status);
    await sandbox.ctx.idle();
    await process();
    await t.database.db
      .update(webhookEvents)
      .set({ receivedAt: sql`now() - interval '25 hours'`, nextAttemptAt: null })
      .where(eq(webhookEvents.providerMessageId, sid));
    await process();
    const rows = await t.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.providerMessageId, sid));
    expect(rows.every((e) => e.processedAt !== null)).toBe(true);
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

describe('inbound messages', () => {
  let sms: Created;

  beforeAll(async () => {
    sms = await integration({
      provider: 'twilio',
      name: 'Inbound SMS',
      credentials: creds,
      settings: { fromNumber: '+14155550198' },
    });
  });

  const text = async (from: string, body: string) => {
    await fetch(`${sandbox.url}/twilio/_inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        accountSid: TWILIO_SID,
        authToken: TWILIO_TOKEN,
        url: sms.webhook.urls.inbound,
        from,
        to: '+14155550198',
        body,
      }),
    });
    await sandbox.ctx.idle();
    await process();
  };

  const inboundOf = (address: string) =>
    t.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.orgId, owner.org.id), eq(messages.address, address)))
      .orderBy(messages.id);

  it('creates a contact for an unknown number and stores the message on its conversation', async () => {
    await text('+14155553001', 'Hi there, is the shop open?');
    const [message] = await inboundOf('+14155553001');
    expect(message).toMatchObject({
      direction: 'inbound',
      channel: 'sms',
      status: 'received',
      content: { text: 'Hi there, is the shop open?' },
    });
    const [contact] = await t.database.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, message!.contactId!));
    expect(contact).toMatchObject({ source: 'inbound', orgId: owner.org.id });

    const res = await request(
      t.app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/contacts/${contact!.id}/conversation`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toMatchObject([{ id: message!.id, direction: 'inbound' }]);
  });

  it('a WhatsApp message lands on the WhatsApp identity, and its STOP suppresses WhatsApp only', async () => {
    await text('whatsapp:+14155553005', 'Hola');
    const [message] = await inboundOf('+14155553005');
    expect(message).toMatchObject({
      direction: 'inbound',
      channel: 'whatsapp',
      status: 'received',
    });
    const identities = await t.database.db
      .select()
      .from(contactIdentities)
      .where(eq(contactIdentities.contactId, message!.contactId!));
    expect(identities.map((i) => [i.channel, i.normalized])).toEqual([
      ['whatsapp', '+14155553005'],
    ]);

    await text('whatsapp:+14155553005', 'STOP');
    const entries = (await suppressionsOf(owner.org.id)).filter(
      (e) => e.normalized === '+14155553005',
    );
    expect(entries).toEqual([
      { channel: 'whatsapp', normalized: '+14155553005', reason: 'stop_keyword' },
    ]);
  });

  it('STOP suppresses the number on its channel; START lifts only that opt-out', async () => {
    await text('+14155553002', 'Hello');
    await text('+14155553002', '  Stop. ');
    expect(await suppressionsOf(owner.org.id)).toContainEqual({
      channel: 'phone',
      normalized: '+14155553002',
      reason: 'stop_keyword',
    });
    const messagesSoFar = await inboundOf('+14155553002');
    expect(messagesSoFar).toHaveLength(2);
    expect(new Set(messagesSoFar.map((m) => m.contactId)).size).toBe(1);

    await text('+14155553002', 'start');
    expect((await suppressionsOf(owner.org.id)).map((s) => s.normalized)).not.toContain(
      '+14155553002',
    );

    // An opt-out for another reason is not the person's STOP to lift.
    const manual = await request(
      t.app,
      owner,
      'POST',
      `/api/v1/orgs/${owner.org.id}/suppressions`,
      {
        channel: 'phone',
        value: '+14155553002',
        reason: 'manual',
      },
    );
    expect(manual.statusCode, manual.body).toBe(201);
    await text('+14155553002', 'START');
    expect(await suppressionsOf(owner.org.id)).toContainEqual({
      channel: 'phone',
      normalized: '+14155553002',
      reason: 'manual',
    });
  });

  it('matches a Telegram sender to a new contact named as they set it', async () => {
    const bot = await integration({
      provider: 'telegram',
      credentials: { botToken: '123456:sandbox-inbound-bot' },
    });
    const res = await fetch(`${sandbox.url}/telegram/_inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ botToken: '123456:sandbox-inbound-bot', chatId: 777001, text: 'hey' }),
    });
    expect(res.status).toBe(200);
    await sandbox.ctx.idle();
    await process();
    const [message] = await t.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.integrationId, bot.id), eq(messages.direction, 'inbound')));
    expect(message).toMatchObject({ channel: 'telegram', address: '777001', status: 'received' });
    const [contact] = await t.database.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, message!.contactId!));
    expect(contact!.name).toBe('Sandbox');
  });

  it('stores an Instagram direct message on the sender’s conversation', async () => {
    const ig = await integration({
      provider: 'instagram',
      credentials: { pageAccessToken: 'EAAG-inbound-token', appSecret: 'b'.repeat(32) },
      settings: { igUserId: '17841400000000001' },
    });
    const res = await fetch(`${sandbox.url}/instagram/_inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pageAccessToken: 'EAAG-inbound-token',
        senderId: '6543210987654321',
        text: 'Do you ship to Canada?',
      }),
    });
    expect(res.status).toBe(200);
    await sandbox.ctx.idle();
    await process();
    const [message] = await t.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.integrationId, ig.id), eq(messages.direction, 'inbound')));
    expect(message).toMatchObject({
      channel: 'instagram',
      address: '6543210987654321',
      status: 'received',
      content: { text: 'Do you ship to Canada?' },
    });
    expect(message!.contactId).not.toBeNull();
  });
});
