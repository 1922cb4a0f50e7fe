import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../../sandbox/index.js';
import { messages, suppressions } from '../../db/schema/index.js';
import * as twilio from '../../providers/twilio/index.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { request, signUp, type SignedUp } from '../../test/factories.js';
import { insertOutbound, messageState } from '../../test/messages.js';

let sandbox: RunningSandbox;
let t: TestApp;
let owner: SignedUp;
let smsId: string;
let emailId: string;

const TWILIO_SID = `AC${'fedcba9876543210'.repeat(2)}`;
const creds = { accountSid: TWILIO_SID, authToken: 'd'.repeat(32) };
const FROM = '+14155550177';
const LONG_AGO = () => new Date(Date.now() - 2 * 3_600_000);

beforeAll(async () => {
  // No callbacks reach the app: every status has to be polled.
  sandbox = await startSandbox({ deliver: async () => ({ status: 200 }) });
  t = await createTestApp({ env: { SANDBOX: 'true', SANDBOX_URL: sandbox.url } });
  owner = await signUp(t.app);
  const create = async (body: Record<string, unknown>) => {
    const res = await request(t.app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/integrations`, {
      sandbox: true,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  smsId = await create({ provider: 'twilio', credentials: creds, settings: { fromNumber: FROM } });
  emailId = await create({
    provider: 'sendgrid',
    credentials: { apiKey: 'SG.sandbox-polling-key' },
    settings: { fromEmail: 'news@example.com' },
  });
});
afterAll(() => sandbox.close());

const endpoint = () => ({ baseUrl: `${sandbox.url}/twilio` });

/** A message the sandbox has finished with (its status no longer changes). */
async function settledSms(to: string) {
  const sent = await twilio.sendMessage(endpoint(), creds, { to, from: FROM, body: 'Hi' });
  if (!sent.ok) throw new Error('sandbox send failed');
  const sid = sent.value.providerMessageId;
  await vi.waitFor(async () => {
    const status = await twilio.fetchMessageStatus(endpoint(), creds, sid);
    expect(status.ok && status.value.type !== 'accepted').toBe(true);
  });
  return sid;
}

const poll = () => t.services.statusPolling.pollStuck();

describe('status polling when callbacks do not come', () => {
  it('polls a message stuck in sent at Twilio and applies the answer', async () => {
    const sid = await settledSms('+14155552001');
    const row = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: smsId,
      channel: 'sms',
      address: '+14155552001',
      providerMessageId: sid,
      sentAt: LONG_AGO(),
    });
    const fresh = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: smsId,
      channel: 'sms',
      address: '+14155552002',
      providerMessageId: 'SM-not-stuck-yet',
    });
    await poll();
    const { message, events } = await messageState(t.database.db, row.id);
    expect(message).toMatchObject({ status: 'delivered', pollAttempts: 1 });
    expect(message.deliveredAt).not.toBeNull();
    expect(events).toMatchObject([
      { kind: 'poll', source: 'poll', status: 'delivered', detail: { type: 'delivered' } },
    ]);
    // Sent a moment ago: not stuck, left alone.
    expect((await messageState(t.database.db, fresh.id)).events).toHaveLength(0);
  });

  it('turns a polled 21610 into a stop_keyword suppression', async () => {
    const sid = await settledSms('+14155550021');
    const row = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: smsId,
      channel: 'sms',
      address: '+14155550021',
      providerMessageId: sid,
      sentAt: LONG_AGO(),
    });
    await poll();
    expect((await messageState(t.database.db, row.id)).message).toMatchObject({
      status: 'failed',
      providerErrorCode: '21610',
      reasonCode: 'recipient_opted_out',
    });
    const rows = await t.database.db
      .select()
      .from(suppressions)
      .where(eq(suppressions.orgId, owner.org.id));
    expect(rows).toMatchObject([
      { channel: 'phone', normalized: '+14155550021', reason: 'stop_keyword' },
    ]);
  });

  it('backs off after an unanswered poll and flags no_callback once the polls are used up', async () => {
    const row = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: smsId,
      channel: 'sms',
      address: '+14155552003',
      providerMessageId: 'SMunknowntothesandbox',
      sentAt: LONG_AGO(),
    });
    await poll();
    let state = await messageState(t.database.db, row.id);
    expect(state.message).toMatchObject({ status: 'sent', pollAttempts: 1 });
    expect(state.message.nextPollAt!.getTime()).toBeGreaterThan(Date.now());
    expect(state.events).toMatchObject([{ kind: 'poll', detail: { outcome: 'permanent' } }]);

    await poll(); // not due yet
    expect((await messageState(t.database.db, row.id)).events).toHaveLength(1);

    await t.database.db
      .update(messages)
      .set({ pollAttempts: 6, nextPollAt: null })
      .where(eq(messages.id, row.id));
    await poll();
    state = await messageState(t.database.db, row.id);
    expect(state.message).toMatchObject({ status: 'sent', reasonCode: 'no_callback' });
    expect(state.events.at(-1)).toMatchObject({
      kind: 'no_callback',
      status: 'sent',
      detail: { why: 'polls_exhausted' },
    });
  });

  it('flags a stuck message at a provider without a status lookup, once, without changing its status', async () => {
    const row = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: emailId,
      channel: 'email',
      address: 'quiet@example.com',
      providerMessageId: 'sg-quiet',
      sentAt: LONG_AGO(),
    });
    await poll();
    await poll();
    const { message, events } = await messageState(t.database.db, row.id);
    expect(message).toMatchObject({ status: 'sent', reasonCode: 'no_callback' });
    expect(events).toMatchObject([{ kind: 'no_callback', detail: { why: 'no_lookup' } }]);

    const res = await request(
      t.app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/messages/${row.id}`,
    );
    expect(res.json()).toMatchObject({ status: 'sent', reasonCode: 'no_callback' });
  });

  it('reports callback silence per integration', async () => {
    const silence = await t.services.statusPolling.callbackSilence(owner.org.id);
    const email = silence.find((s) => s.integrationId === emailId);
    expect(email).toMatchObject({ provider: 'sendgrid', lastCallbackAt: null, silent: true });
    expect(email!.awaitingReport).toBe(1);
    expect(email!.lastSentAt).not.toBeNull();
  });
});
