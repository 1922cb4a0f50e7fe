import { describe, expect, it } from 'vitest';
import { addMember, request, signUp } from '../../test/factories.js';
import { createSandboxedApp } from '../../test/sandbox.js';
import { loadVectors } from '../../test/vectors.js';

/**
 * Webhook registration with the sandbox, which calls this app back as the provider would: Meta's
 * verification handshake at subscription, and "Re-register webhook" after a provider lost ours.
 */
const { t, sandbox } = await createSandboxedApp();
const owner = await signUp(t.app);
const base = `/api/v1/orgs/${owner.org.id}/integrations`;

interface Integration {
  id: string;
  credentialHints: Record<string, string>;
  status: string;
  statusMessage: string | null;
  webhook: {
    urls: Record<string, string>;
    verifyToken?: string;
    registeredBySwitchboard: boolean;
    callbacksMissing: boolean;
  };
}

async function create(body: Record<string, unknown>) {
  const res = await request(t.app, owner, 'POST', base, { sandbox: true, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Integration>();
}

const sandboxCall = (path: string, init: RequestInit = {}) =>
  fetch(`${sandbox.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

const instagramBody = (pageAccessToken: string) => ({
  provider: 'instagram',
  credentials: { pageAccessToken, appSecret: 'e'.repeat(32) },
  settings: { igUserId: '17841400000000000' },
});

interface ChallengeVector {
  query: Record<string, string>;
  configured_verify_token: string;
  expected_status: number;
  expected_body?: string;
}

describe('the Instagram subscription', () => {
  it('is made only after Meta’s handshake against our endpoint succeeds', async () => {
    const created = await create(instagramBody('EAAG-handshake-token'));
    expect(created.status).toBe('active');
    const apps = await sandboxCall('/instagram/v21.0/me/subscribed_apps', {
      headers: { authorization: 'Bearer EAAG-handshake-token' },
    });
    expect(apps.body.data).toHaveLength(1);

    // A subscription whose verify token our endpoint does not know is refused, as Meta does.
    const refused = await sandboxCall('/instagram/_subscribe', {
      method: 'POST',
      body: JSON.stringify({
        pageAccessToken: 'EAAG-other-token',
        appSecret: 'e'.repeat(32),
        callbackUrl: created.webhook.urls.callback,
        verifyToken: 'not-the-token',
        igUserId: '17841400000000000',
      }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 2200 } });
    const none = await sandboxCall('/instagram/v21.0/me/subscribed_apps', {
      headers: { authorization: 'Bearer EAAG-other-token' },
    });
    expect(none.body.data).toEqual([]);
  });

  it('our endpoint answers the verification requests of the Meta vectors', async () => {
    const created = await create(instagramBody('EAAG-vector-token'));
    const path = new URL(created.webhook.urls.callback!).pathname;
    const vectors = loadVectors<{ verification_request_vectors: ChallengeVector[] }>(
      '04_meta_x_hub_signature_256.json',
    ).verification_request_vectors;
    expect(vectors.length).toBeGreaterThan(1);
    for (const v of vectors) {
      // The vector's configured token stands for this integration's own.
      const token =
        v.query['hub.verify_token'] === v.configured_verify_token
          ? created.webhook.verifyToken!
          : v.query['hub.verify_token']!;
      const query = new URLSearchParams({ ...v.query, 'hub.verify_token': token });
      const res = await t.app.inject({ method: 'GET', url: `${path}?${query}` });
      expect(res.statusCode).toBe(v.expected_status);
      if (v.expected_body !== undefined) expect(res.body).toBe(v.expected_body);
    }
  });
});

describe('Re-register webhook', () => {
  it('finds a webhook the provider lost, and registers it again (admin, audited)', async () => {
    const botToken = '5151:reregister-test-token';
    const created = await create({ provider: 'telegram', credentials: { botToken } });
    expect(created.webhook).toMatchObject({
      registeredBySwitchboard: true,
      callbacksMissing: false,
    });
    // Someone resets the bot's webhook elsewhere: Telegram now sends us nothing.
    await sandboxCall(`/telegram/bot${botToken}/deleteWebhook`, { method: 'POST', body: '{}' });
    const url = `${base}/${created.id}`;
    const test = await request(t.app, owner, 'POST', `${url}/test`);
    expect(test.json()).toMatchObject({ ok: false, code: 'webhook_not_registered' });
    const flagged = (await request(t.app, owner, 'GET', url)).json<Integration>();
    expect(flagged.status).toBe('needs_attention');
    expect(flagged.statusMessage).toMatch(/Re-register webhook/);
    expect(flagged.webhook.callbacksMissing).toBe(true);

    const member = await addMember(t.app, owner, 'member');
    const denied = await request(t.app, member, 'POST', `${url}/register-webhook`);
    expect(denied.statusCode).toBe(403);

    const again = await request(t.app, owner, 'POST', `${url}/register-webhook`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<Integration>()).toMatchObject({
      status: 'active',
      statusMessage: null,
      webhook: { callbacksMissing: false },
    });
    const audit = await request(
      t.app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/audit-log?action=integration.webhook_registered`,
    );
    const audited = audit.json<{ items: { targetId: string; metadata: object }[] }>().items;
    expect(audited.filter((a) => a.targetId === created.id)).toMatchObject([
      { metadata: { provider: 'telegram', status: 'active' } },
    ]);
    // Updates reach us again.
    const inbound = await sandboxCall('/telegram/_inbound', {
      method: 'POST',
      body: JSON.stringify({ botToken, chatId: 77, text: 'are you there?' }),
    });
    expect(inbound.status).toBe(200);
    await sandbox.ctx.idle();
    const delivery = sandbox.ctx.delivered.filter((d) => d.url.includes(created.id));
    expect(delivery.map((d) => d.status)).toEqual([200]);
  });

  it('gives the sandbox SendGrid account a new signing key, which the integration keeps', async () => {
    const created = await create({
      provider: 'sendgrid',
      credentials: { apiKey: 'SG.reregister-test-key' },
      settings: { fromEmail: 'hello@example.com' },
    });
    await sandboxCall('/sendgrid/v3/user/webhooks/event/settings', {
      method: 'PATCH',
      headers: { authorization: 'Bearer SG.reregister-test-key' },
      body: JSON.stringify({ enabled: false }),
    });
    const url = `${base}/${created.id}`;
    const test = await request(t.app, owner, 'POST', `${url}/test`);
    expect(test.json()).toMatchObject({ ok: false, code: 'webhook_not_registered' });
    const again = await request(t.app, owner, 'POST', `${url}/register-webhook`);
    expect(again.json<Integration>().status).toBe('active');
    const hint = (i: { credentialHints: Record<string, string> }) =>
      i.credentialHints.webhookPublicKey;
    expect(hint(again.json())).not.toBe(hint(created));
    const retest = await request(t.app, owner, 'POST', `${url}/test`);
    expect(retest.json()).toMatchObject({ ok: true, code: 'ok' });
  });

  it('refuses where the webhook is entered in the provider’s console', async () => {
    const created = await create({
      provider: 'twilio',
      credentials: { accountSid: `AC${'2e'.repeat(16)}`, authToken: 'f'.repeat(32) },
      settings: { fromNumber: '+14155550100' },
    });
    expect(created.webhook.registeredBySwitchboard).toBe(false);
    const res = await request(t.app, owner, 'POST', `${base}/${created.id}/register-webhook`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'webhook_not_registrable' });
  });
});
