import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { createApiKey, request, signUp, type SignedUp } from '../../test/factories.js';

// Inputs a probe found answering 500 (issue 14): each is now a 400 problem with a code.
const { app } = await createTestApp();
let owner: SignedUp;
let base: string;
let groupId: string;
let templateId: string;

beforeAll(async () => {
  owner = await signUp(app, { orgName: 'Acme' });
  base = `/api/v1/orgs/${owner.org.id}`;
  const group = await request(app, owner, 'POST', `${base}/groups`, { name: 'Readers' });
  groupId = group.json<{ id: string }>().id;
  const template = await request(app, owner, 'POST', `${base}/templates`, {
    name: 'Hello',
    channel: 'sms',
    body: 'Hello',
  });
  templateId = template.json<{ id: string }>().id;
  const contact = await request(app, owner, 'POST', `${base}/contacts`, {
    name: 'Ada',
    identities: [{ channel: 'email', value: 'ada@example.com' }],
  });
  expect(contact.statusCode, contact.body).toBe(201);
});

const NUL = 'a\u0000b';
const LONE = '\ud800';

function expectProblem(res: {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): unknown;
}) {
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ code: 'validation_failed' });
}

describe('text that PostgreSQL cannot store', () => {
  it.each(['contacts', 'suppressions', 'contacts/export.csv'])(
    'a NUL in ?query= on %s, with a read-only key',
    async (path) => {
      const key = await createApiKey(app, owner, ['read']);
      const res = await request(app, key, 'GET', `${base}/${path}?query=%00`);
      expectProblem(res);
      expect(res.json()).toMatchObject({ errors: [{ path: 'query' }] });
    },
  );

  it('a NUL in a group description, a template body and a message text', async () => {
    expectProblem(
      await request(app, owner, 'PATCH', `${base}/groups/${groupId}`, { description: NUL }),
    );
    expectProblem(
      await request(app, owner, 'POST', `${base}/templates`, {
        name: 'NUL',
        channel: 'sms',
        body: NUL,
      }),
    );
    const sent = await request(app, owner, 'POST', `${base}/messages`, {
      integrationId: groupId,
      to: { value: 'ada@example.com' },
      body: { subject: 'Hi', text: NUL },
    });
    expectProblem(sent);
    expect(sent.json()).toMatchObject({ errors: [{ path: 'body.text' }] });
  });

  it('an unpaired surrogate as a name on org update, group create, campaign and contact create', async () => {
    expectProblem(await request(app, owner, 'PATCH', base, { name: LONE }));
    expectProblem(await request(app, owner, 'POST', `${base}/groups`, { name: LONE }));
    expectProblem(
      await request(app, owner, 'POST', `${base}/campaigns`, {
        name: LONE,
        templateId,
        integrationId: templateId,
        audience: { groupIds: [groupId] },
      }),
    );
    expectProblem(
      await request(app, owner, 'POST', `${base}/contacts`, {
        name: LONE,
        identities: [{ channel: 'email', value: 'ada@example.com' }],
      }),
    );
  });

  it('keeps well-formed text, surrogate pairs (emoji) included', async () => {
    const res = await request(app, owner, 'POST', `${base}/groups`, { name: 'Fans 🎉' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Fans 🎉' });
  });
});

describe('other inputs that answered 500', () => {
  it('a version beyond the column type on template preview', async () => {
    const res = await request(app, owner, 'POST', `${base}/templates/${templateId}/preview`, {
      version: 2147483648,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'version' }] });
  });

  it('an empty PATCH of a group changes nothing and answers the group', async () => {
    const res = await request(app, owner, 'PATCH', `${base}/groups/${groupId}`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: groupId, name: 'Readers' });
  });

  it('an empty PATCH answers the resource unchanged (orgs and members: their one field is required)', async () => {
    const contacts = await request(app, owner, 'GET', `${base}/contacts`);
    const contactId = contacts.json<{ items: { id: string }[] }>().items[0]!.id;
    const integration = await request(app, owner, 'POST', `${base}/integrations`, {
      provider: 'twilio',
      credentials: { accountSid: `AC${'c'.repeat(32)}`, authToken: 'emptypatchtoken123' },
      settings: { fromNumber: '+14155550100' },
    });
    const integrationId = integration.json<{ id: string }>().id;
    const campaign = await request(app, owner, 'POST', `${base}/campaigns`, {
      name: 'Empty patch',
      templateId,
      integrationId,
      audience: { groupIds: [groupId] },
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    for (const path of [
      `/contacts/${contactId}`,
      `/templates/${templateId}`,
      `/integrations/${integrationId}`,
      `/campaigns/${campaign.json<{ id: string }>().id}`,
    ]) {
      const res = await request(app, owner, 'PATCH', `${base}${path}`, {});
      expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    }
    for (const [path, field] of [
      ['', 'name'],
      [`/members/${owner.user.id}`, 'role'],
    ] as const) {
      const res = await request(app, owner, 'PATCH', `${base}${path}`, {});
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: field }] });
    }
  });
});

describe('what the fuzz test found', () => {
  it('a query string that is not valid percent-encoded UTF-8 (an unpaired surrogate as bytes)', async () => {
    const res = await request(app, owner, 'GET', `${base}/contacts?query=a%ED%A0%80b`);
    expectProblem(res);
    expect(res.json()).toMatchObject({ errors: [{ path: 'query' }] });
    // A stray "%" is refused the same way rather than read as something else.
    expectProblem(await request(app, owner, 'GET', `${base}/suppressions?query=100%`));
  });

  it('a path segment longer than any identifier', async () => {
    const res = await request(app, owner, 'GET', `${base}/groups/${'x'.repeat(201)}`);
    expectProblem(res);
    expect(res.json()).toMatchObject({ errors: [{ path: 'params' }] });
  });

  it('a time zone that does not exist, even without from/to', async () => {
    const res = await request(app, owner, 'GET', `${base}/audit-log?tz=Mars%2FOlympus`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'invalid_timezone', errors: [{ path: 'tz' }] });
  });
});
