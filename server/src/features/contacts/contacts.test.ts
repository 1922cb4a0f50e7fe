import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { addMember, listAll, request, signUp, type SignedUp } from '../../test/factories.js';
import { searchPlan } from './repo.js';

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

describe('identity conflicts', () => {
  it('refuses a held identity with 409 naming the holder and the remedies, and audits it', async () => {
    const owner = await signUp(app);
    const first = (
      await create(owner, {
        name: 'Grace Hopper',
        identities: [{ channel: 'email', value: 'grace@navy.example' }],
      })
    ).json();
    const res = await create(owner, {
      name: 'G. Hopper',
      identities: [{ channel: 'email', value: 'GRACE@Navy.Example' }],
    });
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body).toMatchObject({
      code: 'identity_conflict',
      status: 409,
      conflictId: expect.any(String),
      existingContactId: first.id,
      existingContactName: 'Grace Hopper',
      identity: { channel: 'email', normalized: 'grace@navy.example' },
      remedies: ['open_existing', 'add_to_existing'],
    });
    // Nothing of the refused contact was written.
    const all = await listAll<{ id: string }>(app, owner, `${base(owner)}/contacts`);
    expect(all.map((c) => c.id)).toEqual([first.id]);

    const log = await request(app, owner, 'GET', `${base(owner)}/audit-log`);
    const entry = log
      .json()
      .items.find((e: { action: string }) => e.action === 'identity_conflict');
    expect(entry).toMatchObject({
      actor: { type: 'user', id: owner.user.id },
      targetId: first.id,
      metadata: {
        conflictId: body.conflictId,
        existing: { contactId: first.id, name: 'Grace Hopper' },
        identity: { channel: 'email', normalized: 'grace@navy.example' },
        attempted: { name: 'G. Hopper' },
      },
    });
    const conflicts = await request(app, owner, 'GET', `${base(owner)}/identity-conflicts`);
    expect(conflicts.json().items).toMatchObject([
      {
        id: body.conflictId,
        kind: 'identity_conflict',
        status: 'open',
        contact: { id: first.id, name: 'Grace Hopper' },
        otherContact: null,
        attempts: 1,
      },
    ]);
  });

  it('offers merge when adding an identity that another existing contact holds', async () => {
    const owner = await signUp(app);
    const a = (
      await create(owner, { name: 'A', identities: [{ channel: 'phone', value: '+14155550100' }] })
    ).json();
    const b = (await create(owner, { name: 'B' })).json();
    const res = await request(app, owner, 'POST', `${base(owner)}/contacts/${b.id}/identities`, {
      channel: 'phone',
      value: '(415) 555-0100',
      region: 'US',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      existingContactId: a.id,
      remedies: ['open_existing', 'merge'],
    });
    const conflict = (
      await request(app, owner, 'GET', `${base(owner)}/identity-conflicts/${res.json().conflictId}`)
    ).json();
    expect(conflict).toMatchObject({ contact: { id: a.id }, otherContact: { id: b.id } });

    const resolved = await request(
      app,
      owner,
      'POST',
      `${base(owner)}/identity-conflicts/${conflict.id}/resolve`,
      { action: 'merge' },
    );
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      resolution: 'merge',
      resolvedBy: { id: owner.user.id },
    });
    expect((await request(app, owner, 'GET', `${base(owner)}/contacts/${b.id}`)).statusCode).toBe(
      404,
    );
  });

  it('concurrent creates of one identity: exactly one owner and one conflict', async () => {
    const owner = await signUp(app);
    const body = (n: number) => ({
      name: `Racer ${n}`,
      identities: [{ channel: 'whatsapp', value: '+44 7912 345678' }],
    });
    const results = await Promise.all([0, 1, 2, 3, 4].map((n) => create(owner, body(n))));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    const winner = results.find((r) => r.statusCode === 201)!.json();
    const conflictIds = new Set(
      results.filter((r) => r.statusCode === 409).map((r) => r.json().conflictId),
    );
    expect(conflictIds.size).toBe(1);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().existingContactId).toBe(winner.id);
    }
    const contacts = await listAll(app, owner, `${base(owner)}/contacts`);
    expect(contacts).toHaveLength(1);
    const conflicts = (
      await request(app, owner, 'GET', `${base(owner)}/identity-conflicts`)
    ).json();
    expect(conflicts.items).toHaveLength(1);
    expect(conflicts.items[0].attempts).toBe(4);
  });

  it('flags the same number as phone and WhatsApp on two contacts as a possible duplicate', async () => {
    const owner = await signUp(app);
    const a = (
      await create(owner, {
        name: 'Phone',
        identities: [{ channel: 'phone', value: '+16502530000' }],
      })
    ).json();
    const b = await create(owner, {
      name: 'WA',
      identities: [{ channel: 'whatsapp', value: '+1 650-253-0000' }],
    });
    expect(b.statusCode).toBe(201);
    const c = (
      await create(owner, {
        name: 'Mail',
        identities: [{ channel: 'email', value: 'jane.doe+x@gmail.com' }],
      })
    ).json();
    const d = (
      await create(owner, {
        name: 'Mail2',
        identities: [{ channel: 'email', value: 'janedoe@googlemail.com' }],
      })
    ).json();
    const open = (
      await request(app, owner, 'GET', `${base(owner)}/identity-conflicts?status=open`)
    ).json();
    expect(open.items).toHaveLength(2);
    expect(open.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'possible_duplicate',
          contact: { id: a.id, name: 'Phone' },
          otherContact: { id: b.json().id, name: 'WA' },
        }),
        expect.objectContaining({
          kind: 'possible_duplicate',
          contact: { id: c.id, name: 'Mail' },
          otherContact: { id: d.id, name: 'Mail2' },
        }),
      ]),
    );
    const phonePair = open.items.find((i: { contact: { id: string } }) => i.contact.id === a.id);
    const kept = await request(
      app,
      owner,
      'POST',
      `${base(owner)}/identity-conflicts/${phonePair.id}/resolve`,
      {
        action: 'keep_both',
      },
    );
    expect(kept.json()).toMatchObject({ status: 'resolved', resolution: 'keep_both' });
    const again = await request(
      app,
      owner,
      'POST',
      `${base(owner)}/identity-conflicts/${phonePair.id}/resolve`,
      {
        action: 'dismiss',
      },
    );
    expect(again.statusCode).toBe(409);
    const resolved = (
      await request(app, owner, 'GET', `${base(owner)}/identity-conflicts?status=resolved`)
    ).json();
    expect(resolved.items.map((i: { id: string }) => i.id)).toEqual([phonePair.id]);
  });

  it('does not allow keep_both for a same-identity conflict', async () => {
    const owner = await signUp(app);
    await create(owner, { name: 'A', identities: [{ channel: 'telegram', value: '12345' }] });
    const res = await create(owner, {
      name: 'B',
      identities: [{ channel: 'telegram', value: '12345' }],
    });
    const r = await request(
      app,
      owner,
      'POST',
      `${base(owner)}/identity-conflicts/${res.json().conflictId}/resolve`,
      {
        action: 'keep_both',
      },
    );
    expect(r.statusCode).toBe(422);
    const d = await request(
      app,
      owner,
      'POST',
      `${base(owner)}/identity-conflicts/${res.json().conflictId}/resolve`,
      {
        action: 'dismiss',
      },
    );
    expect(d.json()).toMatchObject({ resolution: 'dismiss', status: 'resolved' });
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
