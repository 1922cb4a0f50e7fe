import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaigns, domainEvents, messages } from '../../db/schema/index.js';
import { createTestApp } from '../../test/app.js';
import { addMember, request, signUp, type SignedUp } from '../../test/factories.js';
import { insertOutbound } from '../../test/messages.js';

const t = await createTestApp();
let owner: SignedUp;
let member: SignedUp;
let viewer: SignedUp;
let base: string;

beforeAll(async () => {
  owner = await signUp(t.app, { orgName: 'Acme' });
  member = await addMember(t.app, owner, 'member');
  viewer = await addMember(t.app, owner, 'viewer');
  base = `/api/v1/orgs/${owner.org.id}`;
});

/** A campaign row as the service leaves it in `status` (the send path has its own tests). */
async function campaignRow(status: 'draft' | 'running' | 'completed' | 'cancelled' = 'draft') {
  const id = uuidv7();
  await t.database.db.insert(campaigns).values({
    id,
    orgId: owner.org.id,
    name: `Spring ${status}`,
    templateId: randomUUID(),
    integrationId: randomUUID(),
    channel: 'sms',
    audience: { groupIds: [], contactIds: [] },
    status,
    ...(status !== 'draft' && { launchedAt: new Date() }),
  });
  return id;
}

const exists = async (id: string) =>
  (await t.database.db.select().from(campaigns).where(eq(campaigns.id, id))).length === 1;

describe('DELETE /campaigns/:campaignId', () => {
  it('deletes a draft for a member, audited, and it is gone from the API', async () => {
    const id = await campaignRow();
    const res = await request(t.app, member, 'DELETE', `${base}/campaigns/${id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expect(await exists(id)).toBe(false);

    const get = await request(t.app, owner, 'GET', `${base}/campaigns/${id}`);
    expect(get.statusCode).toBe(404);
    const list = await request(t.app, owner, 'GET', `${base}/campaigns`);
    expect(list.json().items.map((c: { id: string }) => c.id)).not.toContain(id);

    const again = await request(t.app, member, 'DELETE', `${base}/campaigns/${id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('not_found');

    const audit = await request(t.app, owner, 'GET', `${base}/audit-log?action=campaign.deleted`);
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json().items).toEqual([
      expect.objectContaining({
        action: 'campaign.deleted',
        targetType: 'campaign',
        targetId: id,
        metadata: expect.objectContaining({ name: 'Spring draft' }),
      }),
    ]);
  });

  it('refuses a viewer (403) and leaves the draft', async () => {
    const id = await campaignRow();
    const res = await request(t.app, viewer, 'DELETE', `${base}/campaigns/${id}`);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await exists(id)).toBe(true);
  });

  it.each(['running', 'completed', 'cancelled'] as const)(
    'refuses a %s campaign with 409 campaign_not_draft and keeps it',
    async (status) => {
      const id = await campaignRow(status);
      const res = await request(t.app, owner, 'DELETE', `${base}/campaigns/${id}`);
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        code: 'campaign_not_draft',
        status: 409,
        campaignStatus: status,
      });
      expect(await exists(id)).toBe(true);
    },
  );

  it('refuses a draft that already has messages, and keeps them', async () => {
    const id = await campaignRow();
    const message = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: randomUUID(),
      channel: 'sms',
      address: '+14155550111',
      campaignId: id,
      status: 'queued',
    });
    const res = await request(t.app, owner, 'DELETE', `${base}/campaigns/${id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'campaign_not_draft', campaignStatus: 'draft' });
    expect(await exists(id)).toBe(true);
    const kept = await t.database.db.select().from(messages).where(eq(messages.id, message.id));
    expect(kept).toHaveLength(1);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const res = await request(t.app, owner, 'DELETE', `${base}/campaigns/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });
});

