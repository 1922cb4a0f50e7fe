import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaigns, messageEvents } from '../../db/schema/index.js';
import { createTestApp } from '../../test/app.js';
import { createApiKey, listAll, request, signUp, type SignedUp } from '../../test/factories.js';
import type { Message } from './schemas.js';
import { insertOutbound } from '../../test/messages.js';

const t = await createTestApp();
let owner: SignedUp;
let other: SignedUp;
let base: string;
let ada: { id: string; identities: { id: string }[] };
let bob: { id: string; identities: { id: string }[] };
let campaignId: string;
const integrationId = randomUUID();
const ids: Record<string, string> = {};

async function contact(name: string, phone: string) {
  const res = await request(t.app, owner, 'POST', `${base}/contacts`, {
    name,
    identities: [{ channel: 'phone', value: phone }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; identities: { id: string }[] }>();
}

const days = (n: number) => new Date(Date.now() - n * 86_400_000);

beforeAll(async () => {
  owner = await signUp(t.app);
  other = await signUp(t.app, { orgName: 'Other Org' });
  base = `/api/v1/orgs/${owner.org.id}`;
  ada = await contact('Ada', '+14155554001');
  bob = await contact('Bob', '+14155554002');
  campaignId = uuidv7();
  await t.database.db.insert(campaigns).values({
    id: campaignId,
    orgId: owner.org.id,
    name: 'Spring',
    templateId: randomUUID(),
    integrationId,
    channel: 'sms',
    audience: { groupIds: [], contactIds: [] },
  });
  const db = t.database.db;
  const common = { orgId: owner.org.id, integrationId };
  ids.adaOld = (
    await insertOutbound(db, {
      ...common,
      channel: 'sms',
      address: '+14155554001',
      contactId: ada.id,
      status: 'delivered',
      createdAt: days(10),
    })
  ).id;
  ids.adaCampaign = (
    await insertOutbound(db, {
      ...common,
      channel: 'sms',
      address: '+14155554001',
      contactId: ada.id,
      campaignId,
      status: 'failed',
    })
  ).id;
  ids.adaEmail = (
    await insertOutbound(db, {
      ...common,
      channel: 'email',
      address: 'ada@example.com',
      contactId: ada.id,
      status: 'sent',
      providerMessageId: 'sg-1',
    })
  ).id;
  ids.bob = (
    await insertOutbound(db, {
      ...common,
      channel: 'sms',
      address: '+14155554002',
      contactId: bob.id,
      campaignId,
      status: 'delivered',
    })
  ).id;
  ids.otherOrg = (
    await insertOutbound(db, {
      orgId: other.org.id,
      integrationId,
      channel: 'sms',
      address: '+14155554001',
      status: 'sent',
    })
  ).id;
  await db.insert(messageEvents).values([
    {
      id: uuidv7(),
      orgId: owner.org.id,
      messageId: ids.adaEmail,
      kind: 'callback',
      status: 'sent',
      source: 'callback',
      detail: { type: 'accepted' },
      occurredAt: days(0.002),
    },
    {
      id: uuidv7(),
      orgId: owner.org.id,
      messageId: ids.adaEmail,
      kind: 'attempt',
      status: 'sending',
      source: 'pipeline',
      detail: {},
      occurredAt: days(0.003),
    },
  ]);
});

const list = (query = '') =>
  listAll<Message>(t.app, owner, `${base}/messages${query}`).then((items) =>
    items.map((m) => m.id),
  );

describe('the message log', () => {
  it('lists the org’s messages newest first, and only its own', async () => {
    expect(await list()).toEqual([ids.bob, ids.adaEmail, ids.adaCampaign, ids.adaOld]);
  });

  it('filters by campaign, contact, channel, status, direction and date range', async () => {
    expect(await list(`?campaignId=${campaignId}`)).toEqual([ids.bob, ids.adaCampaign]);
    expect(await list(`?contactId=${ada.id}&channel=sms`)).toEqual([ids.adaCampaign, ids.adaOld]);
    expect(await list('?status=delivered')).toEqual([ids.bob, ids.adaOld]);
    expect(await list('?direction=inbound')).toEqual([]);
    expect(await list(`?to=${days(5).toISOString()}`)).toEqual([ids.adaOld]);
    expect(await list(`?from=${days(1).toISOString().slice(0, 10)}`)).toHaveLength(3);
    const bad = await request(t.app, owner, 'GET', `${base}/messages?from=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_date_range' });
  });

  it('pages with a cursor without repeating or skipping a message', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(
        t.app,
        owner,
        'GET',
        `${base}/messages?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = res.json<{ items: Message[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(await list());
    const bad = await request(t.app, owner, 'GET', `${base}/messages?cursor=nonsense`);
    expect(bad.json()).toMatchObject({ code: 'invalid_cursor' });
  });

  it('shows one message with its whole history in order', async () => {
    const res = await request(t.app, owner, 'GET', `${base}/messages/${ids.adaEmail}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: ids.adaEmail,
      status: 'sent',
      providerMessageId: 'sg-1',
      events: [
        { kind: 'attempt', source: 'pipeline' },
        { kind: 'callback', source: 'callback', detail: { type: 'accepted' } },
      ],
    });
  });

  it('answers 404 for another org’s message and conversation, as a user and as a key', async () => {
    const key = await createApiKey(t.app, other, ['admin']);
    for (const caller of [other, key]) {
      for (const url of [
        `${base}/messages/${ids.adaEmail}`,
        `${base}/contacts/${ada.id}/conversation`,
        `${base}/messages`,
      ]) {
        const res = await request(t.app, caller, 'GET', url);
        expect(res.statusCode, url).toBe(404);
      }
    }
    // Inside its own org, the other org's message id is simply unknown.
    const mine = await request(t.app, owner, 'GET', `${base}/messages/${ids.otherOrg}`);
    expect(mine.statusCode).toBe(404);
  });
});

describe('the conversation and contact merge', () => {
  it('lists a contact’s messages newest first, paging back in time', async () => {
    const all = await listAll<Message>(t.app, owner, `${base}/contacts/${ada.id}/conversation`, 2);
    expect(all.map((m) => m.id)).toEqual([ids.adaEmail, ids.adaCampaign, ids.adaOld]);
    const missing = await request(
      t.app,
      owner,
      'GET',
      `${base}/contacts/${randomUUID()}/conversation`,
    );
    expect(missing.statusCode).toBe(404);
  });

  it('moves messages with a merge and puts them back on unmerge', async () => {
    const oneOff = await insertOutbound(t.database.db, {
      orgId: owner.org.id,
      integrationId,
      channel: 'sms',
      address: '+14155554002',
      contactId: bob.id,
    });
    const merged = await request(t.app, owner, 'POST', `${base}/contacts/${ada.id}/merge`, {
      sourceContactId: bob.id,
      preview: false,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const conversation = async (id: string) =>
      (await listAll<Message>(t.app, owner, `${base}/contacts/${id}/conversation`)).map(
        (m) => m.id,
      );
    const afterMerge = await conversation(ada.id);
    expect(afterMerge).toContain(oneOff.id);
    // Both received the campaign: the kept contact now holds both of its messages.
    expect(afterMerge).toEqual(expect.arrayContaining([ids.bob, ids.adaCampaign]));

    const undo = await request(
      t.app,
      owner,
      'POST',
      `${base}/contact-merges/${merged.json().mergeId}/undo`,
    );
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await conversation(ada.id)).not.toContain(oneOff.id);
    expect(await conversation(bob.id)).toEqual([oneOff.id, ids.bob]);
  });
});
