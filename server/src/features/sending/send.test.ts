import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../db/schema/index.js';
import { request, signUp } from '../../test/factories.js';
import { createSendTestApp } from './test-helpers.js';

const {
  t,
  owner,
  base,
  sendgridId,
  twilioId,
  drain,
  template,
  contact,
  campaign,
  sendOne,
  messageRow,
  accepted,
} = await createSendTestApp();

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
