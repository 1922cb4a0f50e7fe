/** The org settings where they matter: phone region, SMS segment limit, logo in templates. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, startJobQueue, TEST_ORIGIN } from '../../test/app.js';
import { listAll, request, signUp, type SignedUp } from '../../test/factories.js';
import { png } from './test-images.js';

const { app, services } = await createTestApp();
beforeAll(async () => {
  await startJobQueue(services);
});

const base = (o: SignedUp) => `/api/v1/orgs/${o.org.id}`;
const setRegion = (o: SignedUp, defaultPhoneRegion: string | null) =>
  request(app, o, 'PATCH', `${base(o)}/settings`, { defaultPhoneRegion });

function multipart(name: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = '----switchboard-defaults';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: TEST_ORIGIN },
  };
}

describe('the default phone region', () => {
  it('reads a contact’s number without a country code in the org’s region', async () => {
    const owner = await signUp(app);
    const local = { name: 'Hans', identities: [{ channel: 'phone', value: '030 1234567' }] };
    const before = await request(app, owner, 'POST', `${base(owner)}/contacts`, local);
    expect(before.statusCode).toBe(422);
    expect(before.json().code).toBe('invalid_phone');

    expect((await setRegion(owner, 'DE')).statusCode).toBe(200);
    const created = await request(app, owner, 'POST', `${base(owner)}/contacts`, local);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().identities).toMatchObject([{ normalized: '+49301234567' }]);
    // A region in the request still wins; an identity added later uses the default too.
    const added = await request(
      app,
      owner,
      'POST',
      `${base(owner)}/contacts/${created.json().id}/identities`,
      { channel: 'whatsapp', value: '0151 23456789' },
    );
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ normalized: '+4915123456789' });
    const normalized = await request(app, owner, 'POST', `${base(owner)}/identities/normalize`, {
      channel: 'phone',
      value: '020 7946 0018',
      region: 'GB',
    });
    expect(normalized.json()).toMatchObject({ normalized: '+442079460018' });
    const byDefault = await request(app, owner, 'POST', `${base(owner)}/identities/normalize`, {
      channel: 'phone',
      value: '030 1234567',
    });
    expect(byDefault.json()).toMatchObject({ normalized: '+49301234567' });
  });

  it('is the region of a CSV import that names none', async () => {
    const owner = await signUp(app);
    await setRegion(owner, 'DE');
    const csv = Buffer.from('name,phone\nLocal Hans,030 1234567\nIntl Ann,+14155550101\n');
    const { payload, headers } = multipart('people.csv', csv);
    const res = await app.inject({
      method: 'POST',
      url: `${base(owner)}/contacts/imports`,
      headers: { ...owner.headers, ...headers },
      payload,
    });
    expect(res.statusCode, res.body).toBe(202);
    await services.contactImports.run({ orgId: owner.org.id, importId: res.json().id });
    const contacts = await listAll<{ name: string; identities: { normalized: string }[] }>(
      app,
      owner,
      `${base(owner)}/contacts`,
    );
    const phones = Object.fromEntries(
      contacts.map((c) => [c.name, c.identities.map((i) => i.normalized)]),
    );
    expect(phones).toEqual({ 'Local Hans': ['+49301234567'], 'Intl Ann': ['+14155550101'] });
  });
});

describe('the SMS segment limit', () => {
  it('is what the template validator holds SMS templates to', async () => {
    const owner = await signUp(app);
    const long = { name: 'Long', channel: 'sms', body: 'x'.repeat(200) };
    const ok = await request(app, owner, 'POST', `${base(owner)}/templates`, long);
    expect(ok.statusCode, ok.body).toBe(201);

    await request(app, owner, 'PATCH', `${base(owner)}/settings`, { smsMaxSegments: 1 });
    const refused = await request(app, owner, 'POST', `${base(owner)}/templates`, {
      ...long,
      name: 'Long 2',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'template_invalid',
      errors: [{ code: 'template_sms_too_many_segments' }],
    });
    const validated = await request(app, owner, 'POST', `${base(owner)}/templates/validate`, {
      channel: 'sms',
      body: 'x'.repeat(200),
    });
    expect(validated.json()).toMatchObject({ valid: false });
  });
});

describe('org.logo_url in templates', () => {
  it('is the logo’s public URL once there is one, empty before', async () => {
    const owner = await signUp(app, { orgName: 'Logo Co' });
    const template = await request(app, owner, 'POST', `${base(owner)}/templates`, {
      name: 'Branded',
      channel: 'email',
      subject: 'Hello from {{ org.name }}',
      body: '<p><img src="{{ org.logo_url }}" alt="{{ org.name }}"></p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
    });
    expect(template.statusCode, template.body).toBe(201);
    const preview = () =>
      request(app, owner, 'POST', `${base(owner)}/templates/${template.json().id}/preview`, {});
    expect((await preview()).json().body).toContain('<img src=""');

    const { payload, headers } = multipart('logo.png', png(64, 64));
    const logo = await app.inject({
      method: 'PUT',
      url: `${base(owner)}/logo`,
      headers: { ...owner.headers, ...headers },
      payload,
    });
    expect(logo.statusCode, logo.body).toBe(200);
    const url: string = logo.json().logo.url;
    expect(url).toMatch(
      new RegExp(`^${TEST_ORIGIN}/media/logos/${owner.org.id}/[0-9a-f]{64}\\.png$`),
    );
    expect((await preview()).json().body).toContain(`<img src="${url}"`);
  });
});
