import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pino from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { pgliteExtensions } from './db/client.js';
import { openDatabase } from './runtime.js';
import { startServing, type Serving } from './serve.js';
import { testConfig } from './test/app.js';
import { request, sessionHeaders, type Caller } from './test/factories.js';

/**
 * `switchboard serve` on the embedded database, stopped and started again on the same DATA_DIR
 * between two sends on each sandbox provider: the emulators' registrations (SendGrid's Event
 * Webhook and signing key, Telegram's webhook, the Instagram subscription) and counters survive,
 * so the second send is reported like the first. Always PGlite, whatever TEST_DATABASE_URL says.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-restart-'));
const port = await new Promise<number>((resolve, reject) => {
  const srv = createServer();
  srv.once('error', reject);
  srv.listen(0, '127.0.0.1', () => {
    const { port: p } = srv.address() as { port: number };
    srv.close(() => resolve(p));
  });
});
const publicUrl = `http://127.0.0.1:${port}`;
// One config for both runs: the same keys decrypt what the first run stored.
const config = testConfig({
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: publicUrl,
  SANDBOX: 'true',
});
const logger = pino({ level: 'silent' });
let serving: Serving | undefined;
afterAll(async () => {
  await serving?.close().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

async function start() {
  serving = await startServing(config, logger, await openDatabase(config, logger), {
    work: true,
  });
  return serving;
}

/** Start from the migrated template when the suite runs on PGlite (an initdb costs more). */
async function seedDataDir() {
  const source = inject('testDatabase');
  if (source.kind !== 'pglite') return;
  const seed = await PGlite.create(path.join(dataDir, 'pg'), {
    loadDataDir: new Blob([readFileSync(source.file)]),
    extensions: pgliteExtensions,
  });
  await seed.close();
}

type Demo = Caller & { orgId: string };

/** Signs in as the demo user, as a newcomer would, with the password the first start wrote. */
async function signInAsDemo(s: Serving): Promise<Demo> {
  const login = readFileSync(path.join(dataDir, 'demo-login.txt'), 'utf8');
  const [, email, password] = /email: (\S+)\npassword: (\S+)/.exec(login)!;
  const headers = { origin: publicUrl };
  const res = await request(
    s.app,
    null,
    'POST',
    '/api/v1/auth/login',
    { email, password },
    headers,
  );
  expect(res.statusCode, res.body).toBe(200);
  const caller = { headers: sessionHeaders(res) };
  const session = await request(s.app, caller, 'GET', '/api/v1/auth/session', undefined, headers);
  const orgId = session.json<{ memberships: { org: { id: string } }[] }>().memberships[0]!.org.id;
  return { ...caller, orgId };
}

const api = (s: Serving, demo: Demo, method: 'GET' | 'POST', url: string, body?: unknown) =>
  request(s.app, demo, method, `/api/v1/orgs/${demo.orgId}${url}`, body, { origin: publicUrl });

interface Message {
  id: string;
  status: string;
  direction: string;
}

