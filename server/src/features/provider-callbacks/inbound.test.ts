import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactIdentities, contacts, messages } from '../../db/schema/index.js';
import { request } from '../../test/factories.js';
import {
  createCallbackTestApp,
  TWILIO_CREDS,
  TWILIO_SID,
  TWILIO_TOKEN,
  type CreatedIntegration,
} from './test-helpers.js';

const { t, sandbox, owner, integration, process, suppressionsOf } = await createCallbackTestApp();

describe('inbound messages', () => {
  let sms: CreatedIntegration;

  beforeAll(async () => {
    sms = await integration({
      provider: 'twilio',
      name: 'Inbound SMS',
      credentials: TWILIO_CREDS,
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
