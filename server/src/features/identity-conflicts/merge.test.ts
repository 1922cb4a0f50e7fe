import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { request, signUp, type SignedUp } from '../../test/factories.js';
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

describe('merge', () => {
  it('previews, applies in one go, and unmerges until the contact changes again', async () => {
    const owner = await signUp(app);
    const group = (
      await request(app, owner, 'POST', `${base(owner)}/groups`, { name: 'G' })
    ).json();
    const target = await create(owner, {
      name: 'Target',
      identities: [{ channel: 'email', value: 't@example.com' }],
      attributes: { city: 'Paris', tier: 'gold' },
    });
    const source = await create(owner, {
      name: 'Source',
      identities: [{ channel: 'phone', value: '+33612345678' }],
      attributes: { city: 'Lyon', lang: 'fr' },
      groupIds: [group.id],
    });
    await request(app, owner, 'POST', `${base(owner)}/suppressions`, {
      channel: 'all',
      contactId: source.id,
      reason: 'unsubscribe',
    });
    const url = `${base(owner)}/contacts/${target.id}/merge`;
    const preview = await request(app, owner, 'POST', url, {
      sourceContactId: source.id,
      attributes: { city: 'source' },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      applied: false,
      mergeId: null,
      result: {
        name: 'Target',
        attributes: { city: 'Lyon', tier: 'gold', lang: 'fr' },
        groupIds: [group.id],
      },
      moves: { identities: 1, groups: 1, suppressions: 1 },
    });
    expect(preview.json().result.identities).toHaveLength(2);
    expect((await get(owner, source.id)).name).toBe('Source'); // preview changed nothing

    const applied = (
      await request(app, owner, 'POST', url, {
        sourceContactId: source.id,
        preview: false,
        attributes: { city: 'source' },
      })
    ).json();
    expect(applied).toMatchObject({ applied: true, mergeId: expect.any(String) });
    const merged = await get(owner, target.id);
    expect(merged).toMatchObject({
      attributes: { city: 'Lyon', tier: 'gold', lang: 'fr' },
      groupIds: [group.id],
      suppressed: true,
    });
    expect(merged.identities.map((i: { normalized: string }) => i.normalized).sort()).toEqual([
      '+33612345678',
      't@example.com',
    ]);
    expect(
      (await request(app, owner, 'GET', `${base(owner)}/contacts/${source.id}`)).statusCode,
    ).toBe(404);
    // The opt-out of the merged-away contact still holds for its number.
    const mergedPhone = merged.identities.find((i: { channel: string }) => i.channel === 'phone');
    expect((await mayWeSend(owner, { channel: 'phone', identityId: mergedPhone.id })).allowed).toBe(
      false,
    );

    const merges = (
      await request(app, owner, 'GET', `${base(owner)}/contacts/${target.id}/merges`)
    ).json();
    expect(merges.items).toMatchObject([
      { id: applied.mergeId, sourceName: 'Source', reversible: true },
    ]);
    const log = (await request(app, owner, 'GET', `${base(owner)}/audit-log`)).json();
    expect(log.items.find((e: { action: string }) => e.action === 'contact.merged')).toMatchObject({
      metadata: { mergeId: applied.mergeId, merged: { id: source.id, name: 'Source' } },
    });

    const undo = await request(
      app,
      owner,
      'POST',
      `${base(owner)}/contact-merges/${applied.mergeId}/undo`,
    );
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json().restored).toMatchObject({
      id: source.id,
      name: 'Source',
      groupIds: [group.id],
      suppressed: true,
    });
    expect(undo.json().target).toMatchObject({
      attributes: { city: 'Paris', tier: 'gold' },
      groupIds: [],
      suppressed: false,
    });
    expect(undo.json().target.identities).toHaveLength(1);
    const twice = await request(
      app,
      owner,
      'POST',
      `${base(owner)}/contact-merges/${applied.mergeId}/undo`,
    );
    expect(twice.json().code).toBe('merge_not_reversible');
  });

  it('cannot be undone once the merged contact has changed', async () => {
    const owner = await signUp(app);
    const t = await create(owner, { name: 'T' });
    const s = await create(owner, { name: 'S' });
    const m = (
      await request(app, owner, 'POST', `${base(owner)}/contacts/${t.id}/merge`, {
        sourceContactId: s.id,
        preview: false,
      })
    ).json();
    await request(app, owner, 'PATCH', `${base(owner)}/contacts/${t.id}`, { name: 'T2' });
    const undo = await request(
      app,
      owner,
      'POST',
      `${base(owner)}/contact-merges/${m.mergeId}/undo`,
    );
    expect(undo.statusCode).toBe(409);
    expect(undo.json().code).toBe('merge_not_reversible');
  });

  it('refuses merging a contact into itself', async () => {
    const owner = await signUp(app);
    const t = await create(owner, { name: 'T' });
    const res = await request(app, owner, 'POST', `${base(owner)}/contacts/${t.id}/merge`, {
      sourceContactId: t.id,
    });
    expect(res.statusCode).toBe(422);
  });
});
