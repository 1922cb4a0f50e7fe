import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { request, signUp, type SignedUp } from '../../test/factories.js';

const { app } = await createTestApp();

const base = (o: SignedUp) => `/api/v1/orgs/${o.org.id}`;
const create = async (o: SignedUp, body: Record<string, unknown>) => {
  const res = await request(app, o, 'POST', `${base(o)}/contacts`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const get = async (o: SignedUp, id: string) =>
  (await request(app, o, 'GET', `${base(o)}/contacts/${id}`)).json();

describe('groups', () => {
  it('adds and removes members in bulk, skipping unknown contacts', async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    const foreign = await create(other, { name: 'Foreign' });
    const g = (await request(app, owner, 'POST', `${base(owner)}/groups`, { name: 'Team' })).json();
    const dup = await request(app, owner, 'POST', `${base(owner)}/groups`, { name: 'team' });
    expect(dup.statusCode).toBe(409);
    const a = await create(owner, { name: 'A' });
    const b = await create(owner, { name: 'B' });
    const add = await request(app, owner, 'POST', `${base(owner)}/groups/${g.id}/members`, {
      contactIds: [a.id, b.id, foreign.id],
    });
    expect(add.json()).toEqual({ changed: 2 });
    expect(
      (await request(app, owner, 'GET', `${base(owner)}/groups/${g.id}`)).json().memberCount,
    ).toBe(2);
    const rm = await request(app, owner, 'POST', `${base(owner)}/groups/${g.id}/members/remove`, {
      contactIds: [a.id],
    });
    expect(rm.json()).toEqual({ changed: 1 });
    expect((await get(owner, b.id)).groupIds).toEqual([g.id]);
    expect((await get(other, foreign.id)).groupIds).toEqual([]);
  });
});
