import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import {
  addMember,
  createApiKey,
  request,
  sessionHeaders,
  signUp,
  uniqueEmail,
  uniqueIp,
  type Caller,
  type SignedUp,
} from '../../test/factories.js';
import { describeDevice } from './device.js';

const { app } = await createTestApp();

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** Another sign-in of the same user, from another device and address. */
async function signInAgain(user: SignedUp, userAgent: string, ip = uniqueIp()): Promise<Caller> {
  const res = await request(
    app,
    null,
    'POST',
    '/api/v1/auth/login',
    { email: user.user.email, password: user.password },
    { 'user-agent': userAgent },
    ip,
  );
  expect(res.statusCode, res.body).toBe(200);
  return { headers: sessionHeaders(res) };
}

describe('the user’s own profile', () => {
  it('keeps /me as it was, with the time zone added', async () => {
    const user = await signUp(app, { name: 'Ada' });
    const me = await request(app, user, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      user: {
        id: user.user.id,
        email: user.user.email,
        name: 'Ada',
        timezone: null,
        createdAt: expect.any(String),
      },
      memberships: [{ org: { id: user.org.id, name: 'Test Org' }, role: 'owner' }],
    });
  });

  it('changes the name and time zone (canonical capitals; null goes back to the org default)', async () => {
    const user = await signUp(app);
    const res = await request(app, user, 'PATCH', '/api/v1/me', {
      name: 'Ada Lovelace',
      timezone: 'america/new_york',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ name: 'Ada Lovelace', timezone: 'America/New_York' });
    const session = await request(app, user, 'GET', '/api/v1/auth/session');
    expect(session.json().user).toMatchObject({ timezone: 'America/New_York' });
    const cleared = await request(app, user, 'PATCH', '/api/v1/me', { timezone: null });
    expect(cleared.json().user).toMatchObject({ name: 'Ada Lovelace', timezone: null });
    const noop = await request(app, user, 'PATCH', '/api/v1/me', {});
    expect(noop.statusCode).toBe(200);
  });

  it('refuses an unknown zone with 422 invalid_timezone and bad fields with 400', async () => {
    const user = await signUp(app);
    const zone = await request(app, user, 'PATCH', '/api/v1/me', { timezone: 'Mars/Base' });
    expect(zone.statusCode).toBe(422);
    expect(zone.json()).toMatchObject({ code: 'invalid_timezone', errors: [{ path: 'timezone' }] });
    for (const body of [{ name: '' }, { email: 'x@example.com' }, { timezone: 5 }]) {
      const res = await request(app, user, 'PATCH', '/api/v1/me', body);
      expect(res.statusCode).toBe(400);
    }
  });

  it('is for signed-in users: anonymous callers and API keys get 401', async () => {
    const user = await signUp(app);
    const key = await createApiKey(app, user);
    for (const caller of [null, key]) {
      for (const [method, url] of [
        ['PATCH', '/api/v1/me'],
        ['GET', '/api/v1/me/sessions'],
        ['POST', '/api/v1/me/password'],
      ] as const) {
        const body =
          method === 'PATCH'
            ? { name: 'X' }
            : method === 'POST'
              ? { currentPassword: user.password, newPassword: 'a much better passphrase 42' }
              : undefined;
        const res = await request(app, caller, method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(401);
      }
    }
  });
});

describe('sign-up with a time zone', () => {
  it('stores the confirmed zone on the user and as the new organization’s default', async () => {
    const res = await request(
      app,
      null,
      'POST',
      '/api/v1/auth/signup',
      {
        email: uniqueEmail(),
        password: 'correct horse battery',
        name: 'Zoned',
        orgName: 'Zoned Org',
        timezone: 'Europe/Berlin',
      },
      {},
      uniqueIp(),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().user.timezone).toBe('Europe/Berlin');
    const caller = { headers: sessionHeaders(res) };
    const settings = await request(
      app,
      caller,
      'GET',
      `/api/v1/orgs/${res.json().org.id}/settings`,
    );
    expect(settings.json().defaultTimezone).toBe('Europe/Berlin');
  });

  it('refuses a zone the server does not know with 422 invalid_timezone', async () => {
    const res = await request(
      app,
      null,
      'POST',
      '/api/v1/auth/signup',
      {
        email: uniqueEmail(),
        password: 'correct horse battery',
        name: 'Nowhere',
        orgName: 'Nowhere Org',
        timezone: 'Atlantis/Capital',
      },
      {},
      uniqueIp(),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('invalid_timezone');
  });
});

describe('changing the password', () => {
  it('needs the current password (422 wrong_password) and the sign-up strength rules (400)', async () => {
    const user = await signUp(app, { email: uniqueEmail('strong') });
    const wrong = await request(app, user, 'POST', '/api/v1/me/password', {
      currentPassword: 'not the password',
      newPassword: 'a much better passphrase 42',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({
      code: 'wrong_password',
      errors: [{ path: 'currentPassword' }],
    });
    for (const newPassword of ['short', 'password123', `${user.user.email.split('@')[0]}-2024!`]) {
      const weak = await request(app, user, 'POST', '/api/v1/me/password', {
        currentPassword: user.password,
        newPassword,
      });
      expect(weak.statusCode, newPassword).toBe(400);
      expect(weak.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'newPassword' }],
      });
    }
  });

  it('signs every other session out, keeps this one, and the new password works', async () => {
    const user = await signUp(app);
    const laptop = await signInAgain(user, FIREFOX);
    const phone = await signInAgain(user, IPHONE);
    const res = await request(app, laptop, 'POST', '/api/v1/me/password', {
      currentPassword: user.password,
      newPassword: 'violet kettle mountain 93',
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await request(app, laptop, 'GET', '/api/v1/me')).statusCode).toBe(200);
    for (const other of [user, phone]) {
      expect((await request(app, other, 'GET', '/api/v1/me')).statusCode).toBe(401);
    }
    const old = await request(app, null, 'POST', '/api/v1/auth/login', {
      email: user.user.email,
      password: user.password,
    });
    expect(old.statusCode).toBe(401);
    const fresh = await signInAgain({ ...user, password: 'violet kettle mountain 93' }, FIREFOX);
    expect((await request(app, fresh, 'GET', '/api/v1/me')).statusCode).toBe(200);

    const log = await request(
      app,
      fresh,
      'GET',
      `/api/v1/orgs/${user.org.id}/audit-log?action=auth.password_changed`,
    );
    expect(log.json().items).toMatchObject([
      { actor: { id: user.user.id }, metadata: { sessionsEnded: 2 } },
    ]);
  });
});