/** Waits (up to a ceiling, not a timed assertion) until `read` gives what `done` accepts. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last = await read();
  while (!done(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}

const PROVIDERS = [
  {
    body: {
      provider: 'sendgrid',
      credentials: { apiKey: 'SG.restart-test-key' },
      settings: { fromEmail: 'hello@example.com' },
    },
    to: { value: 'ada@example.com' },
    content: { subject: 'Hello', text: 'Hello Ada' },
    reported: 'delivered',
  },
  {
    body: {
      provider: 'twilio',
      credentials: { accountSid: `AC${'1f'.repeat(16)}`, authToken: 'b'.repeat(32) },
      settings: { fromNumber: '+14155550100' },
    },
    to: { value: '+14155550101' },
    content: { text: 'Hello Ada' },
    reported: 'delivered',
  },
  {
    body: {
      provider: 'instagram',
      credentials: { pageAccessToken: 'EAAG-restart-test-token', appSecret: 'c'.repeat(32) },
      settings: { igUserId: '17841400000000000' },
    },
    to: { value: '5550101' },
    content: { text: 'Hello Ada' },
    // Instagram reports reads, not deliveries: read is past delivered.
    reported: 'read',
  },
  {
    body: { provider: 'telegram', credentials: { botToken: '4242:restart-test-token' } },
    to: { value: '9001' },
    content: { text: 'Hello Ada' },
    // The Bot API reports no deliveries (decision 011): accepted is final.
    reported: 'sent',
  },
] as const;

describe('a restarted embedded server', () => {
  it(
    'keeps receiving every sandbox provider’s reports and messages',
    { timeout: 180_000 },
    async () => {
      await seedDataDir();
      let s = await start();
      const owner = await signInAsDemo(s);
      // The demo's own sandbox integrations were registered at the first start.
      const demo = await api(s, owner, 'GET', '/integrations');
      expect(
        demo
          .json<{ items: { name: string; status: string }[] }>()
          .items.map((i) => [i.name, i.status]),
      ).toEqual([
        ['SendGrid (sandbox)', 'active'],
        ['Twilio (sandbox)', 'active'],
      ]);
      const ids: Record<string, string> = {};
      for (const p of PROVIDERS) {
        const res = await api(s, owner, 'POST', '/integrations', { ...p.body, sandbox: true });
        expect(res.statusCode, res.body).toBe(201);
        // Instagram's subscription included Meta's handshake against this server.
        expect(res.json<{ status: string }>().status).toBe('active');
        ids[p.body.provider] = res.json<{ id: string }>().id;
      }

      const sendAll = async () => {
        const sent = await Promise.all(
          PROVIDERS.map(async (p) => {
            const res = await api(s, owner, 'POST', '/messages', {
              integrationId: ids[p.body.provider],
              to: p.to,
              body: p.content,
            });
            expect(res.statusCode, res.body).toBe(202);
            return { id: res.json<Message>().id, reported: p.reported };
          }),
        );
        for (const m of sent) {
          const final = await until(
            async () => (await api(s, owner, 'GET', `/messages/${m.id}`)).json<Message>(),
            (v) => v.status === m.reported,
          );
          expect(final.status).toBe(m.reported);
        }
      };
      const telegramInbound = async (text: string) => {
        const res = await fetch(`${publicUrl}/sandbox/telegram/_inbound`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ botToken: '4242:restart-test-token', chatId: 9001, text }),
        });
        expect(res.status).toBe(200);
        const inbound = await until(
          async () =>
            (await api(s, owner, 'GET', `/messages?direction=inbound&channel=telegram`)).json<{
              items: Message[];
            }>().items,
          (items) => items.length === (text === 'before' ? 1 : 2),
        );
        expect(inbound).toHaveLength(text === 'before' ? 1 : 2);
      };

      await sendAll();
      await telegramInbound('before');
      await s.close();
      // What the emulators keep is the user's, like the database: not for other accounts.
      expect(statSync(path.join(dataDir, 'sandbox.json')).mode & 0o077).toBe(0);

      s = await start();
      await sendAll();
      // The webhook is still set, and the update id does not repeat (we deduplicate on it).
      await telegramInbound('after');
      // The demo's email campaign, launched after the restart: deliveries, the bounce, a skip.
      const campaigns = await api(s, owner, 'GET', '/campaigns');
      const email = campaigns
        .json<{ items: { id: string; name: string; status: string }[] }>()
        .items.find((c) => c.name === 'Welcome email (sandbox)');
      expect(email?.status).toBe('draft');
      const launched = await api(s, owner, 'POST', `/campaigns/${email!.id}/launch`);
      expect(launched.statusCode, launched.body).toBe(200);
      type Stats = Record<'delivered' | 'bounced' | 'skipped' | 'total', number>;
      const stats = await until(
        async () => (await api(s, owner, 'GET', `/campaigns/${email!.id}/stats`)).json<Stats>(),
        (v) => v.delivered === 4 && v.bounced === 1,
      );
      expect(stats).toMatchObject({ total: 7, delivered: 4, bounced: 1, skipped: 2 });

      const list = await api(s, owner, 'GET', '/integrations');
      for (const i of list.json<{ items: { status: string; webhook: object }[] }>().items) {
        expect(i.status).toBe('active');
        expect(i.webhook).toMatchObject({ callbacksMissing: false });
      }
    },
  );
});
