import { describe, expect, it } from 'vitest';
import { sandboxMail } from '../../db/schema/index.js';
import { createTestApp } from '../../test/app.js';

const t = await createTestApp({ env: { SANDBOX: 'true' } });
const off = await createTestApp({ env: { SANDBOX: 'false' } });

type Summary = { id: string; from: string; to: string; subject: string; createdAt: string };
const get = async <T>(url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};

describe('the sandbox mailbox', () => {
  it('lists mail newest first in pages, filters by recipient, shows one, and is cleared', async () => {
    for (let i = 0; i < 5; i++) {
      await t.database.db.insert(sandboxMail).values({
        fromAddress: 'Switchboard <no-reply@localhost>',
        toAddress: i % 2 ? 'Grace@Example.com' : 'ada@example.com',
        subject: `Mail ${i}`,
        text: `Open http://localhost:3000/reset-password?token=t${i}`,
        html: i === 0 ? '<p>Hello</p>' : null,
      });
    }
    const first = await get<{ items: Summary[]; nextCursor: string }>('/sandbox/_mail?limit=3');
    expect(first.items.map((m) => m.subject)).toEqual(['Mail 4', 'Mail 3', 'Mail 2']);
    const second = await get<{ items: Summary[]; nextCursor: string | null }>(
      `/sandbox/_mail?limit=3&cursor=${first.nextCursor}`,
    );
    expect(second.items.map((m) => m.subject)).toEqual(['Mail 1', 'Mail 0']);
    expect(second.nextCursor).toBeNull();

    const grace = await get<{ items: Summary[] }>('/sandbox/_mail?to=grace@example.com');
    expect(grace.items.map((m) => m.subject)).toEqual(['Mail 3', 'Mail 1']);

    const mail = await get<Summary & { text: string; html: string | null }>(
      `/sandbox/_mail/${second.items[1]!.id}`,
    );
    expect(mail).toMatchObject({
      subject: 'Mail 0',
      to: 'ada@example.com',
      text: 'Open http://localhost:3000/reset-password?token=t0',
      html: '<p>Hello</p>',
    });

    for (const id of ['not-an-id', '01a248d8-c425-79e6-8d3a-4532e622f16f']) {
      const missing = await t.app.inject({ method: 'GET', url: `/sandbox/_mail/${id}` });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'not_found' });
    }
    const badCursor = await t.app.inject({ method: 'GET', url: '/sandbox/_mail?cursor=xyz' });
    expect(badCursor.statusCode).toBe(400);

    const cleared = await t.app.inject({ method: 'DELETE', url: '/sandbox/_mail' });
    expect(cleared.statusCode).toBe(204);
    expect((await get<{ items: Summary[] }>('/sandbox/_mail')).items).toEqual([]);
  });

  it('does not exist without the sandbox', async () => {
    const res = await off.app.inject({ method: 'GET', url: '/sandbox/_mail' });
    expect(res.statusCode).toBe(404);
  });
});
