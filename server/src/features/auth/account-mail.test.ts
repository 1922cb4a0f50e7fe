import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, userTokens } from '../../db/schema/index.js';
import type { JobDefinition } from '../../platform/jobs/registry.js';
import type { MailMessage, MailTransport } from '../../platform/mail/index.js';
import { createTestApp, startJobQueue, type TestApp } from '../../test/app.js';
import {
  invite,
  request,
  sessionHeaders,
  signUp,
  uniqueEmail,
  uniqueIp,
  type Caller,
  type SignedUp,
} from '../../test/factories.js';

const sent: (MailMessage & { from: string })[] = [];
const transport: MailTransport = {
  kind: 'smtp',
  send(message) {
    sent.push(message);
    return Promise.resolve();
  },
};
const t = await createTestApp({ mailTransport: transport });
const noMail = await createTestApp();
const { app } = t;
beforeAll(() => startJobQueue(t.services));
beforeEach(() => {
  sent.length = 0;
});

/** Works every waiting job of `job` once, as a worker would. */
async function work(services: TestApp['services'], job: JobDefinition) {
  const jobs = await services.jobs.boss.fetch(job.name, { batchSize: 20 });
  for (const j of jobs) {
    await job.handler(job.schema.parse(j.data), { id: j.id, retryCount: 0 });
    await services.jobs.boss.complete(job.name, j.id);
  }
  return jobs.length;
}
const resetJob = t.services.accountMail.jobs[0]!;
const mailJob = t.services.mail.module.jobs![0]!;
/** The reset lookups, then the mail they queued. */
async function deliver() {
  await work(t.services, resetJob);
  await work(t.services, mailJob);
}

const linkIn = (mail: MailMessage, path: string) => {
  const match = new RegExp(`https?://[^\\s]+${path}\\?token=([^\\s]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in: ${mail.text}`);
  expect(mail.html).toContain(match[0].replace(/&/g, '&amp;'));
  return decodeURIComponent(match[1]!);
};

const askReset = (email: string, ip = uniqueIp()) =>
  request(app, null, 'POST', '/api/v1/auth/password-reset', { email }, {}, ip);
const resetWith = (token: string, password: string) =>
  request(
    app,
    null,
    'POST',
    '/api/v1/auth/password-reset/confirm',
    { token, password },
    {},
    uniqueIp(),
  );
const login = (email: string, password: string) =>
  request(app, null, 'POST', '/api/v1/auth/login', { email, password }, {}, uniqueIp());

async function resetLinkFor(user: SignedUp) {
  expect((await askReset(user.user.email)).statusCode).toBe(202);
  await deliver();
  const mail = sent.filter((m) => m.to === user.user.email).at(-1);
  expect(mail?.subject).toBe('Reset your Switchboard password');
  return linkIn(mail!, '/reset-password');
}

describe('password reset', () => {
  it('answers the same whether or not the address has an account, and mails only a real one', async () => {
    const user = await signUp(app);
    const known = await askReset(user.user.email);
    const unknown = await askReset(uniqueEmail('nobody'));
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.json()).toEqual(unknown.json());
    expect(known.json()).toEqual({ expiresInMinutes: 30 });
    // The queued job holds no address in the clear (job rows are archived).
    const [queued] = await t.services.jobs.boss.fetch(resetJob.name, { batchSize: 20 });
    expect(JSON.stringify(queued!.data)).not.toContain('@example.com');
    await t.services.jobs.boss.fail(resetJob.name, queued!.id);
    expect((await askReset(user.user.email)).statusCode).toBe(202);
    await deliver();
    expect(sent.map((m) => m.to)).toEqual([user.user.email]);
  });

  it('sets a new password once: every session ends, the old password stops working, the link is spent', async () => {
    const user = await signUp(app);
    const other: Caller = { headers: sessionHeaders(await login(user.user.email, user.password)) };
    const token = await resetLinkFor(user);

    const weak = await resetWith(token, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'password' }],
    });

    const done = await resetWith(token, 'a brand new passphrase 42');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ email: user.user.email });
    for (const caller of [user, other]) {
      expect((await request(app, caller, 'GET', '/api/v1/me')).statusCode).toBe(401);
    }
    expect((await login(user.user.email, user.password)).statusCode).toBe(401);
    expect((await login(user.user.email, 'a brand new passphrase 42')).statusCode).toBe(200);

    const again = await resetWith(token, 'another new passphrase 43');
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ code: 'token_invalid' });

    const audit = await t.database.db
      .select({ action: auditLog.action, metadata: auditLog.metadata })
      .from(auditLog)
      .where(eq(auditLog.orgId, user.org.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset']),
    );
    expect(audit.find((a) => a.action === 'auth.password_reset')!.metadata).toMatchObject({
      sessionsEnded: 2,
    });
  });

  it('refuses an expired link, an unknown one, and one replaced by a newer request', async () => {
    const user = await signUp(app);
    const first = await resetLinkFor(user);
    // A second request inside a minute mails nothing more (no mail-bombing).
    expect((await askReset(user.user.email)).statusCode).toBe(202);
    await deliver();
    expect(sent).toHaveLength(1);
    await t.database.db
      .update(userTokens)
      .set({ createdAt: new Date(Date.now() - 120_000) })
      .where(eq(userTokens.userId, user.user.id));
    const second = await resetLinkFor(user);
    expect(second).not.toBe(first);
    expect((await resetWith(first, 'a brand new passphrase 42')).statusCode).toBe(410);
    expect((await resetWith('not-a-token', 'a brand new passphrase 42')).statusCode).toBe(410);

    await t.database.db
      .update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(userTokens.userId, user.user.id));
    const expired = await resetWith(second, 'a brand new passphrase 42');
    expect(expired.statusCode).toBe(410);
    expect((await login(user.user.email, user.password)).statusCode).toBe(200);
  });

  it('two uses of one link at once: exactly one succeeds', async () => {
    const user = await signUp(app);
    const token = await resetLinkFor(user);
    const results = await Promise.all([
      resetWith(token, 'first new passphrase 1'),
      resetWith(token, 'second new passphrase 2'),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410]);
  });

  it('is 503 mail_unavailable on a server that cannot send mail', async () => {
    const res = await request(
      noMail.app,
      null,
      'POST',
      '/api/v1/auth/password-reset',
      { email: 'someone@example.com' },
      {},
      uniqueIp(),
    );
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'mail_unavailable' });
  });
});

