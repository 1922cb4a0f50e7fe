import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import {
  addMember,
  createApiKey,
  listAll,
  request,
  signUp,
  type SignedUp,
} from '../../test/factories.js';

const { app } = await createTestApp();

interface Entry {
  id: string;
  action: string;
  actor: { type: string; id: string | null; name: string | null };
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
  ip: string | null;
  createdAt: string;
}

const logUrl = (org: SignedUp, query = '') => `/api/v1/orgs/${org.org.id}/audit-log${query}`;

async function entries(org: SignedUp, query = ''): Promise<Entry[]> {
  const res = await request(app, org, 'GET', logUrl(org, query));
  expect(res.statusCode).toBe(200);
  return res.json<{ items: Entry[] }>().items;
}

/** An org with a known history: founded, a member joined, renamed, a key created, a role changed. */
async function orgWithHistory() {
  const owner = await signUp(app, { orgName: 'History' });
  const member = await addMember(app, owner, 'member');
  await request(app, owner, 'PATCH', `/api/v1/orgs/${owner.org.id}`, { name: 'History 2' });
  await createApiKey(app, owner, ['read']);
  await request(app, owner, 'PATCH', `/api/v1/orgs/${owner.org.id}/members/${member.user.id}`, {
    role: 'viewer',
  });
  return { owner, member };
}

describe('the audit log', () => {
  it('is for admins only; members and viewers get 403', async () => {
    const owner = await signUp(app);
    const admin = await addMember(app, owner, 'admin');
    const member = await addMember(app, owner, 'member');
    const viewer = await addMember(app, owner, 'viewer');
    expect((await request(app, admin, 'GET', logUrl(owner))).statusCode).toBe(200);
    for (const user of [member, viewer]) {
      const res = await request(app, user, 'GET', logUrl(owner));
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
  });

  it('lists entries newest first, with who did what to what, from where', async () => {
    const { owner, member } = await orgWithHistory();
    const items = await entries(owner);
    expect(items.map((e) => e.action)).toEqual([
      'member.role_changed',
      'api_key.created',
      'org.renamed',
      // Joining through an invitation is one transaction: the membership, then the sign-up.
      'auth.signup',
      'member.joined',
      'invitation.created',
      'auth.signup',
      'org.created',
    ]);
    const times = items.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items[0]).toEqual({
      id: expect.any(String),
      action: 'member.role_changed',
      actor: { type: 'user', id: owner.user.id, name: owner.user.name },
      targetType: 'user',
      targetId: member.user.id,
      metadata: {
        email: member.user.email,
        from: 'member',
        to: 'viewer',
        requestId: expect.any(String),
      },
      ip: '127.0.0.1',
      createdAt: expect.any(String),
    });
  });

  it('pages with a cursor: every entry exactly once, ending with nextCursor null', async () => {
    const { owner } = await orgWithHistory();
    const all = await entries(owner);
    const paged = await listAll<Entry>(app, owner, logUrl(owner), 3);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const first = await request(app, owner, 'GET', logUrl(owner, '?limit=3'));
    expect(first.json().items).toHaveLength(3);
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const bad = await request(app, owner, 'GET', logUrl(owner, '?cursor=garbage'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_cursor');
  });

  it('filters by exact action and by a prefix ending in "."', async () => {
    const { owner } = await orgWithHistory();
    expect((await entries(owner, '?action=org.renamed')).map((e) => e.action)).toEqual([
      'org.renamed',
    ]);
    expect((await entries(owner, '?action=member.')).map((e) => e.action)).toEqual([
      'member.role_changed',
      'member.joined',
    ]);
    // Without the trailing dot it is an exact match, not a prefix.
    expect(await entries(owner, '?action=member')).toEqual([]);
    // "_" is a literal, not a LIKE wildcard.
    expect((await entries(owner, '?action=api_key.')).map((e) => e.action)).toEqual([
      'api_key.created',
    ]);
    expect(await entries(owner, '?action=apixkey.')).toEqual([]);

    const bad = await request(app, owner, 'GET', logUrl(owner, "?action=x'%20or%201=1"));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'action' }] });
  });

  it('filters by a from/to range through the shared date-range parser', async () => {
    const { owner } = await orgWithHistory();
    const all = await entries(owner);
    const hour = 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const q = (from: string, to: string, extra = '') =>
      `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${extra}`;

    const around = await entries(owner, q(iso(Date.now() - hour), iso(Date.now() + hour)));
    expect(around.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(await entries(owner, q(iso(Date.now() + hour), iso(Date.now() + 2 * hour)))).toEqual([]);
    expect(await entries(owner, q('2020-01-01', '2020-02-01', '&tz=Europe/Berlin'))).toEqual([]);
    // `to` is exclusive: ending at the newest entry leaves that entry out.
    const newest = all[0]!;
    const before = await entries(owner, q(iso(Date.now() - hour), newest.createdAt));
    expect(before.map((e) => e.id)).not.toContain(newest.id);
    // An offset in the value wins over tz: an hour ago, written as +02:00 wall-clock time.
    const hourAgoPlus2 = iso(Date.now() + hour).replace('Z', '+02:00');
    const offset = await entries(
      owner,
      q(hourAgoPlus2, iso(Date.now() + hour), '&tz=America/New_York'),
    );
    expect(offset).toHaveLength(all.length);
    const inFuture = iso(Date.now() + 3 * hour).replace('Z', '+02:00');
    expect(await entries(owner, q(inFuture, iso(Date.now() + 2 * hour)))).toEqual([]);
  });

  it.each([
    [
      'an unknown time zone',
      '?from=2024-01-01&to=2024-02-01&tz=Mars/Olympus_Mons',
      'tz',
      'invalid_timezone',
      422,
    ],
    ['an unparseable from', '?from=yesterday&to=2024-02-01', 'from', 'invalid_date_range', 400],
    ['from after to', '?from=2024-02-01&to=2024-01-01', 'from', 'range_inverted', 422],
  ])('refuses %s with the shared range codes', async (_label, query, path, code, status) => {
    const owner = await signUp(app);
    const res = await request(app, owner, 'GET', logUrl(owner, query));
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code, status });
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
