import { generateKeyPairSync } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../../sandbox/index.js';
import { auditLog, integrations, providerEvents } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createOrgContext } from '../../platform/tenancy.js';
import { addMember, request, signUp, type SignedUp } from '../../test/factories.js';
import { createProviderGateway } from './gateway.js';
import { createIntegrationsService } from './service.js';

let sandbox: RunningSandbox;
let t: TestApp;
let owner: SignedUp;
let base: string;

beforeAll(async () => {
  sandbox = await startSandbox({ deliver: async () => ({ status: 200 }) });
  t = await createTestApp({ env: { SANDBOX: 'true', SANDBOX_URL: sandbox.url } });
  owner = await signUp(t.app);
  base = `/api/v1/orgs/${owner.org.id}/integrations`;
});
afterAll(() => sandbox.close());

const publicKey = () =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .publicKey.export({ format: 'der', type: 'spki' })
    .toString('base64');

const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const twilioBody = (authToken = 'f'.repeat(32), sandbox = true) => ({
  provider: 'twilio',
  sandbox,
  credentials: { accountSid: TWILIO_SID, authToken },
  settings: { fromNumber: '+14155550199' },
});

describe('creating integrations', () => {
  it('stores credentials encrypted and returns only masked hints and absolute webhook URLs', async () => {
    const apiKey = 'SG.real-looking-key-0123456789.abcd';
    const key = publicKey();
    const res = await request(t.app, owner, 'POST', base, {
      provider: 'sendgrid',
      credentials: { apiKey, webhookPublicKey: key },
      settings: { fromEmail: 'news@example.com', fromName: 'News' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      provider: 'sendgrid',
      name: 'SendGrid',
      status: 'active',
      sandbox: false,
      credentialHints: { apiKey: '…abcd' },
      settings: { fromEmail: 'news@example.com', fromName: 'News' },
      webhook: {
        urls: { events: `${t.config.publicUrl}/webhooks/sendgrid/${body.id}` },
        verification: 'enforced',
        lastVerifiedAt: null,
        rejected24h: 0,
      },
      lastTest: null,
    });
    expect(res.body).not.toContain(apiKey);
    expect(res.body).not.toContain(key);
    const listed = await request(t.app, owner, 'GET', base);
    expect(listed.body).not.toContain(apiKey);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, owner.org.id), eq(auditLog.targetId, body.id)));
    expect(audit).toMatchObject({ action: 'integration.created' });
    expect(JSON.stringify(audit)).not.toContain(apiKey);
  });

  it('explains each malformed field, and requires the SendGrid verification key outside the sandbox', async () => {
    const res = await request(t.app, owner, 'POST', base, {
      provider: 'sendgrid',
      credentials: { apiKey: 'not-a-key' },
      settings: { fromEmail: 'nope' },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['credentials.apiKey', 'credentials.webhookPublicKey', 'settings.fromEmail']);
    const twilio = await request(t.app, owner, 'POST', base, {
      ...twilioBody(),
      settings: {},
    });
    expect(twilio.json().errors).toEqual([
      {
        path: 'settings.fromNumber',
        message: 'give either a sender number or a Messaging Service SID',
      },
    ]);
  });

  it('a sandbox SendGrid integration gets its verification key from the emulator', async () => {
    const res = await request(t.app, owner, 'POST', base, {
      provider: 'sendgrid',
      sandbox: true,
      credentials: { apiKey: 'SG.sandbox-key-xyz' },
      settings: { fromEmail: 'demo@example.com' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'SendGrid (sandbox)',
      sandbox: true,
      status: 'active',
      credentialHints: { webhookPublicKey: expect.stringMatching(/^…/) },
    });
    // Re-enabling registers again (e.g. after a restart of the emulator) and keeps the new key.
    const url = `${base}/${res.json().id}`;
    const storedKey = async () => {
      const [row] = await t.database.db
        .select({ value: integrations.credentialsEncrypted })
        .from(integrations)
        .where(eq(integrations.id, res.json().id));
      return JSON.parse(t.services.secrets.decryptString(row!.value)).webhookPublicKey as string;
    };
    const first = await storedKey();
    await request(t.app, owner, 'PATCH', url, { status: 'disabled' });
    const again = await request(t.app, owner, 'PATCH', url, { status: 'active' });
    expect(again.json().status).toBe('active');
    expect(await storedKey()).not.toBe(first);
  });

  it('registers the Telegram webhook at creation; a failure leaves it needing attention with our words', async () => {
    const ok = await request(t.app, owner, 'POST', base, {
      provider: 'telegram',
      sandbox: true,
      credentials: { botToken: '123456:sandbox-bot-token-abc' },
    });
    expect(ok.json()).toMatchObject({ status: 'active', statusMessage: null });

    const bad = await request(t.app, owner, 'POST', base, {
      provider: 'telegram',
      sandbox: true,
      credentials: { botToken: '123456:revoked-bot-token-abc' },
    });
    expect(bad.statusCode).toBe(201);
    expect(bad.json()).toMatchObject({
      status: 'needs_attention',
      statusMessage: expect.stringContaining('@BotFather'),
    });
    expect(bad.body).not.toContain('Unauthorized');
    const events = await t.database.db
      .select()
      .from(providerEvents)
      .where(eq(providerEvents.integrationId, bad.json().id));
    expect(events).toMatchObject([
      { kind: 'webhook_register', outcome: 'permanent', errorCode: '401', provider: 'telegram' },
    ]);
  });

  it('shows the Instagram verify token to admins only', async () => {
    const res = await request(t.app, owner, 'POST', base, {
      provider: 'instagram',
      sandbox: true,
      credentials: { pageAccessToken: 'EAAG-sandbox-token', appSecret: 'a'.repeat(32) },
      settings: { igUserId: '17841400000000000' },
    });
    expect(res.json().webhook.verifyToken).toMatch(/^[\w-]{20,}$/);
    const member = await addMember(t.app, owner, 'member');
    const seen = await request(t.app, member, 'GET', `${base}/${res.json().id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().webhook.verifyToken).toBeUndefined();
    const denied = await request(t.app, member, 'POST', base, twilioBody());
    expect(denied.statusCode).toBe(403);
  });
});

describe('testing a connection', () => {
  it('maps every failure class to our own sentence and never echoes the provider', async () => {
    const created = await request(t.app, owner, 'POST', base, twilioBody());
    const url = `${base}/${created.json().id}/test`;
    expect((await request(t.app, owner, 'POST', url)).json()).toEqual({
      ok: true,
      code: 'ok',
      message: 'Connected to Twilio.',
    });

    sandbox.ctx.knobs.rateLimitRate = 1;
    expect((await request(t.app, owner, 'POST', url)).json()).toMatchObject({
      ok: false,
      code: 'provider_rate_limited',
    });
    sandbox.ctx.knobs.rateLimitRate = 0;
    sandbox.ctx.knobs.failureRate = 1;
    const down = (await request(t.app, owner, 'POST', url)).json();
    sandbox.ctx.knobs.failureRate = 0;
    expect(down).toMatchObject({ ok: false, code: 'provider_unavailable' });
    expect(down.message).not.toMatch(/Service Unavailable/);

    const revoked = await request(
      t.app,
      owner,
      'POST',
      base,
      twilioBody('revoked0000000000000000'),
    );
    const res = await request(t.app, owner, 'POST', `${base}/${revoked.json().id}/test`);
    expect(res.json()).toEqual({
      ok: false,
      code: 'provider_auth_failed',
      message:
        'Twilio rejected the Account SID or Auth Token. Copy both from the Twilio Console (Account Info) and save again.',
    });
    expect(res.body).not.toContain('Authenticate');
    const after = (await request(t.app, owner, 'GET', `${base}/${revoked.json().id}`)).json();
    expect(after).toMatchObject({
      status: 'needs_attention',
      lastTest: { ok: false, code: 'provider_auth_failed' },
    });

    // Fixing the credentials and testing again brings it back.
    await request(t.app, owner, 'PATCH', `${base}/${revoked.json().id}`, {
      credentials: { authToken: 'e'.repeat(32) },
    });
    await request(t.app, owner, 'POST', `${base}/${revoked.json().id}/test`);
    expect(
      (await request(t.app, owner, 'GET', `${base}/${revoked.json().id}`)).json(),
    ).toMatchObject({
      status: 'active',
      credentialHints: { authToken: '…eeee' },
    });
  });

  it('reports a SendGrid key without Mail Send as a missing permission', async () => {
    const created = await request(t.app, owner, 'POST', base, {
      provider: 'sendgrid',
      sandbox: true,
      credentials: { apiKey: 'SG.noscope-key' },
      settings: { fromEmail: 'a@example.com' },
    });
    const res = await request(t.app, owner, 'POST', `${base}/${created.json().id}/test`);
    expect(res.json()).toMatchObject({ ok: false, code: 'provider_permission_denied' });
    expect(res.json().message).toContain('Mail Send');
  });

  it('reports an unreachable provider as such', async () => {
    const created = await request(t.app, owner, 'POST', base, twilioBody());
    // The same integration seen by a server whose sandbox address refuses connections.
    const unreachable = serviceWith({ sandboxUrl: 'http://127.0.0.1:9' });
    const res = await unreachable.test(ownerCtx(), created.json().id);
    expect(res).toMatchObject({ ok: false, code: 'provider_unreachable' });
    expect(res.message).toContain('could not reach Twilio');
  });
});

describe('updating and deleting', () => {
  it('keeps unchanged credentials, audits names of changes only, and deletes', async () => {
    const created = (
      await request(t.app, owner, 'POST', base, twilioBody('a'.repeat(32), false))
    ).json();
    const res = await request(t.app, owner, 'PATCH', `${base}/${created.id}`, {
      name: 'Main SMS',
      settings: { whatsappFrom: '+14155550111' },
      verification: 'log_only',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Main SMS',
      settings: { fromNumber: '+14155550199', whatsappFrom: '+14155550111' },
      webhook: { verification: 'log_only' },
      credentialHints: created.credentialHints,
    });
    const disabled = await request(t.app, owner, 'PATCH', `${base}/${created.id}`, {
      status: 'disabled',
    });
    expect(disabled.json().status).toBe('disabled');
    expect((await request(t.app, owner, 'DELETE', `${base}/${created.id}`)).statusCode).toBe(204);
    expect((await request(t.app, owner, 'GET', `${base}/${created.id}`)).statusCode).toBe(404);
    const actions = await t.database.db
      .select({ action: auditLog.action, metadata: auditLog.metadata })
      .from(auditLog)
      .where(eq(auditLog.targetId, created.id));
    expect(actions.map((a) => a.action).sort()).toEqual([
      'integration.created',
      'integration.deleted',
      'integration.updated',
      'integration.updated',
    ]);
  });
});

describe('updating with fields the provider does not have', () => {
  it('refuses unknown settings and credential keys instead of storing them', async () => {
    const created = (
      await request(t.app, owner, 'POST', base, twilioBody('b'.repeat(32), false))
    ).json();
    for (const body of [{ settings: { foo: 'x' } }, { credentials: { apiKey: 'SG.stray' } }]) {
      const res = await request(t.app, owner, 'PATCH', `${base}/${created.id}`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const after = (await request(t.app, owner, 'GET', `${base}/${created.id}`)).json();
    expect(Object.keys(after.settings)).toEqual(['fromNumber']);
    expect(after.credentialHints).toEqual(created.credentialHints);
  });
});

describe('the sandbox', () => {
  it('is mounted under /sandbox while SANDBOX is on', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sandbox/_knobs' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ latencyMs: 0, failureRate: 0 });
  });
});

describe('without the sandbox', () => {
  it('refuses sandbox integrations', async () => {
    const service = serviceWith({ sandboxEnabled: false });
    await expect(
      service.create(ownerCtx(), { ...twilioBody(), verification: 'enforced' } as never),
    ).rejects.toMatchObject({
      code: 'sandbox_unavailable',
    });
  });
});

function serviceWith(opts: { sandboxUrl?: string; sandboxEnabled?: boolean }) {
  return createIntegrationsService({
    secrets: t.services.secrets,
    gateway: createProviderGateway({
      publicUrl: t.config.publicUrl,
      sandboxUrl: opts.sandboxUrl ?? sandbox.url,
    }),
    publicUrl: t.config.publicUrl,
    sandboxEnabled: opts.sandboxEnabled ?? true,
    logger: { warn: () => {} },
  });
}

function ownerCtx() {
  return createOrgContext(t.database.db, {
    orgId: owner.org.id,
    role: 'owner',
    actor: { type: 'user', id: owner.user.id, name: owner.user.name },
    userId: owner.user.id,
    meta: { ip: null, userAgent: null, requestId: 'test' },
  });
}
