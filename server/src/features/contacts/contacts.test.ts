import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { addMember, listAll, request, signUp, type SignedUp } from '../../test/factories.js';
import { searchPlan } from './search.js';

const { app } = await createTestApp();

const base = (o: SignedUp) => `/api/v1/orgs/${o.org.id}`;
const create = (o: SignedUp, body: Record<string, unknown>) =>
  request(app, o, 'POST', `${base(o)}/contacts`, body);

describe('creating contacts', () => {
  it('normalizes every identity and returns {id, channel, value, normalized}', async () => {
    const owner = await signUp(app);
    const res = await create(owner, {
      name: 'Ada Lovelace',
      identities: [
        { channel: 'phone', value: '030 1234567', region: 'DE' },
        { channel: 'email', value: 'Ada@Bücher.Example' },
        { channel: 'telegram', value: '@Ada_Lovelace' },
        { channel: 'instagram', value: 'Ada.L' },
      ],
      attributes: { city: 'London' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const contact = res.json();
    expect(contact).toMatchObject({
      name: 'Ada Lovelace',
      attributes: { city: 'London' },
      source: 'api',
      suppressed: false,
      groupIds: [],
    });
    expect(contact.identities).toEqual([
      {
        id: expect.any(String),
        channel: 'phone',
        value: '030 1234567',
        normalized: '+49301234567',
      },
      {
        id: expect.any(String),
        channel: 'email',
        value: 'Ada@Bücher.Example',
        normalized: 'ada@xn--bcher-kva.example',
      },
      {
        id: expect.any(String),
        channel: 'telegram',
        value: '@Ada_Lovelace',
        normalized: '@ada_lovelace',
      },
      { id: expect.any(String), channel: 'instagram', value: 'Ada.L', normalized: '@ada.l' },
    ]);
    const got = await request(app, owner, 'GET', `${base(owner)}/contacts/${contact.id}`);
    expect(got.json()).toEqual(contact);
  });

  it.each([
    ['phone', '12', 'invalid_phone'],
    ['whatsapp', '+49 0', 'invalid_phone'],
    ['email', 'not-an-email', 'invalid_email'],
    ['telegram', '@ab', 'invalid_telegram'],
    ['instagram', 'has space', 'invalid_instagram'],
  ])('refuses an invalid %s %j with 422 %s and the reason', async (channel, value, code) => {
    const owner = await signUp(app);
    const res = await create(owner, { name: 'X', identities: [{ channel, value }] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code,
      errors: [{ path: 'identities.0.value', message: expect.any(String) }],
    });
  });

  it('normalizes without storing, for forms', async () => {
    const owner = await signUp(app);
    const url = `${base(owner)}/identities/normalize`;
    const ok = await request(app, owner, 'POST', url, {
      channel: 'phone',
      value: '030 1234567',
      region: 'DE',
    });
    expect(ok.json()).toEqual({
      channel: 'phone',
      value: '030 1234567',
      normalized: '+49301234567',
    });
    const bad = await request(app, owner, 'POST', url, { channel: 'email', value: 'x@' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('invalid_email');
    expect(await listAll(app, owner, `${base(owner)}/contacts`)).toEqual([]);
  });

  it('lets two orgs hold the same email', async () => {
    const [a, b] = [await signUp(app), await signUp(app)];
    const body = { name: 'Same', identities: [{ channel: 'email', value: 'same@example.com' }] };
    expect((await create(a, body)).statusCode).toBe(201);
    expect((await create(b, body)).statusCode).toBe(201);
  });

  it('is refused to viewers', async () => {
    const owner = await signUp(app);
    const viewer = await addMember(app, owner, 'viewer');
    const res = await request(app, viewer, 'POST', `${base(owner)}/contacts`, { name: 'X' });
    expect(res.statusCode).toBe(403);
  });
});

describe('listing and searching', () => {
  it('pages with a cursor and searches names and identities, with filters', async () => {
    const owner = await signUp(app);
    const group = (
      await request(app, owner, 'POST', `${base(owner)}/groups`, { name: 'VIP' })
    ).json();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await create(owner, {
        name: `Person ${i}`,
        identities: [
          {
            channel: i % 2 ? 'email' : 'phone',
            value: i % 2 ? `p${i}@example.com` : `+1415555010${i}`,
          },
        ],
        groupIds: i < 2 ? [group.id] : [],
      });
      ids.push(c.json().id);
    }
    const page1 = (await request(app, owner, 'GET', `${base(owner)}/contacts?limit=2`)).json();
    expect(page1.items.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3]]);
    const page2 = (
      await request(app, owner, 'GET', `${base(owner)}/contacts?limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);

    const q = async (qs: string) =>
      (await request(app, owner, 'GET', `${base(owner)}/contacts?${qs}`))
        .json()
        .items.map((c: { name: string }) => c.name);
    expect(await q('query=person%203')).toEqual(['Person 3']);
    expect(await q('query=p3%40example')).toEqual(['Person 3']);
    expect(await q('query=%2B1%20415%20555%200102')).toEqual(['Person 2']);
    expect(await q(`groupId=${group.id}`)).toEqual(['Person 1', 'Person 0']);
    expect(await q('channel=email')).toEqual(['Person 3', 'Person 1']);
    expect(await q('query=100%25')).toEqual([]);
    const bad = await request(app, owner, 'GET', `${base(owner)}/contacts?cursor=nope`);
    expect(bad.json().code).toBe('invalid_cursor');
  });
});

describe('search', () => {
  it('answers identity-shaped queries by prefix and names word by word', async () => {
    const owner = await signUp(app);
    const people = [
      {
        name: 'Ada Lovelace',
        identities: [
          { channel: 'email', value: 'Ada@Example.com' },
          { channel: 'telegram', value: '@ada_lovelace' },
        ],
      },
      {
        name: 'G. Hopper',
        identities: [
          { channel: 'email', value: 'grace@navy.example' },
          { channel: 'phone', value: '+1 (415) 555-0199' },
        ],
      },
      { name: 'Adam Smith', identities: [{ channel: 'telegram', value: '123456789' }] },
      { name: 'Adaline Bowman', identities: [{ channel: 'email', value: 'adab@example.org' }] },
    ];
    for (const body of people) expect((await create(owner, body)).statusCode).toBe(201);
    const q = async (query: string) =>
      (
        await request(
          app,
          owner,
          'GET',
          `${base(owner)}/contacts?query=${encodeURIComponent(query)}`,
        )
      )
        .json()
        .items.map((c: { name: string }) => c.name)
        .sort();
    // Emails: case-insensitive, from the start of the address.
    expect(await q('ADA@exa')).toEqual(['Ada Lovelace']);
    expect(await q('grace@navy.example')).toEqual(['G. Hopper']);
    // Phone numbers in any punctuation, as E.164; numeric chat ids by their digits.
    expect(await q('+1 415 555 01')).toEqual(['G. Hopper']);
    expect(await q('(415) 555')).toEqual([]);
    expect(await q('12345')).toEqual(['Adam Smith']);
    // Handles; `_` and `%` are literal characters, not wildcards.
    expect(await q('@ada_l')).toEqual(['Ada Lovelace']);
    expect(await q('@ada%')).toEqual([]);
    expect(await q('@ad_')).toEqual([]);
    // Names: whole words, the last one as a prefix, in any word of the name.
    expect(await q('ada')).toEqual(['Ada Lovelace', 'Adaline Bowman', 'Adam Smith']);
    expect(await q('ada lov')).toEqual(['Ada Lovelace']);
    expect(await q('lovelace')).toEqual(['Ada Lovelace']);
    expect(await q('adam smi')).toEqual(['Adam Smith']);
    expect(await q('hopp')).toEqual(['G. Hopper']);
    // A single word also finds identities that start with it.
    expect(await q('grace')).toEqual(['G. Hopper']);
    expect(await q('nobody')).toEqual([]);
    expect(await q('!!')).toEqual([]);
  });

  it('classifies the query', () => {
    expect(searchPlan(' Ada@Example ')).toEqual({
      identityPrefixes: ['ada@example'],
      nameWords: null,
    });
    expect(searchPlan('@Ada_L')).toEqual({ identityPrefixes: ['@ada_l'], nameWords: null });
    expect(searchPlan('+1 (415) 555-01')).toEqual({
      identityPrefixes: ['+141555501', '141555501'],
      nameWords: null,
    });
    expect(searchPlan("Ada O'Brien-Lo")).toEqual({
      identityPrefixes: [],
      nameWords: 'ada & o & brien & lo:*',
    });
    expect(searchPlan('ada')).toEqual({ identityPrefixes: ['ada', '@ada'], nameWords: 'ada:*' });
  });
});

describe('updating and deleting', () => {
  it('updates name and attributes, removes identities, deletes contacts', async () => {
    const owner = await signUp(app);
    const c = (
      await create(owner, {
        name: 'Old',
        identities: [{ channel: 'email', value: 'x@example.com' }],
      })
    ).json();
    const up = await request(app, owner, 'PATCH', `${base(owner)}/contacts/${c.id}`, {
      name: 'New',
      attributes: { tier: 'gold' },
    });
    expect(up.json()).toMatchObject({ name: 'New', attributes: { tier: 'gold' }, version: 2 });
    const del = await request(
      app,
      owner,
      'DELETE',
      `${base(owner)}/contacts/${c.id}/identities/${c.identities[0].id}`,
    );
    expect(del.statusCode).toBe(204);
    // The address is free again.
    expect(
      (
        await create(owner, {
          name: 'Other',
          identities: [{ channel: 'email', value: 'x@example.com' }],
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await request(app, owner, 'DELETE', `${base(owner)}/contacts/${c.id}`)).statusCode,
    ).toBe(204);
    expect((await request(app, owner, 'GET', `${base(owner)}/contacts/${c.id}`)).statusCode).toBe(
      404,
    );
  });
});
