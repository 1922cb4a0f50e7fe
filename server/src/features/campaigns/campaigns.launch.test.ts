import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { messages } from '../../db/schema/index.js';
import { request } from '../../test/factories.js';
import { createSendTestApp } from '../sending/test-helpers.js';

const {
  t,
  sandbox,
  owner,
  base,
  sendgridId,
  twilioId,
  pipeline,
  drain,
  template,
  contact,
  group,
  campaign,
  action,
  eventsOf,
  accepted,
} = await createSendTestApp();

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

  it('fails each message whose render runs past its budget in the template pool, without retrying', async () => {
    // Passes the static loop checks; with these values each render runs until its budget stops it.
    const templateId = await template(
      'email',
      '{% for a in items %}{% for b in items %}x{% endfor %}{% endfor %}',
      { variables: [{ name: 'items', type: 'list', required: true }] },
    );
    const a = await contact('Slow A', [{ channel: 'email', value: 'slow-a@example.com' }]);
    const b = await contact('Slow B', [{ channel: 'email', value: 'slow-b@example.com' }]);
    const c = await campaign({
      templateId,
      integrationId: sendgridId,
      audience: { groupIds: [], contactIds: [a.id, b.id] },
      variables: { items: Array.from({ length: 10_000 }, (_, i) => i) },
    });
    expect((await action(c.id, 'launch')).json().stats).toMatchObject({ total: 2, queued: 2 });
    const before = accepted('sendgrid');
    await drain(sendgridId);
    const done = (await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', stats: { failed: 2, sent: 0 } });
    const rows = await t.database.db.select().from(messages).where(eq(messages.campaignId, c.id));
    expect(rows.map((r) => [r.status, r.reasonCode, r.nextAttemptAt])).toEqual([
      ['failed', 'template_render_failed', null],
      ['failed', 'template_render_failed', null],
    ]);
    expect(rows[0]!.reason).toBe('Rendering the body failed.');
    expect(accepted('sendgrid')).toBe(before);

    // A one-off send renders at once, in the same pool: the same error, as a 422.
    const oneOff = await request(t.app, owner, 'POST', `${base}/messages`, {
      integrationId: sendgridId,
      templateId,
      contactId: a.id,
      variables: { items: Array.from({ length: 5000 }, (_, i) => i) },
    });
    expect(oneOff.statusCode).toBe(422);
    expect(oneOff.json()).toMatchObject({ code: 'template_render_failed' });
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
