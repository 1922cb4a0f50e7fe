import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { templateVersions } from '../../db/schema/index.js';
import { createTestApp } from '../../test/app.js';
import {
  addMember,
  createApiKey,
  listAll,
  request,
  signUp,
  type SignedUp,
} from '../../test/factories.js';

const { app, database, services } = await createTestApp();

const base = (org: SignedUp) => `/api/v1/orgs/${org.org.id}/templates`;

const welcomeEmail = {
  name: 'Welcome',
  channel: 'email',
  subject: 'Welcome, {{ first_name }}',
  body: '<p>Hi {{ first_name }}, your code is {{ code }}.</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
  variables: [
    { name: 'first_name', type: 'string', required: true },
    { name: 'code', type: 'string', required: false, default: 'HELLO' },
  ],
};

async function createTemplate(owner: SignedUp, body: object = welcomeEmail) {
  const res = await request(app, owner, 'POST', base(owner), body);
  if (res.statusCode !== 201) throw new Error(`create failed ${res.statusCode}: ${res.body}`);
  return res.json();
}

describe('validating a draft', () => {
  it('returns errors, warnings, the variables used and a sample preview, saving nothing', async () => {
    const owner = await signUp(app, { orgName: 'Acme' });
    const res = await request(app, owner, 'POST', `${base(owner)}/validate`, {
      channel: 'sms',
      body: 'Hi {{ name }} from {{ org.name }}\n{{ nme | upcase }}',
      variables: [
        { name: 'name', type: 'string', required: true },
        { name: 'extra', type: 'number', required: false },
      ],
      sampleValues: { name: 'Ana' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      valid: false,
      errors: [
        {
          code: 'template_undeclared_variable',
          path: 'body',
          message: expect.stringContaining('"nme"'),
          line: 2,
          column: 4,
        },
      ],
      warnings: [
        expect.objectContaining({
          code: 'template_unused_optional_variable',
          path: 'variables[1].name',
        }),
      ],
      variablesUsed: ['name', 'org'],
      preview: {
        body: 'Hi Ana from Acme\n',
        sms: { encoding: 'GSM-7', segments: 1, characters: 17 },
      },
    });
    expect((await request(app, owner, 'GET', base(owner))).json().items).toEqual([]);
  });

  it('is open to viewers and read-only API keys', async () => {
    const owner = await signUp(app);
    const viewer = await addMember(app, owner, 'viewer');
    const key = await createApiKey(app, owner, ['read']);
    for (const caller of [viewer, key]) {
      const res = await request(app, caller, 'POST', `${base(owner)}/validate`, {
        channel: 'telegram',
        body: 'hi',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().valid).toBe(true);
    }
  });
});

describe('the email preview frame', () => {
  const { name: _name, ...emailDraft } = welcomeEmail;
  const frame = (owner: SignedUp, draft: unknown) =>
    request(
      app,
      owner,
      'POST',
      `${base(owner)}/preview-frame`,
      new URLSearchParams({
        draft: typeof draft === 'string' ? draft : JSON.stringify(draft),
      }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );

  it('renders the draft as a page only our app may frame, with no scripts', async () => {
    const owner = await signUp(app);
    const res = await frame(owner, {
      ...emailDraft,
      body: '<h1 style="color:#c00">Hi {{ first_name }}</h1><script>alert(1)</script>',
      sampleValues: { first_name: 'Ada' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<h1 style="color:#c00">Hi Ada</h1>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        'sandbox',
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "frame-ancestors 'self'",
      ]),
    );
    expect(csp).not.toContain('script-src');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('says what to do when the draft does not render, and escapes what it shows', async () => {
    const owner = await signUp(app);
    const broken = await frame(owner, { ...emailDraft, body: '{% if %}' });
    expect(broken.statusCode).toBe(200);
    expect(broken.body).toContain('Fix the errors in the template to see the preview.');
    const unreadable = await frame(owner, '{not json');
    expect(unreadable.body).toContain('This draft could not be read.');
    const sms = await frame(owner, { channel: 'sms', body: '<b>{{ org.name }}</b>' });
    expect(sms.body).toContain('&lt;b&gt;');
  });

  it('is refused from another site and to another org', async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    const draft = new URLSearchParams({ draft: JSON.stringify(emailDraft) }).toString();
    const crossSite = await request(app, owner, 'POST', `${base(owner)}/preview-frame`, draft, {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
    });
    expect(crossSite.statusCode).toBe(403);
    const otherOrg = await request(app, other, 'POST', `${base(owner)}/preview-frame`, draft, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(otherOrg.statusCode).toBe(404);
  });
});

describe('creating templates', () => {
  it('stores version 1 and returns it', async () => {
    const owner = await signUp(app);
    const created = await createTemplate(owner);
    expect(created).toMatchObject({
      id: expect.any(String),
      name: 'Welcome',
      channel: 'email',
      latestVersion: 1,
      current: {
        version: 1,
        subject: welcomeEmail.subject,
        body: welcomeEmail.body,
        text: null,
        variables: welcomeEmail.variables,
        restoredFrom: null,
        createdBy: owner.user.id,
      },
    });
    const got = await request(app, owner, 'GET', `${base(owner)}/${created.id}`);
    expect(got.json()).toEqual(created);
    const log = await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}/audit-log`);
    expect(log.json().items[0]).toMatchObject({ action: 'template.created', targetId: created.id });
  });

  it('refuses a template with errors: 422 template_invalid with the validator’s errors', async () => {
    const owner = await signUp(app);
    const res = await request(app, owner, 'POST', base(owner), {
      ...welcomeEmail,
      body: '{{ first_name | shout }} {% include "secrets" %}',
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'template_invalid',
      errors: [{ code: 'template_unknown_filter', path: 'body', line: 1, column: 17 }],
    });
    const same = await request(app, owner, 'POST', `${base(owner)}/validate`, {
      ...welcomeEmail,
      name: undefined,
      body: '{{ first_name | shout }} {% include "secrets" %}',
    });
    expect(same.json().errors).toEqual(res.json().errors);
    expect((await request(app, owner, 'GET', base(owner))).json().items).toEqual([]);
  });

  it('refuses a required variable the template never uses', async () => {
    const owner = await signUp(app);
    const res = await request(app, owner, 'POST', base(owner), {
      name: 'Reminder',
      channel: 'sms',
      body: 'See you soon',
      variables: [{ name: 'when', type: 'date', required: true }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        code: 'template_unused_required_variable',
        path: 'variables[0].name',
      }),
    ]);
  });

  it('keeps names unique per organization (409), not across organizations', async () => {
    const owner = await signUp(app);
    await createTemplate(owner);
    const again = await request(app, owner, 'POST', base(owner), {
      ...welcomeEmail,
      name: 'welcome',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('template_name_taken');
    const other = await signUp(app);
    expect((await request(app, other, 'POST', base(other), welcomeEmail)).statusCode).toBe(201);
  });

  it('is for members and up: viewers and read keys get 403', async () => {
    const owner = await signUp(app);
    const viewer = await addMember(app, owner, 'viewer');
    const member = await addMember(app, owner, 'member');
    const key = await createApiKey(app, owner, ['read']);
    expect((await request(app, viewer, 'POST', base(owner), welcomeEmail)).statusCode).toBe(403);
    expect((await request(app, key, 'POST', base(owner), welcomeEmail)).statusCode).toBe(403);
    expect((await request(app, member, 'POST', base(owner), welcomeEmail)).statusCode).toBe(201);
  });

  it('rejects bodies that do not fit the schema with 400', async () => {
    const owner = await signUp(app);
    const res = await request(app, owner, 'POST', base(owner), { ...welcomeEmail, channel: 'fax' });
    expect(res.statusCode).toBe(400);
    const big = await request(app, owner, 'POST', base(owner), {
      ...welcomeEmail,
      body: 'x'.repeat(100_001),
    });
    expect(big.statusCode).toBe(400);
  });
});

describe('versions', () => {
  it('every content change is a new immutable version; rename and no-op edits are not', async () => {
    const owner = await signUp(app);
    const t = await createTemplate(owner);
    const url = `${base(owner)}/${t.id}`;

    const edited = await request(app, owner, 'PATCH', url, {
      body: '<p>Hello {{ first_name }} {{ code }}</p>{{ unsubscribe_url }}',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      latestVersion: 2,
      current: { version: 2, subject: welcomeEmail.subject },
    });

    const renamed = await request(app, owner, 'PATCH', url, { name: 'Welcome v2' });
    expect(renamed.json()).toMatchObject({ name: 'Welcome v2', latestVersion: 2 });
    const noop = await request(app, owner, 'PATCH', url, { body: edited.json().current.body });
    expect(noop.json().latestVersion).toBe(2);
    // The same variables with their keys in another order are the same content.
    const reordered = welcomeEmail.variables.map((v) =>
      Object.fromEntries(Object.entries(v).reverse()),
    );
    const same = await request(app, owner, 'PATCH', url, { variables: reordered });
    expect(same.json().latestVersion).toBe(2);

    const invalid = await request(app, owner, 'PATCH', url, { body: '{{ nope }}' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().code).toBe('template_invalid');

    const versions = await listAll<{ version: number; body: string }>(
      app,
      owner,
      `${url}/versions`,
    );
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1]!.body).toBe(welcomeEmail.body);
  });

  it('the app role cannot change or delete a version (database-enforced)', async () => {
    const owner = await signUp(app);
    const t = await createTemplate(owner);
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('app.org_id', ${owner.org.id}, true), set_config('role', 'switchboard_app', true)`,
        );
        await tx
          .update(templateVersions)
          .set({ body: 'tampered' })
          .where(eq(templateVersions.templateId, t.id));
      }),
    ).rejects.toThrow();
  });

  it('restore creates a new version from an old one', async () => {
    const owner = await signUp(app);
    const t = await createTemplate(owner);
    const url = `${base(owner)}/${t.id}`;
    await request(app, owner, 'PATCH', url, { subject: 'Hey {{ first_name }}' });
    const restored = await request(app, owner, 'POST', `${url}/versions/${t.current.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({
      latestVersion: 3,
      current: { version: 3, subject: welcomeEmail.subject, restoredFrom: 1 },
    });
    const missing = await request(
      app,
      owner,
      'POST',
      `${url}/versions/${crypto.randomUUID()}/restore`,
    );
    expect(missing.statusCode).toBe(404);
    // Another template's version is not this template's.
    const other = await createTemplate(owner, { ...welcomeEmail, name: 'Other' });
    const foreign = await request(
      app,
      owner,
      'POST',
      `${url}/versions/${other.current.id}/restore`,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('pages through the history with a cursor', async () => {
    const owner = await signUp(app);
    const t = await createTemplate(owner, { name: 'Ping', channel: 'telegram', body: 'v1' });
    const url = `${base(owner)}/${t.id}`;
    for (const n of [2, 3, 4]) await request(app, owner, 'PATCH', url, { body: `v${n}` });
    const first = await request(app, owner, 'GET', `${url}/versions?limit=3`);
    expect(first.json().items.map((v: { body: string }) => v.body)).toEqual(['v4', 'v3', 'v2']);
    const second = await request(
      app,
      owner,
      'GET',
      `${url}/versions?limit=3&cursor=${first.json().nextCursor}`,
    );
    expect(second.json()).toMatchObject({ items: [{ body: 'v1' }], nextCursor: null });
    const bad = await request(app, owner, 'GET', `${url}/versions?cursor=garbage`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_cursor');
  });
});

describe('deleting', () => {
  it('hides the template but keeps pinned versions renderable for sends', async () => {
    const owner = await signUp(app);
    const t = await createTemplate(owner);
    const url = `${base(owner)}/${t.id}`;
    expect((await request(app, owner, 'DELETE', url)).statusCode).toBe(204);
    expect((await request(app, owner, 'GET', url)).statusCode).toBe(404);
    expect((await request(app, owner, 'DELETE', url)).statusCode).toBe(404);
    expect((await request(app, owner, 'GET', base(owner))).json().items).toEqual([]);
    // The name is free again.
    expect((await request(app, owner, 'POST', base(owner), welcomeEmail)).statusCode).toBe(201);

    const ctx = (await import('../../platform/tenancy.js')).createOrgContext(database.db, {
      orgId: owner.org.id,
      role: 'owner',
      actor: { type: 'system', id: null, name: 'test' },
      userId: undefined,
      meta: { ip: null, userAgent: null, requestId: 'test' },
    });
    const pinned = await services.templates.getVersionForSend(ctx, t.current.id);
    expect(pinned).toMatchObject({ channel: 'email', version: 1, body: welcomeEmail.body });
  });
});

describe('listing', () => {
  it('lists newest first, filters by channel and pages', async () => {
    const owner = await signUp(app);
    await createTemplate(owner, { name: 'A', channel: 'sms', body: 'a' });
    await createTemplate(owner, { name: 'B', channel: 'telegram', body: 'b' });
    await createTemplate(owner, { name: 'C', channel: 'sms', body: 'c' });
    const all = await listAll<{ name: string }>(app, owner, base(owner));
    expect(all.map((t) => t.name)).toEqual(['C', 'B', 'A']);
    const sms = await request(app, owner, 'GET', `${base(owner)}?channel=sms&limit=1`);
    expect(sms.json().items.map((t: { name: string }) => t.name)).toEqual(['C']);
    const next = await request(
      app,
      owner,
      'GET',
      `${base(owner)}?channel=sms&limit=1&cursor=${sms.json().nextCursor}`,
    );
    expect(next.json().items.map((t: { name: string }) => t.name)).toEqual(['A']);
  });
});

describe('preview', () => {
  it('renders the latest or a chosen version with defaults and reports SMS segments', async () => {
    const owner = await signUp(app, { orgName: 'Acme' });
    const t = await createTemplate(owner, {
      name: 'Code',
      channel: 'sms',
      body: 'Your {{ org.name }} code: {{ code }} ({{ note }})',
      variables: [
        { name: 'code', type: 'string', required: true },
        { name: 'note', type: 'string', required: false, default: 'valid 10 min' },
      ],
    });
    const url = `${base(owner)}/${t.id}`;
    await request(app, owner, 'PATCH', url, { body: 'Código {{ code }} {{ note }}' });
    const latest = await request(app, owner, 'POST', `${url}/preview`, {
      variables: { code: '123', stray: 1 },
    });
    expect(latest.statusCode).toBe(200);
    expect(latest.json()).toEqual({
      body: 'Código 123 valid 10 min',
      sms: { encoding: 'UCS-2', segments: 1, characters: 23 },
      warnings: [
        expect.objectContaining({ code: 'template_extra_variable', path: 'variables.stray' }),
      ],
    });
    const v1 = await request(app, owner, 'POST', `${url}/preview`, {
      variables: { code: '123' },
      version: 1,
    });
    expect(v1.json().body).toBe('Your Acme code: 123 (valid 10 min)');
    expect(
      (
        await request(app, owner, 'POST', `${url}/preview`, {
          variables: { code: '1' },
          version: 9,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('fails like a send when a required variable is missing, naming each one', async () => {
    const owner = await signUp(app);
    const t = await createTemplate(owner);
    const res = await request(app, owner, 'POST', `${base(owner)}/${t.id}/preview`, {
      variables: {},
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'template_missing_variable',
      missing: ['first_name'],
      errors: [{ path: 'variables.first_name', message: 'is required' }],
    });
    const wrongType = await request(app, owner, 'POST', `${base(owner)}/${t.id}/preview`, {
      variables: { first_name: 5 },
    });
    expect(wrongType.json().code).toBe('template_variable_invalid');
  });

  it('escapes HTML in email bodies and renders the subject', async () => {
    const owner = await signUp(app);
    const t = await createTemplate(owner);
    const res = await request(app, owner, 'POST', `${base(owner)}/${t.id}/preview`, {
      variables: { first_name: '<script>x</script>' },
    });
    expect(res.json()).toMatchObject({
      subject: 'Welcome, <script>x</script>',
      body: expect.stringContaining('Hi &lt;script&gt;x&lt;/script&gt;, your code is HELLO.'),
    });
  });

  it('answers 404 for a contact that does not exist', async () => {
    const owner = await signUp(app);
    const t = await createTemplate(owner);
    const res = await request(app, owner, 'POST', `${base(owner)}/${t.id}/preview`, {
      variables: { first_name: 'A' },
      contactId: crypto.randomUUID(),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', detail: 'Contact not found.' });
  });
});
