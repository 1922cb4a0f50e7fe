import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../sandbox/index.js';
import { queryRows } from '../../db/client.js';
import { messageEvents, messages, providerEvents } from '../../db/schema/index.js';
import { createJobDefinitions } from '../../jobs.js';
import { createJobRunner, type JobRunner } from '../../platform/jobs/registry.js';
import type { TestApp } from '../../test/app.js';
import { createSandboxedApp } from '../../test/sandbox.js';
import { request, signUp, type SignedUp } from '../../test/factories.js';
import type { CampaignWithStats } from './campaigns.schemas.js';
import { createSendPipeline, type PipelineOptions } from './pipeline.js';
import type { Message } from './schemas.js';

let sandbox: RunningSandbox;
let t: TestApp;
let runner: JobRunner;
let owner: SignedUp;
let base: string;
let sendgridId: string;
let twilioId: string;
let telegramId: string;

beforeAll(async () => {
  ({ t, sandbox } = await createSandboxedApp());
  runner = createJobRunner(t.database, createJobDefinitions(t.services), pino({ level: 'silent' }));
  await runner.start({ work: false });
  t.services.jobQueue.bind(runner);
  owner = await signUp(t.app, { orgName: 'Acme' });
  base = `/api/v1/orgs/${owner.org.id}`;
  sendgridId = await integration({
    provider: 'sendgrid',
    sandbox: true,
    credentials: { apiKey: 'SG.sandbox-send-test' },
    settings: { fromEmail: 'news@acme.example' },
  });
  twilioId = await integration({
    provider: 'twilio',
    sandbox: true,
    credentials: { accountSid: `AC${'a'.repeat(32)}`, authToken: 'sandboxtoken12345678' },
    settings: { fromNumber: '+14155550100' },
  });
  telegramId = await integration({
    provider: 'telegram',
    sandbox: true,
    credentials: { botToken: '123456:sandbox-send-bot-token' },
  });
});
afterAll(async () => {
  await runner.stop();
  await sandbox.close();
});

/** A pipeline with quick retries; `dispatch` runs the real job handler's work to the end. */
function pipeline(options: Partial<PipelineOptions> = {}) {
  return createSendPipeline({
    db: t.database.db,
    integrations: t.services.integrations,
    publicUrl: t.config.publicUrl,
    unsubscribeLinks: t.services.unsubscribeLinks,
    logger: pino({ level: 'silent' }),
    options: { retry: { baseMs: 20, capMs: 100, maxAttempts: 3 }, ...options },
  });
}
const drain = (integrationId: string, options: Partial<PipelineOptions> = {}) =>
  pipeline(options).dispatch({ orgId: owner.org.id, integrationId });

