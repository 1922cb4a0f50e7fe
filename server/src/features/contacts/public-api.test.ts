import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { request, signUp, type SignedUp } from '../../test/factories.js';
import { createOrgContext } from '../../platform/tenancy.js';
import { findOrCreateByIdentity, loadTemplateContact } from './index.js';

const { app, database } = await createTestApp();

const systemCtx = (o: SignedUp) =>
  createOrgContext(database.db, {
    orgId: o.org.id,
    role: 'owner',
    actor: { type: 'system', id: null, name: 'Inbound' },
    userId: undefined,
    meta: { ip: null, userAgent: null, requestId: 'test' },
  });

describe('findOrCreateByIdentity (inbound messages)', () => {
  it('finds the holder, creates a new contact once, and flags cross-channel duplicates', async () => {
    const owner = await signUp(app);
    const existing = (
      await request(app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/contacts`, {
        name: 'Known',
        identities: [{ channel: 'phone', value: '+14155550199' }],
      })
    ).json();
    const ctx = systemCtx(owner);
    const found = await ctx.run((tx) =>
      findOrCreateByIdentity(tx, ctx, { channel: 'phone', value: '+1 415 555 0199' }),
    );
    expect(found).toMatchObject({ ok: true, created: false, contact: { id: existing.id } });

    const [a, b] = await Promise.all(
      [0, 1].map(() =>
        ctx.run((tx) =>
          findOrCreateByIdentity(tx, ctx, {
            channel: 'whatsapp',
            value: '+14155550199',
            name: 'WA',
          }),
        ),
      ),
    );
    expect(a!.ok && b!.ok && a!.contact.id === b!.contact.id).toBe(true);
    expect(a).toMatchObject({ contact: { source: 'inbound', name: 'WA' } });
    const conflicts = (
      await request(app, owner, 'GET', `/api/v1/orgs/${owner.org.id}/identity-conflicts`)
    ).json();
    expect(conflicts.items).toMatchObject([{ kind: 'possible_duplicate', source: 'inbound' }]);

    const bad = await ctx.run((tx) =>
      findOrCreateByIdentity(tx, ctx, { channel: 'email', value: 'nope' }),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_email' } });
  });
});

describe('loadTemplateContact', () => {
  it('returns name, attributes and identities, and nothing for another org', async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    const c = (
      await request(app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/contacts`, {
        name: 'Tem Plate',
        attributes: { plan: 'pro' },
        identities: [{ channel: 'email', value: 'T@Example.com' }],
      })
    ).json();
    const ctx = systemCtx(owner);
    expect(await ctx.run((tx) => loadTemplateContact(tx, owner.org.id, c.id))).toEqual({
      name: 'Tem Plate',
      attributes: { plan: 'pro' },
      identities: [{ channel: 'email', value: 'T@Example.com', normalized: 't@example.com' }],
    });
    const otherCtx = systemCtx(other);
    expect(await otherCtx.run((tx) => loadTemplateContact(tx, other.org.id, c.id))).toBeUndefined();
  });
});
