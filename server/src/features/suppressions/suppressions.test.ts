import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { addMember, request, signUp, type SignedUp } from '../../test/factories.js';
import { createOrgContext } from '../../platform/tenancy.js';

const { app, database, services } = await createTestApp();

const base = (o: SignedUp) => `/api/v1/orgs/${o.org.id}`;
const create = async (o: SignedUp, body: Record<string, unknown>) => {
  const res = await request(app, o, 'POST', `${base(o)}/contacts`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const get = async (o: SignedUp, id: string) =>
  (await request(app, o, 'GET', `${base(o)}/contacts/${id}`)).json();

/** What a send path asks, through the exported function, inside a tenant transaction. */
const mayWeSend = (o: SignedUp, target: Parameters<typeof services.suppressions.check>[2]) =>
  createOrgContext(database.db, {
    orgId: o.org.id,
    role: 'owner',
    actor: { type: 'system', id: null, name: 'test' },
    userId: undefined,
    meta: { ip: null, userAgent: null, requestId: 'test' },
  }).run((tx) => services.suppressions.check(tx, o.org.id, target));

describe('suppression ledger', () => {
  it('answers "may we send?" per channel, per value, per contact and for all channels', async () => {
    const owner = await signUp(app);
    const c = await create(owner, {
      name: 'C',
      identities: [
        { channel: 'phone', value: '+14155550111' },
        { channel: 'whatsapp', value: '+14155550111' },
        { channel: 'email', value: 'c@example.com' },
      ],
    });
    const [phone, whatsapp, email] = c.identities;
    const stop = await request(app, owner, 'POST', `${base(owner)}/suppressions`, {
      channel: 'phone',
      identityId: phone.id,
      reason: 'stop_keyword',
    });
    expect(stop.statusCode).toBe(201);
    expect(stop.json()).toMatchObject({
      scope: 'value',
      normalized: '+14155550111',
      contactId: c.id,
      reason: 'stop_keyword',
    });
    const again = await request(app, owner, 'POST', `${base(owner)}/suppressions`, {
      channel: 'phone',
      identityId: phone.id,
      reason: 'stop_keyword',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(stop.json().id);

    expect(await mayWeSend(owner, { channel: 'phone', identityId: phone.id })).toMatchObject({
      allowed: false,
      reasons: [{ reason: 'stop_keyword', scope: 'value', channel: 'phone' }],
    });
    expect((await mayWeSend(owner, { channel: 'whatsapp', identityId: whatsapp.id })).allowed).toBe(
      true,
    );
    expect((await mayWeSend(owner, { channel: 'email', identityId: email.id })).allowed).toBe(true);
    expect((await mayWeSend(owner, { channel: 'phone', contactId: c.id })).allowed).toBe(false);

    await request(app, owner, 'POST', `${base(owner)}/suppressions`, {
      channel: 'all',
      value: 'C@Example.com',
      reason: 'spam_report',
    });
    expect((await mayWeSend(owner, { channel: 'email', identityId: email.id })).allowed).toBe(
      false,
    );
    expect((await get(owner, c.id)).suppressed).toBe(true);
    const filtered = (
      await request(app, owner, 'GET', `${base(owner)}/contacts?suppressed=false`)
    ).json();
    expect(filtered.items).toHaveLength(0);

    const list = (
      await request(app, owner, 'GET', `${base(owner)}/suppressions?contactId=${c.id}`)
    ).json();
    expect(list.items).toHaveLength(2);
  });

  it('keeps opt-outs when the contact is deleted', async () => {
    const owner = await signUp(app);
    const c = await create(owner, {
      name: 'Gone',
      identities: [
        { channel: 'email', value: 'gone@example.com' },
        { channel: 'phone', value: '+14155550112' },
      ],
    });
    await request(app, owner, 'POST', `${base(owner)}/suppressions`, {
      channel: 'email',
      contactId: c.id,
      reason: 'unsubscribe',
    });
    await request(app, owner, 'POST', `${base(owner)}/suppressions`, {
      channel: 'phone',
      identityId: c.identities[1].id,
      reason: 'stop_keyword',
    });
    expect(
      (await request(app, owner, 'DELETE', `${base(owner)}/contacts/${c.id}`)).statusCode,
    ).toBe(204);
    expect(
      (await mayWeSend(owner, { channel: 'email', normalized: 'gone@example.com' })).allowed,
    ).toBe(false);
    expect((await mayWeSend(owner, { channel: 'phone', normalized: '+14155550112' })).allowed).toBe(
      false,
    );
    // Re-created from an import or an inbound message: still suppressed.
    const back = await create(owner, {
      name: 'Back',
      identities: [{ channel: 'email', value: 'gone@example.com' }],
    });
    expect(back.suppressed).toBe(true);
  });

  it('lifting an opt-out is for admins and is audited', async () => {
    const owner = await signUp(app);
    const member = await addMember(app, owner, 'member');
    const s = (
      await request(app, owner, 'POST', `${base(owner)}/suppressions`, {
        channel: 'phone',
        value: '+14155550113',
        reason: 'manual',
      })
    ).json();
    expect(
      (await request(app, member, 'DELETE', `${base(owner)}/suppressions/${s.id}`)).statusCode,
    ).toBe(403);
    expect(
      (await request(app, owner, 'DELETE', `${base(owner)}/suppressions/${s.id}`)).statusCode,
    ).toBe(204);
    const log = (await request(app, owner, 'GET', `${base(owner)}/audit-log`)).json();
    expect(
      log.items.find((e: { action: string }) => e.action === 'suppression.removed'),
    ).toMatchObject({
      targetId: s.id,
      metadata: { removed: { normalized: '+14155550113', reason: 'manual' } },
    });
    const bad = await request(app, owner, 'POST', `${base(owner)}/suppressions`, {
      channel: 'phone',
      value: '12',
      reason: 'manual',
    });
    expect(bad.json().code).toBe('invalid_phone');
  });
});
