import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages, providerEvents } from '../../db/schema/index.js';
import { request } from '../../test/factories.js';
import { createSendTestApp } from './test-helpers.js';

const {
  t,
  owner,
  base,
  sendgridId,
  twilioId,
  telegramId,
  drain,
  contact,
  sendOne,
  messageRow,
  eventsOf,
  accepted,
  knobs,
} = await createSendTestApp();

describe('never a double send', () => {
  it('a SendGrid 500 after accepting: looked up by our id, sent once, marked sent', async () => {
    const c = await contact('Ambiguous', [{ channel: 'email', value: 'ambiguous@example.com' }]);
    const m = await sendOne({
      integrationId: sendgridId,
      contactId: c.id,
      body: { subject: 'Hi', text: 'Once' },
    });
    const before = accepted('sendgrid');
    knobs({ acceptThenFailRate: 1 });
    try {
      await drain(sendgridId);
    } finally {
      knobs({ acceptThenFailRate: 0 });
    }
    expect(accepted('sendgrid') - before).toBe(1);
    const row = await messageRow(m.id);
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: expect.any(String),
    });
    const history = await eventsOf(m.id);
    expect(history.map((e) => [e.status, e.detail.outcome ?? e.detail.reconcile ?? null])).toEqual([
      ['queued', null],
      ['sending', null],
      ['sending', 'ambiguous'],
      ['sent', 'found'],
    ]);
    const fetches = await t.database.db
      .select()
      .from(providerEvents)
      .where(
        and(eq(providerEvents.integrationId, sendgridId), eq(providerEvents.kind, 'status_fetch')),
      );
    expect(fetches.length).toBeGreaterThanOrEqual(1);
  });

  it('a Twilio 500 after accepting: found in the message list, sent once', async () => {
    const c = await contact('Ambiguous SMS', [{ channel: 'phone', value: '+14155557001' }]);
    const m = await sendOne({
      integrationId: twilioId,
      contactId: c.id,
      body: { text: 'Exactly once' },
    });
    const before = accepted('twilio');
    knobs({ acceptThenFailRate: 1 });
    try {
      await drain(twilioId);
    } finally {
      knobs({ acceptThenFailRate: 0 });
    }
    expect(accepted('twilio') - before).toBe(1);
    expect(await messageRow(m.id)).toMatchObject({
      status: 'sent',
      providerMessageId: expect.stringMatching(/^SM/),
    });
  });

  it('a worker that died after marking sending: looked up, not found, sent once', async () => {
    const c = await contact('Crashed', [{ channel: 'email', value: 'crashed@example.com' }]);
    const m = await sendOne({
      integrationId: sendgridId,
      contactId: c.id,
      body: { subject: 'Hi', text: 'After a crash' },
    });
    await t.database.db
      .update(messages)
      .set({ status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(messages.id, m.id));
    const before = accepted('sendgrid');
    await drain(sendgridId);
    expect(accepted('sendgrid') - before).toBe(1);
    expect(await messageRow(m.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('Twilio: a lost send whose text matches another message of ours goes to review, not out again', async () => {
    const c = await contact('Twice texted', [{ channel: 'phone', value: '+14155557004' }]);
    const first = await sendOne({
      integrationId: twilioId,
      contactId: c.id,
      body: { text: 'Same words' },
    });
    await drain(twilioId);
    expect((await messageRow(first.id)).status).toBe('sent');
    const second = await sendOne({
      integrationId: twilioId,
      contactId: c.id,
      body: { text: 'Same words' },
    });
    // The worker died after committing `sending`, before calling Twilio.
    await t.database.db
      .update(messages)
      .set({ status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(messages.id, second.id));
    const before = accepted('twilio');
    await drain(twilioId);
    expect(accepted('twilio')).toBe(before);
    expect(await messageRow(second.id)).toMatchObject({
      status: 'needs_review',
      reasonCode: 'unconfirmed',
    });
    expect((await messageRow(first.id)).status).toBe('sent');
  });

  it('Telegram cannot be looked up: needs_review, then the reviewer decides', async () => {
    const c = await contact('Chat', [{ channel: 'telegram', value: '777000111' }]);
    const m = await sendOne({
      integrationId: telegramId,
      contactId: c.id,
      body: { text: 'Hello' },
    });
    const before = accepted('telegram');
    knobs({ acceptThenFailRate: 1 });
    try {
      await drain(telegramId);
    } finally {
      knobs({ acceptThenFailRate: 0 });
    }
    expect(accepted('telegram') - before).toBe(1);
    const row = await messageRow(m.id);
    expect(row).toMatchObject({ status: 'needs_review', reasonCode: 'unconfirmed' });
    expect(row.reason).not.toMatch(/Internal Server Error/);
    await drain(telegramId);
    expect(accepted('telegram') - before).toBe(1);

    const bad = await request(t.app, owner, 'POST', `${base}/messages/${m.id}/review`, {
      action: 'bogus',
    });
    expect(bad.statusCode).toBe(400);
    const marked = await request(t.app, owner, 'POST', `${base}/messages/${m.id}/review`, {
      action: 'mark_sent',
      comment: 'Seen in the chat',
    });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ status: 'sent' });
    const again = await request(t.app, owner, 'POST', `${base}/messages/${m.id}/review`, {
      action: 'cancel',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('message_not_retryable');
    const last = (await eventsOf(m.id)).at(-1)!;
    expect(last).toMatchObject({
      kind: 'action',
      source: 'user',
      detail: { action: 'mark_sent', comment: 'Seen in the chat' },
    });
  });

  it('a needs_review message resent on review goes out again', async () => {
    const c = await contact('Chat 2', [{ channel: 'telegram', value: '777000222' }]);
    const m = await sendOne({
      integrationId: telegramId,
      contactId: c.id,
      body: { text: 'Hello again' },
    });
    knobs({ acceptThenFailRate: 1 });
    try {
      await drain(telegramId);
    } finally {
      knobs({ acceptThenFailRate: 0 });
    }
    expect((await messageRow(m.id)).status).toBe('needs_review');
    const res = await request(t.app, owner, 'POST', `${base}/messages/${m.id}/review`, {
      action: 'resend',
    });
    expect(res.json()).toMatchObject({ status: 'queued' });
    await drain(telegramId);
    expect(await messageRow(m.id)).toMatchObject({
      status: 'sent',
      providerMessageId: expect.stringContaining(':'),
    });
  });
});

describe('rate limits and retries', () => {
  it("honours a provider's 429 Retry-After: nothing is sent before it, then it goes out", async () => {
    const c = await contact('Limited', [{ channel: 'email', value: 'limited@example.com' }]);
    const m = await sendOne({
      integrationId: sendgridId,
      contactId: c.id,
      body: { subject: 'Hi', text: 'Later' },
    });
    knobs({ rateLimitRate: 1, retryAfterSeconds: 1 });
    const asked = Date.now();
    let next: Date | undefined;
    try {
      next = await drain(sendgridId, { waitMs: 0 });
    } finally {
      knobs({ rateLimitRate: 0 });
    }
    const row = await messageRow(m.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 0, reasonCode: 'rate_limited' });
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(asked + 1000);
    expect(next!.getTime()).toBeGreaterThanOrEqual(asked + 1000);
    const before = accepted('sendgrid');
    // Before the Retry-After passed, a dispatcher does not call the provider at all.
    expect(await drain(sendgridId, { waitMs: 0 })).toBeInstanceOf(Date);
    expect(accepted('sendgrid')).toBe(before);
    await drain(sendgridId, { waitMs: 5_000 });
    expect(await messageRow(m.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(accepted('sendgrid') - before).toBe(1);
  });

  it('retries retryable errors with backoff up to the limit, then a manual retry re-sends for real', async () => {
    const c = await contact('Dead letter', [{ channel: 'email', value: 'dead@example.com' }]);
    const m = await sendOne({
      integrationId: sendgridId,
      contactId: c.id,
      body: { subject: 'Hi', text: 'Eventually' },
    });
    knobs({ failureRate: 1 });
    try {
      await drain(sendgridId);
    } finally {
      knobs({ failureRate: 0 });
    }
    const dead = await messageRow(m.id);
    expect(dead).toMatchObject({ status: 'failed', attempts: 3, reasonCode: 'retries_exhausted' });
    expect(dead.reason).toMatch(/unavailable.*3 attempts/);
    expect(dead.reason).not.toMatch(/service unavailable/);

    const notYet = await request(t.app, owner, 'POST', `${base}/messages/${m.id}/review`, {
      action: 'resend',
    });
    expect(notYet.statusCode).toBe(409);
    const before = accepted('sendgrid');
    const res = await request(t.app, owner, 'POST', `${base}/messages/${m.id}/retry`);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ status: 'queued', attempts: 0 });
    await drain(sendgridId);
    expect(await messageRow(m.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(accepted('sendgrid') - before).toBe(1);
    const sentAgain = await request(t.app, owner, 'POST', `${base}/messages/${m.id}/retry`);
    expect(sentAgain.statusCode).toBe(409);
  });
});
