/** The outbound clients at the wire level, against the sandbox emulators on loopback. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Delivery, type RunningSandbox } from '../../../sandbox/index.js';
import * as instagram from './instagram/index.js';
import * as sendgrid from './sendgrid/index.js';
import * as telegram from './telegram/index.js';
import * as twilio from './twilio/index.js';

let sandbox: RunningSandbox;
const received: Delivery[] = [];
const ep = (provider: string) => ({ baseUrl: `${sandbox.url}/${provider}` });

beforeAll(async () => {
  sandbox = await startSandbox({
    deliver: async (d) => {
      received.push(d);
      return { status: 200 };
    },
  });
});
afterAll(() => sandbox.close());

const TWILIO = { accountSid: `AC${'a'.repeat(32)}`, authToken: 'sandbox-token' };

describe('SendGrid client', () => {
  it('sends and gets signed events back that our verifier accepts', async () => {
    const key = 'SG.sandbox-key-1';
    await fetch(`${sandbox.url}/sendgrid/v3/user/webhooks/event/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true, url: 'http://127.0.0.1:1/hook' }),
    });
    const signed = await fetch(`${sandbox.url}/sendgrid/v3/user/webhooks/event/settings/signed`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true }),
    });
    const { public_key } = (await signed.json()) as { public_key: string };
    const sent = await sendgrid.sendEmail(
      ep('sendgrid'),
      { apiKey: key },
      {
        to: 'spam-me@example.com',
        from: { email: 'news@example.com', name: 'News' },
        subject: 'Hi',
        text: 'Hello',
      },
    );
    expect(sent).toMatchObject({ ok: true, value: { providerMessageId: expect.any(String) } });
    await sandbox.ctx.idle();
    const mine = received.filter((d) => d.url === 'http://127.0.0.1:1/hook');
    const events = mine.flatMap((d) => {
      const verdict = sendgrid.verifyEventWebhook({
        publicKey: public_key,
        signature: d.headers['x-twilio-email-event-webhook-signature'],
        timestamp: d.headers['x-twilio-email-event-webhook-timestamp'],
        rawBody: Buffer.from(d.body),
      });
      expect(verdict).toEqual({ ok: true });
      return sendgrid.parseEvents(d.body) ?? [];
    });
    expect(events.map((e) => e.type).sort()).toEqual(['accepted', 'delivered', 'spam_report']);
    expect(new Set(events.map((e) => e.providerMessageId))).toEqual(
      new Set([sent.ok && sent.value.providerMessageId]),
    );
  });

  it('classifies a revoked key, a key without mail.send, 429 and 503', async () => {
    expect(await sendgrid.testConnection(ep('sendgrid'), { apiKey: 'SG.ok' })).toMatchObject({
      ok: true,
    });
    expect(await sendgrid.testConnection(ep('sendgrid'), { apiKey: 'SG.revoked' })).toMatchObject({
      ok: false,
      error: { kind: 'permanent', class: 'auth_failed', status: 401 },
    });
    expect(await sendgrid.testConnection(ep('sendgrid'), { apiKey: 'SG.noscope' })).toMatchObject({
      ok: false,
      error: { class: 'permission_denied' },
    });
    sandbox.ctx.knobs.rateLimitRate = 1;
    sandbox.ctx.knobs.retryAfterSeconds = 7;
    const limited = await sendgrid.sendEmail(
      ep('sendgrid'),
      { apiKey: 'SG.ok' },
      {
        to: 'a@example.com',
        from: { email: 'b@example.com' },
        subject: 's',
        text: 't',
      },
    );
    expect(limited).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterSeconds: 7 },
    });
    sandbox.ctx.knobs.rateLimitRate = 0;
    sandbox.ctx.knobs.failureRate = 1;
    expect(await sendgrid.testConnection(ep('sendgrid'), { apiKey: 'SG.ok' })).toMatchObject({
      ok: false,
      error: { kind: 'retryable', class: 'unavailable', status: 503 },
    });
    sandbox.ctx.knobs.failureRate = 0;
  });
});

describe('Twilio client', () => {
  it('sends, fetches the status and receives signed status callbacks', async () => {
    const callback = 'https://switchboard.example.com/webhooks/twilio/x/status';
    const sent = await twilio.sendMessage(ep('twilio'), TWILIO, {
      to: '+14155550100',
      from: '+14155550199',
      body: 'Hello',
      statusCallback: callback,
    });
    expect(sent).toMatchObject({ ok: true, value: { status: 'queued' } });
    if (!sent.ok) return;
    await sandbox.ctx.idle();
    const callbacks = received.filter((d) => d.url === callback);
    const statuses = callbacks.map((d) => {
      const params = twilio.parseForm(d.body);
      expect(
        twilio.validateFormRequest(
          TWILIO.authToken,
          d.headers['x-twilio-signature'],
          callback,
          params,
        ),
      ).toBe(true);
      return twilio.parseStatusCallback(params)[0]!.providerEventId;
    });
    const sid = sent.value.providerMessageId;
    expect(statuses.sort()).toEqual([`${sid}:delivered`, `${sid}:queued`, `${sid}:sent`]);
    const status = await twilio.fetchMessageStatus(ep('twilio'), TWILIO, sid);
    expect(status).toMatchObject({ ok: true, value: { providerMessageId: sid } });
  });

  it('reports a STOP-ed number through a failed callback with 21610', async () => {
    const callback = 'https://switchboard.example.com/webhooks/twilio/y/status';
    await twilio.sendMessage(ep('twilio'), TWILIO, {
      to: '+14155550021',
      from: '+1415555019',
      body: 'x',
      statusCallback: callback,
    });
    await sandbox.ctx.idle();
    const events = received
      .filter((d) => d.url === callback)
      .flatMap((d) => twilio.parseStatusCallback(twilio.parseForm(d.body)));
    expect(events.find((e) => e.type === 'failed')).toMatchObject({
      errorCode: '21610',
      channel: 'sms',
    });
  });

  it('classifies bad credentials, invalid numbers and unknown accounts', async () => {
    expect(await twilio.testConnection(ep('twilio'), TWILIO)).toMatchObject({ ok: true });
    expect(
      await twilio.testConnection(ep('twilio'), { ...TWILIO, authToken: 'revoked' }),
    ).toMatchObject({
      ok: false,
      error: { class: 'auth_failed', providerCode: '20003' },
    });
    expect(
      await twilio.sendMessage(ep('twilio'), TWILIO, { to: '12', from: '+14155550199', body: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'permanent', class: 'recipient_rejected', providerCode: '21211' },
    });
  });
});

describe('Telegram client', () => {
  const bot = { botToken: '123456:sandbox-token' };
  it('getMe, setWebhook, sendMessage; a blocked chat is a permanent recipient failure', async () => {
    expect(await telegram.getMe(ep('telegram'), bot)).toMatchObject({
      ok: true,
      value: { username: expect.any(String) },
    });
    expect(
      await telegram.setWebhook(ep('telegram'), bot, {
        url: 'https://x.example/hook',
        secretToken: 'abc_123',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await telegram.sendMessage(ep('telegram'), bot, { chatId: '42', text: 'hi' }),
    ).toMatchObject({
      ok: true,
      value: { providerMessageId: expect.stringMatching(/^42:\d+$/) },
    });
    expect(
      await telegram.sendMessage(ep('telegram'), bot, { chatId: '403', text: 'hi' }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'permanent', class: 'recipient_rejected' },
    });
    expect(await telegram.getMe(ep('telegram'), { botToken: '1:revoked' })).toMatchObject({
      ok: false,
      error: { class: 'auth_failed' },
    });
  });

  it('uses retry_after from a 429 body', async () => {
    sandbox.ctx.knobs.rateLimitRate = 1;
    sandbox.ctx.knobs.retryAfterSeconds = 3;
    const res = await telegram.sendMessage(ep('telegram'), bot, { chatId: '42', text: 'hi' });
    sandbox.ctx.knobs.rateLimitRate = 0;
    expect(res).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterSeconds: 3 } });
  });
});

describe('Instagram client', () => {
  const creds = { pageAccessToken: 'EAAG-sandbox' };
  it('tests the token and sends', async () => {
    expect(await instagram.testConnection(ep('instagram'), creds)).toMatchObject({ ok: true });
    expect(
      await instagram.testConnection(ep('instagram'), { pageAccessToken: 'revoked' }),
    ).toMatchObject({
      ok: false,
      error: { class: 'auth_failed', providerCode: '190' },
    });
    expect(
      await instagram.sendMessage(ep('instagram'), creds, {
        igUserId: '1784',
        recipientId: '99',
        text: 'hi',
      }),
    ).toMatchObject({ ok: true, value: { providerMessageId: expect.stringMatching(/^m_/) } });
    expect(
      await instagram.sendMessage(ep('instagram'), creds, {
        igUserId: '1784',
        recipientId: '551',
        text: 'hi',
      }),
    ).toMatchObject({ ok: false, error: { class: 'recipient_rejected' } });
  });
});

describe('network failures', () => {
  it('a refused connection is retryable; a timeout after sending is ambiguous', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(
      await twilio.sendMessage({ baseUrl: `http://127.0.0.1:${port}` }, TWILIO, {
        to: '+14155550100',
        from: '+1',
        body: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'retryable', class: 'network' },
    });

    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    expect(
      await twilio.sendMessage({ baseUrl: base, timeoutMs: 200 }, TWILIO, {
        to: '+14155550100',
        from: '+1',
        body: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'ambiguous', class: 'timeout' },
    });
    expect(await twilio.testConnection({ baseUrl: base, timeoutMs: 200 }, TWILIO)).toMatchObject({
      ok: false,
      error: { kind: 'retryable', class: 'timeout' },
    });
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  });
});
