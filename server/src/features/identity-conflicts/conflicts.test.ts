import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { listAll, request, signUp, type SignedUp } from '../../test/factories.js';

const { app } = await createTestApp();

const base = (o: SignedUp) => `/api/v1/orgs/${o.org.id}`;
const create = (o: SignedUp, body: Record<string, unknown>) =>
  request(app, o, 'POST', `${base(o)}/contacts`, body);

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