async function integration(body: Record<string, unknown>) {
  const res = await request(t.app, owner, 'POST', `${base}/integrations`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function template(channel: string, body: string, extra: Record<string, unknown> = {}) {
  const res = await request(t.app, owner, 'POST', `${base}/templates`, {
    name: `T ${Math.random()}`,
    channel,
    body,
    ...(channel === 'email' && { subject: 'Hello {{ contact.name }}' }),
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function contact(
  name: string,
  identities: { channel: string; value: string }[],
  groupIds: string[] = [],
) {
  const res = await request(t.app, owner, 'POST', `${base}/contacts`, {
    name,
    identities,
    groupIds,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; identities: { id: string }[] }>();
}

async function group(name: string) {
  const res = await request(t.app, owner, 'POST', `${base}/groups`, { name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function campaign(body: Record<string, unknown>) {
  const res = await request(t.app, owner, 'POST', `${base}/campaigns`, {
    name: `Campaign ${Math.random()}`,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CampaignWithStats>();
}

const action = (id: string, name: string, headers: Record<string, string> = {}) =>
  request(t.app, owner, 'POST', `${base}/campaigns/${id}/${name}`, undefined, headers);

async function sendOne(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await request(t.app, owner, 'POST', `${base}/messages`, body, headers);
  expect(res.statusCode, res.body).toBe(202);
  return res.json<Message>();
}

async function messageRow(id: string) {
  const [row] = await t.database.db.select().from(messages).where(eq(messages.id, id));
  return row!;
}

const eventsOf = (id: string) =>
  t.database.db
    .select()
    .from(messageEvents)
    .where(eq(messageEvents.messageId, id))
    .orderBy(messageEvents.occurredAt, messageEvents.id);

const accepted = (provider: string) => sandbox.ctx.accepted[provider] ?? 0;

function knobs(values: Partial<typeof sandbox.ctx.knobs>) {
  Object.assign(sandbox.ctx.knobs, values);
}

describe('a campaign of a few hundred contacts', () => {
  it('ends with exact counts (sent, suppressed, skipped, failed, then delivered and bounced), unchanged by callbacks replayed 5× shuffled', async () => {
    const audience = await group('Newsletter');
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 240; i++)
      pending.push(
        contact(`Reader ${i}`, [{ channel: 'email', value: `reader${i}@example.com` }], [audience]),
      );
    for (let i = 0; i < 20; i++)
      pending.push(
        contact(
          `Phone only ${i}`,
          [{ channel: 'phone', value: `+1415555${String(2000 + i)}` }],
          [audience],
        ),
      );
    for (let i = 0; i < 10; i++)
      pending.push(
        contact(
          `Rejected ${i}`,
          [{ channel: 'email', value: `reject${i}@example.com` }],
          [audience],
        ),
      );
    const optedOut: { identities: { id: string }[] }[] = [];
    for (let i = 0; i < 20; i++)
      optedOut.push(
        await contact(
          `Opted out ${i}`,
          [{ channel: 'email', value: `optout${i}@example.com` }],
          [audience],
        ),
      );
    for (let i = 0; i < 10; i++)
      pending.push(
        contact(
          `Bouncing ${i}`,
          [{ channel: 'email', value: `bounce${i}@example.com` }],
          [audience],
        ),
      );
    await Promise.all(pending);
    for (const c of optedOut) {
      const res = await request(t.app, owner, 'POST', `${base}/suppressions`, {
        channel: 'email',
        identityId: c.identities[0]!.id,
        reason: 'unsubscribe',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const templateId = await template('email', '<p>Hi {{ contact.name }}, {{ offer }}</p>', {
      variables: [{ name: 'offer', type: 'string', required: true }],
    });

    const preview = await request(t.app, owner, 'POST', `${base}/campaigns/audience-preview`, {
      integrationId: sendgridId,
      templateId,
      audience: { groupIds: [audience], contactIds: [] },
    });
    expect(preview.json()).toEqual({
      total: 300,
      sendable: 260,
      suppressed: 20,
      missingIdentity: 20,
    });

    const c = await campaign({
      templateId,
      integrationId: sendgridId,
      audience: { groupIds: [audience], contactIds: [] },
      variables: { offer: '20% off' },
    });
    expect(c).toMatchObject({ status: 'draft', channel: 'email', templateVersionId: null });
    const before = accepted('sendgrid');
    const launched = await action(c.id, 'launch');
    expect(launched.statusCode, launched.body).toBe(200);
    expect(launched.json()).toMatchObject({
      status: 'running',
      templateVersionId: expect.any(String),
      stats: { total: 300, queued: 260, suppressed: 20, skipped: 20 },
    });

    await drain(sendgridId);

    const done = await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}`);
    expect(done.json()).toMatchObject({
      status: 'completed',
      completedAt: expect.any(String),
      stats: {
        total: 300,
        queued: 0,
        sending: 0,
        sent: 250,
        failed: 10,
        suppressed: 20,
        skipped: 20,
        needs_review: 0,
      },
    });
    const stats = await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}/stats`);
    expect(stats.json()).toEqual(done.json().stats);
    expect(accepted('sendgrid') - before).toBe(250);

    const rows = await t.database.db.select().from(messages).where(eq(messages.campaignId, c.id));
    const byStatus = (s: string) => rows.filter((r) => r.status === s);
    expect(byStatus('skipped').every((r) => r.reasonCode === 'no_identity')).toBe(true);
    expect(byStatus('suppressed').every((r) => r.reasonCode === 'suppressed')).toBe(true);
    expect(byStatus('failed').every((r) => r.reasonCode === 'invalid_request' && r.reason)).toBe(
      true,
    );
    expect(
      byStatus('failed')
        .map((r) => r.address)
        .sort(),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `reject${i}@example.com`).sort());
    const sent = byStatus('sent')[0]!;
    expect(sent.providerMessageId).toBeTruthy();
    expect(sent.content).toMatchObject({
      subject: expect.stringMatching(/^Hello /),
      html: expect.stringContaining('20% off'),
    });
    expect((await eventsOf(sent.id)).map((e) => e.status)).toEqual(['queued', 'sending', 'sent']);
    const [calls] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from provider_events
          where integration_id = ${sendgridId} and kind = 'send'`,
    );
    expect(Number(calls!.n)).toBeGreaterThanOrEqual(260);

    // The provider's signed event callbacks arrive; processed, they settle every message.
    await sandbox.ctx.idle();
    await t.services.webhooks.processPending();
    const settled = (await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}/stats`)).json();
    expect(settled).toMatchObject({
      total: 300,
      sent: 0,
      delivered: 240,
      bounced: 10,
      failed: 10,
      suppressed: 20,
      skipped: 20,
    });
    const snapshot = async () => ({
      stats: (await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}/stats`)).json(),
      events: (
        await queryRows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from message_events e join messages m on m.id = e.message_id
              where m.campaign_id = ${c.id}`,
        )
      )[0]!.n,
      suppressions: (
        await queryRows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from suppressions where org_id = ${owner.org.id}`,
        )
      )[0]!.n,
    });
    const settledState = await snapshot();

    // Every callback of this campaign replayed five times, shuffled: nothing changes.
    const callbacks = sandbox.ctx.delivered.filter((d) => d.url.includes(sendgridId));
    expect(callbacks.length).toBeGreaterThanOrEqual(250);
    const replay = Array.from({ length: 5 }, () => callbacks).flat();
    for (let i = replay.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [replay[i], replay[j]] = [replay[j]!, replay[i]!];
    }
    for (const d of replay) {
      const res = await t.app.inject({
        method: 'POST',
        url: d.url.replace(t.config.publicUrl, ''),
        headers: d.headers,
        payload: d.body,
      });
      expect(res.statusCode).toBe(200);
    }
    await t.services.webhooks.processPending();
    expect(await snapshot()).toEqual(settledState);
  }, 180_000);

  it('fails each message with the template error when a required variable is missing', async () => {
    const templateId = await template('email', '<p>{{ code }}</p>', {
      variables: [{ name: 'code', type: 'string', required: true }],
    });
    const a = await contact('Var A', [{ channel: 'email', value: 'var-a@example.com' }]);
    const b = await contact('Var B', [{ channel: 'email', value: 'var-b@example.com' }]);
    const c = await campaign({
      templateId,
      integrationId: sendgridId,
      audience: { groupIds: [], contactIds: [a.id, b.id, a.id] },
    });
    expect((await action(c.id, 'launch')).json().stats).toMatchObject({ total: 2, queued: 2 });
    await drain(sendgridId);
    const done = (await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', stats: { failed: 2, sent: 0 } });
    const rows = await t.database.db.select().from(messages).where(eq(messages.campaignId, c.id));
    expect(rows.map((r) => r.reasonCode)).toEqual([
      'template_missing_variable',
      'template_missing_variable',
    ]);
    expect(rows[0]!.reason).toContain('code');
  });
});

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

describe('launching', () => {
  it('twice with the same key launches once; launching again changes nothing', async () => {
    const templateId = await template('email', '<p>Hi</p>');
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await contact(`Twice ${i}`, [{ channel: 'email', value: `twice${i}@example.com` }])).id,
      );
    const c = await campaign({
      templateId,
      integrationId: sendgridId,
      audience: { groupIds: [], contactIds: ids },
    });
    const first = await action(c.id, 'launch', { 'idempotency-key': `launch-${c.id}` });
    const second = await action(c.id, 'launch', { 'idempotency-key': `launch-${c.id}` });
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const third = await action(c.id, 'launch');
    expect(third.statusCode).toBe(200);
    expect(third.json()).toMatchObject({
      launchedAt: first.json().launchedAt,
      stats: { total: 3 },
    });
    const rows = await t.database.db.select().from(messages).where(eq(messages.campaignId, c.id));
    expect(rows).toHaveLength(3);
    await drain(sendgridId);
    expect(
      (await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}`)).json().stats.sent,
    ).toBe(3);
  });

  it('allows valid transitions only, with a clear code', async () => {
    const templateId = await template('email', '<p>Hi</p>');
    const x = await contact('Transitions', [
      { channel: 'email', value: 'transitions@example.com' },
    ]);
    const c = await campaign({
      templateId,
      integrationId: sendgridId,
      audience: { groupIds: [], contactIds: [x.id] },
    });
    const paused = await action(c.id, 'pause');
    expect(paused.statusCode).toBe(409);
    expect(paused.json()).toMatchObject({ code: 'campaign_invalid_transition', status: 409 });
    expect((await action(c.id, 'resume')).json().code).toBe('campaign_invalid_transition');
    expect((await action(c.id, 'launch')).json().status).toBe('running');
    expect((await action(c.id, 'pause')).json().status).toBe('paused');
    // A paused campaign's messages wait.
    await drain(sendgridId);
    expect(
      (await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}`)).json().stats.queued,
    ).toBe(1);
    const edit = await request(t.app, owner, 'PATCH', `${base}/campaigns/${c.id}`, { templateId });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('campaign_not_editable');
    const rename = await request(t.app, owner, 'PATCH', `${base}/campaigns/${c.id}`, {
      name: 'Renamed',
    });
    expect(rename.json()).toMatchObject({ name: 'Renamed' });
    expect((await action(c.id, 'cancel')).json()).toMatchObject({
      status: 'cancelled',
      stats: { cancelled: 1, queued: 0 },
    });
    expect((await action(c.id, 'resume')).statusCode).toBe(409);
    expect((await action(c.id, 'cancel')).statusCode).toBe(409);
    const relaunch = await action(c.id, 'launch');
    expect(relaunch.statusCode).toBe(200);
    expect(relaunch.json().status).toBe('cancelled');

    const draft = await campaign({
      templateId,
      integrationId: sendgridId,
      audience: { groupIds: [], contactIds: [x.id] },
    });
    await action(draft.id, 'cancel');
    expect((await action(draft.id, 'launch')).json().code).toBe('campaign_invalid_transition');
  });

  it('refuses a template of another channel than the integration, and an empty audience', async () => {
    const sms = await template('sms', 'Hi {{ contact.name }}');
    const res = await request(t.app, owner, 'POST', `${base}/campaigns`, {
      name: 'Mismatch',
      templateId: sms,
      integrationId: sendgridId,
      audience: { groupIds: [], contactIds: [] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'channel_mismatch',
      errors: [{ path: 'templateId' }],
    });
    const c = await campaign({
      templateId: sms,
      integrationId: twilioId,
      audience: { groupIds: [], contactIds: [] },
    });
    const empty = await action(c.id, 'launch');
    expect(empty.statusCode).toBe(400);
    expect((await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}`)).json().status).toBe(
      'draft',
    );
  });

  it('a scheduled campaign waits for its time, then the sweep starts it', async () => {
    const templateId = await template('sms', 'Soon');
    const x = await contact('Scheduled', [{ channel: 'phone', value: '+14155557002' }]);
    const at = new Date(Date.now() + 3600_000).toISOString();
    const c = await campaign({
      templateId,
      integrationId: twilioId,
      scheduledAt: at,
      audience: { groupIds: [], contactIds: [x.id] },
    });
    expect((await action(c.id, 'launch')).json()).toMatchObject({
      status: 'scheduled',
      stats: { queued: 1 },
    });
    await drain(twilioId);
    expect(
      (await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}/stats`)).json().queued,
    ).toBe(1);
    await t.database.db.execute(
      sql`update campaigns set scheduled_at = now() - interval '1 second' where id = ${c.id}`,
    );
    const woken = await pipeline().sweep();
    expect(woken).toContainEqual({ orgId: owner.org.id, integrationId: twilioId });
    await drain(twilioId);
    expect((await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}`)).json()).toMatchObject({
      status: 'completed',
      stats: { sent: 1 },
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

describe('one-off sends', () => {
  it('the same Idempotency-Key answers the same message and sends once', async () => {
    const body = {
      integrationId: sendgridId,
      to: { value: 'Once.Only@Example.com' },
      body: { subject: 'Hi', text: 'One' },
    };
    const first = await sendOne(body, { 'idempotency-key': 'one-off-1' });
    const res = await request(t.app, owner, 'POST', `${base}/messages`, body, {
      'idempotency-key': 'one-off-1',
    });
    expect(res.statusCode).toBe(202);
    expect(res.headers['idempotent-replayed']).toBe('true');
    expect(res.json().id).toBe(first.id);
    expect(first).toMatchObject({
      status: 'queued',
      address: 'once.only@example.com',
      channel: 'email',
    });
    const before = accepted('sendgrid');
    await drain(sendgridId);
    expect(accepted('sendgrid') - before).toBe(1);
    const rows = await t.database.db
      .select()
      .from(messages)
      .where(eq(messages.address, 'once.only@example.com'));
    expect(rows).toHaveLength(1);
  });

  it('renders a template now (a missing variable is a 422) and checks suppression right before sending', async () => {
    const templateId = await template('sms', 'Code {{ code }}', {
      variables: [{ name: 'code', type: 'string', required: true }],
    });
    const missing = await request(t.app, owner, 'POST', `${base}/messages`, {
      integrationId: twilioId,
      to: { value: '+14155557003' },
      templateId,
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().code).toBe('template_missing_variable');
    const m = await sendOne({
      integrationId: twilioId,
      to: { value: '+14155557003' },
      templateId,
      variables: { code: '1234' },
    });
    expect(m).toMatchObject({ status: 'queued', channel: 'sms', content: { text: 'Code 1234' } });
    const res = await request(t.app, owner, 'POST', `${base}/suppressions`, {
      channel: 'phone',
      value: '+14155557003',
      reason: 'stop_keyword',
    });
    expect(res.statusCode, res.body).toBe(201);
    const before = accepted('twilio');
    await drain(twilioId);
    expect(accepted('twilio')).toBe(before);
    expect(await messageRow(m.id)).toMatchObject({
      status: 'suppressed',
      reasonCode: 'suppressed',
    });
    // Already suppressed at the request: a suppressed message, never queued.
    const again = await sendOne({
      integrationId: twilioId,
      to: { value: '+14155557003' },
      templateId,
      variables: { code: '9' },
    });
    expect(again.status).toBe('suppressed');
  });

  it('refuses a contact without an identity on the channel, and a template of another channel', async () => {
    const c = await contact('No phone', [{ channel: 'email', value: 'nophone@example.com' }]);
    const res = await request(t.app, owner, 'POST', `${base}/messages`, {
      integrationId: twilioId,
      contactId: c.id,
      body: { text: 'x' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('no_identity');
    const both = await request(t.app, owner, 'POST', `${base}/messages`, {
      integrationId: twilioId,
      body: { text: 'x' },
    });
    expect(both.statusCode).toBe(400);
    const email = await template('email', '<p>x</p>');
    const mismatch = await request(t.app, owner, 'POST', `${base}/messages`, {
      integrationId: twilioId,
      contactId: c.id,
      templateId: email,
    });
    expect(mismatch.json().code).toBe('channel_mismatch');
  });
});

describe('tenancy', () => {
  it("another org cannot see or act on this org's campaigns and messages", async () => {
    const other = await signUp(t.app, { orgName: 'Other' });
    const templateId = await template('email', '<p>Hi</p>');
    const x = await contact('Tenant', [{ channel: 'email', value: 'tenant@example.com' }]);
    const c = await campaign({
      templateId,
      integrationId: sendgridId,
      audience: { groupIds: [], contactIds: [x.id] },
    });
    const m = await sendOne({
      integrationId: sendgridId,
      contactId: x.id,
      body: { subject: 'a', text: 'b' },
    });
    const foreign = `/api/v1/orgs/${other.org.id}`;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/campaigns/${c.id}`],
      ['GET', `/campaigns/${c.id}/stats`],
      ['PATCH', `/campaigns/${c.id}`, { name: 'x' }],
      ['POST', `/campaigns/${c.id}/launch`],
      ['POST', `/campaigns/${c.id}/cancel`],
      ['POST', `/messages/${m.id}/retry`],
      ['POST', `/messages/${m.id}/review`, { action: 'cancel' }],
      [
        'POST',
        `/messages`,
        { integrationId: sendgridId, contactId: x.id, body: { subject: 'a', text: 'b' } },
      ],
      [
        'POST',
        `/campaigns`,
        {
          name: 'x',
          templateId,
          integrationId: sendgridId,
          audience: { groupIds: [], contactIds: [x.id] },
        },
      ],
      [
        'POST',
        `/campaigns/audience-preview`,
        { integrationId: sendgridId, audience: { groupIds: [], contactIds: [x.id] } },
      ],
    ];
    for (const [method, path, body] of attempts) {
      const res = await request(t.app, other, method as 'GET', `${foreign}${path}`, body);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    const list = await request(t.app, other, 'GET', `${foreign}/campaigns`);
    expect(list.json().items).toEqual([]);
    expect((await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}`)).json().status).toBe(
      'draft',
    );
  });
});