describe('email change', () => {
  const change = (caller: Caller, email: string, password: string) =>
    request(app, caller, 'POST', '/api/v1/me/email', { email, password }, {}, uniqueIp());
  const confirm = (token: string) =>
    request(app, null, 'POST', '/api/v1/auth/email-change/confirm', { token }, {}, uniqueIp());

  it('mails a confirmation to the new address and a notice to the old; opening it moves the account', async () => {
    const user = await signUp(app);
    const next = uniqueEmail('moved');
    const res = await change(user, next, user.password);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ pendingEmail: next, expiresAt: expect.any(String) });
    // Nothing changes before the link is opened.
    expect((await request(app, user, 'GET', '/api/v1/me')).json().user.email).toBe(user.user.email);
    await work(t.services, mailJob);
    expect(sent.map((m) => m.to).sort()).toEqual([user.user.email, next].sort());
    const notice = sent.find((m) => m.to === user.user.email)!;
    expect(notice.text).toContain(next);
    const token = linkIn(
      sent.find((m) => m.to === next)!,
      '/confirm-email',
    );

    const done = await confirm(token);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ email: next });
    expect((await request(app, user, 'GET', '/api/v1/me')).json().user.email).toBe(next);
    expect((await login(next, user.password)).statusCode).toBe(200);
    expect((await login(user.user.email, user.password)).statusCode).toBe(401);
    expect((await confirm(token)).statusCode).toBe(410);
  });

  it('needs the password, a different address and one no other account uses', async () => {
    const user = await signUp(app);
    const taken = await signUp(app);
    const wrong = await change(user, uniqueEmail(), 'not my password');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'wrong_password', errors: [{ path: 'password' }] });
    const same = await change(user, user.user.email.toUpperCase(), user.password);
    expect(same.statusCode).toBe(400);
    expect(same.json()).toMatchObject({ errors: [{ path: 'email' }] });
    const clash = await change(user, taken.user.email, user.password);
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'email_taken' });
    const signedOut = await request(app, null, 'POST', '/api/v1/me/email', {
      email: uniqueEmail(),
      password: 'x',
    });
    expect(signedOut.statusCode).toBe(401);
  });

  it('cannot take an address someone signed up with after the request', async () => {
    const user = await signUp(app);
    const next = uniqueEmail('race');
    expect((await change(user, next, user.password)).statusCode).toBe(202);
    await work(t.services, mailJob);
    const token = linkIn(
      sent.find((m) => m.to === next)!,
      '/confirm-email',
    );
    await signUp(app, { email: next });
    const res = await confirm(token);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'email_taken' });
    expect((await request(app, user, 'GET', '/api/v1/me')).json().user.email).toBe(user.user.email);
  });
});

describe('invitation email', () => {
  it('mails the invitee the link in the invitation’s transaction, and says so', async () => {
    const admin = await signUp(app, { name: 'Ada Admin', orgName: 'Mail Co' });
    const email = uniqueEmail('invitee');
    const inv = await invite(app, admin, admin.org.id, email, 'member');
    expect(inv).toMatchObject({ emailed: true });
    const res = await request(app, admin, 'GET', `/api/v1/orgs/${admin.org.id}/invitations`);
    expect(res.json().items[0]).not.toHaveProperty('emailed');
    await work(t.services, mailJob);
    const [mail] = sent;
    expect(mail).toMatchObject({
      to: email,
      subject: 'Ada Admin invited you to Mail Co on Switchboard',
    });
    expect(mail!.text).toContain('as a member');
    expect(mail!.text).toContain(inv.acceptUrl);
  });

  it('without a transport is not emailed: the admin copies the link', async () => {
    const admin = await signUp(noMail.app);
    const res = await request(
      noMail.app,
      admin,
      'POST',
      `/api/v1/orgs/${admin.org.id}/invitations`,
      {
        email: uniqueEmail(),
        role: 'viewer',
      },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      emailed: false,
      acceptUrl: expect.stringContaining('/invite/'),
    });
  });
});