describe('a campaign audience', () => {
  it("refuses another org's groups and contacts (and ids of nothing), naming them, on create and update", async () => {
    const other = await signUp(t.app, { orgName: 'Other' });
    const otherBase = `/api/v1/orgs/${other.org.id}`;
    const theirGroup = await request(t.app, other, 'POST', `${otherBase}/groups`, {
      name: 'Theirs',
    });
    const theirContact = await request(t.app, other, 'POST', `${otherBase}/contacts`, {
      name: 'Theirs',
      identities: [{ channel: 'phone', value: '+14155550123' }],
    });
    expect(theirGroup.statusCode, theirGroup.body).toBe(201);
    expect(theirContact.statusCode, theirContact.body).toBe(201);
    const ownGroup = await request(t.app, owner, 'POST', `${base}/groups`, { name: 'Ours' });
    const template = await request(t.app, owner, 'POST', `${base}/templates`, {
      name: 'Audience check',
      channel: 'sms',
      body: 'Hello',
    });
    // A real Twilio account's shape: creating it makes no provider call.
    const integration = await request(t.app, owner, 'POST', `${base}/integrations`, {
      provider: 'twilio',
      credentials: { accountSid: `AC${'b'.repeat(32)}`, authToken: 'audiencechecktoken1' },
      settings: { fromNumber: '+14155550100' },
    });
    expect(integration.statusCode, integration.body).toBe(201);
    const refs = {
      templateId: template.json<{ id: string }>().id,
      integrationId: integration.json<{ id: string }>().id,
    };
    const foreignGroup = theirGroup.json<{ id: string }>().id;
    const foreignContact = theirContact.json<{ id: string }>().id;
    const nothing = uuidv7();

    const created = await request(t.app, owner, 'POST', `${base}/campaigns`, {
      name: 'Borrowed audience',
      ...refs,
      audience: {
        groupIds: [ownGroup.json<{ id: string }>().id, foreignGroup],
        contactIds: [foreignContact, nothing],
      },
    });
    expect(created.statusCode, created.body).toBe(422);
    expect(created.json()).toMatchObject({
      code: 'audience_not_in_org',
      errors: [
        { path: 'audience.groupIds.1', message: expect.stringContaining(foreignGroup) },
        { path: 'audience.contactIds.0', message: expect.stringContaining(foreignContact) },
        { path: 'audience.contactIds.1', message: expect.stringContaining(nothing) },
      ],
    });
    const saved = await t.database.db
      .select()
      .from(campaigns)
      .where(eq(campaigns.name, 'Borrowed audience'));
    expect(saved).toHaveLength(0);

    const draft = await request(t.app, owner, 'POST', `${base}/campaigns`, {
      name: 'Own audience',
      ...refs,
      audience: { groupIds: [ownGroup.json<{ id: string }>().id] },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json<{ id: string }>().id;
    const patched = await request(t.app, owner, 'PATCH', `${base}/campaigns/${id}`, {
      audience: { groupIds: [foreignGroup] },
    });
    expect(patched.statusCode, patched.body).toBe(422);
    expect(patched.json().errors).toEqual([
      { path: 'audience.groupIds.0', message: expect.stringContaining(foreignGroup) },
    ]);
    const [row] = await t.database.db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(row!.audience.groupIds).toEqual([ownGroup.json<{ id: string }>().id]);
  });
});

describe('reviewing the last undecided message of a running campaign', () => {
  it('completes the campaign and emits campaign.completed, as the pipeline does', async () => {
    const id = await campaignRow('running');
    const [campaign] = await t.database.db.select().from(campaigns).where(eq(campaigns.id, id));
    const message = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId: campaign!.integrationId,
      campaignId: id,
      channel: 'sms',
      address: '+14155550199',
      status: 'needs_review',
    });
    const res = await request(t.app, owner, 'POST', `${base}/messages/${message.id}/review`, {
      action: 'mark_sent',
    });
    expect(res.statusCode, res.body).toBe(200);
    const [after] = await t.database.db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(after!.status).toBe('completed');
    const events = await t.database.db
      .select()
      .from(domainEvents)
      .where(eq(domainEvents.type, 'campaign.completed'));
    expect(
      events.filter((e) => (e.payload as { campaignId: string }).campaignId === id),
    ).toHaveLength(1);
  });
});