describe('the user’s sessions', () => {
  it('lists device, IP and last seen, the current one marked; nobody else’s', async () => {
    const user = await signUp(app);
    const laptop = await signInAgain(user, FIREFOX, '10.1.2.3');
    const stranger = await signUp(app);
    const res = await request(app, laptop, 'GET', '/api/v1/me/sessions');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Record<string, unknown>[] }>().items;
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toEqual([
      {
        id: expect.any(String),
        device: 'Firefox on Linux',
        ip: '10.1.2.3',
        createdAt: expect.any(String),
        lastSeenAt: expect.any(String),
        current: true,
      },
    ]);
    const theirs = await request(app, stranger, 'GET', '/api/v1/me/sessions');
    expect(theirs.json().items).toHaveLength(1);
    expect(theirs.json().items.map((s: { id: string }) => s.id)).not.toContain(items[0]!.id);
  });

  it('signs one session out; another user’s session or a bad id is a 404', async () => {
    const user = await signUp(app);
    const phone = await signInAgain(user, IPHONE);
    const stranger = await signUp(app);
    const list = (caller: Caller) =>
      request(app, caller, 'GET', '/api/v1/me/sessions').then(
        (r) => r.json<{ items: { id: string; current: boolean; device: string }[] }>().items,
      );
    const phoneSession = (await list(phone)).find((s) => s.current)!;
    expect(phoneSession.device).toBe('Safari on iOS');

    const byStranger = await request(
      app,
      stranger,
      'DELETE',
      `/api/v1/me/sessions/${phoneSession.id}`,
    );
    expect(byStranger.statusCode).toBe(404);
    expect((await request(app, phone, 'GET', '/api/v1/me')).statusCode).toBe(200);
    for (const id of ['not-a-uuid', '00000000-0000-7000-8000-000000000000']) {
      expect((await request(app, user, 'DELETE', `/api/v1/me/sessions/${id}`)).statusCode).toBe(
        404,
      );
    }

    const ended = await request(app, user, 'DELETE', `/api/v1/me/sessions/${phoneSession.id}`);
    expect(ended.statusCode).toBe(204);
    expect((await request(app, phone, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect(await list(user)).toHaveLength(1);

    // Ending the current session signs this browser out.
    const current = (await list(user))[0]!;
    const self = await request(app, user, 'DELETE', `/api/v1/me/sessions/${current.id}`);
    expect(self.statusCode).toBe(204);
    expect(self.cookies.find((c) => c.name.endsWith('sb_session'))?.value).toBe('');
    expect((await request(app, user, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('is audited in each of the user’s organizations', async () => {
    const owner = await signUp(app);
    const member = await addMember(app, owner, 'member');
    const other = await signInAgain(member, FIREFOX);
    const sessions = await request(app, other, 'GET', '/api/v1/me/sessions');
    const first = sessions.json().items.find((s: { current: boolean }) => !s.current);
    await request(app, other, 'DELETE', `/api/v1/me/sessions/${first.id}`);
    const log = await request(
      app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/audit-log?action=auth.session_ended`,
    );
    expect(log.json().items).toMatchObject([
      { actor: { id: member.user.id }, metadata: { sessionId: first.id } },
    ]);
  });
});

describe('describing a device', () => {
  it.each([
    [FIREFOX, 'Firefox on Linux'],
    [IPHONE, 'Safari on iOS'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Chrome on macOS',
    ],
    ['curl/8.5.0', 'curl'],
    [null, 'Unknown device'],
  ])('%s → %s', (ua, expected) => {
    expect(describeDevice(ua)).toBe(expected);
  });
});
