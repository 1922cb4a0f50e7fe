import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { queryRows } from '../../db/client.js';
import { ENCRYPTED_COLUMNS } from '../../db/encrypted-columns.js';
import { idempotencyKeys, invitations } from '../../db/schema/index.js';
import { createServices } from '../../services.js';
import { createTestApp, testConfig } from '../../test/app.js';
import { request, signUp, uniqueEmail } from '../../test/factories.js';
import { generateFernetKey, InvalidFernetToken, KeyRing } from './fernet.js';
import { rotateStoredSecrets } from './rotate.js';

const { app, database, config } = await createTestApp();
const db = database.db;
const [k1] = config.fernetKeys as [string];
const k2 = generateFernetKey();

const tokenFromAcceptUrl = (url: string) => decodeURIComponent(url.split('/').pop()!);

const owner = await signUp(app, { orgName: 'Rotating' });
const invitationsUrl = `/api/v1/orgs/${owner.org.id}/invitations`;
const tokens = new Map<string, string>();
const bodies: { email: string; role: 'member' }[] = [];
for (let i = 0; i < 5; i++) {
  // Through Idempotency-Key, so the stored responses (encrypted too) get rotated as well.
  bodies.push({ email: uniqueEmail('rot'), role: 'member' });
  const res = await request(app, owner, 'POST', invitationsUrl, bodies[i], {
    'idempotency-key': `rotate-${i}`,
  });
  expect(res.statusCode).toBe(201);
  tokens.set(res.json().id, tokenFromAcceptUrl(res.json().acceptUrl));
}

// An integration: encrypted credentials and a generated verify token (no network at creation).
const integration = await request(app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/integrations`, {
  provider: 'instagram',
  credentials: { pageAccessToken: 'EAAG-rotation-token', appSecret: 'a'.repeat(32) },
  settings: { igUserId: '17841400000000000' },
});
expect(integration.statusCode).toBe(201);

const stored = async () => ({
  invitations: await db
    .select({ id: invitations.id, value: invitations.tokenEncrypted })
    .from(invitations),
  responses: await db.select({ value: idempotencyKeys.responseBody }).from(idempotencyKeys),
});

describe('rotateStoredSecrets', () => {
  it('re-encrypts every stored secret under the first key of the ring, then is a no-op', async () => {
    const before = await stored();
    expect(before.invitations).toHaveLength(5);
    expect(before.responses).toHaveLength(5);

    // A batch size below the row count, so paging through the keys is exercised.
    const reports = await rotateStoredSecrets(db, new KeyRing([k2, k1]), 2);
    expect(reports).toEqual([
      { table: 'invitations', column: 'token_encrypted', scanned: 5, rotated: 5 },
      { table: 'idempotency_keys', column: 'response_body', scanned: 5, rotated: 5 },
      { table: 'integrations', column: 'credentials_encrypted', scanned: 1, rotated: 1 },
      { table: 'integrations', column: 'webhook_secret_encrypted', scanned: 1, rotated: 1 },
    ]);

    const newOnly = new KeyRing([k2]);
    const oldOnly = new KeyRing([k1]);
    const after = await stored();
    for (const { id, value } of after.invitations) {
      expect(newOnly.decryptString(value)).toBe(tokens.get(id));
      expect(() => oldOnly.decrypt(value)).toThrow(InvalidFernetToken);
    }
    for (const { value } of after.responses) {
      expect(JSON.parse(newOnly.decryptString(value!))).toMatchObject({ status: 'pending' });
    }

    const again = await rotateStoredSecrets(db, new KeyRing([k2, k1]), 2);
    expect(again.map((r) => [r.table, r.scanned, r.rotated])).toEqual([
      ['invitations', 5, 0],
      ['idempotency_keys', 5, 0],
      ['integrations', 1, 0],
      ['integrations', 1, 0],
    ]);
    expect(await stored()).toEqual(after);
  });

  describe('after the old key is removed from FERNET_KEYS', async () => {
    const rotatedConfig = testConfig({ FERNET_KEYS: k2 });
    const rotated = await buildApp({
      config: rotatedConfig,
      database,
      services: createServices(rotatedConfig, database),
      logger: pino({ level: 'silent' }),
      webDist: false,
    });
    afterAll(() => rotated.close());

    it('the app still shows every invitation link, unchanged', async () => {
      const res = await request(rotated, owner, 'GET', invitationsUrl);
      expect(res.statusCode).toBe(200);
      const links = res.json<{ items: { id: string; acceptUrl: string }[] }>().items;
      expect(links).toHaveLength(5);
      for (const { id, acceptUrl } of links)
        expect(tokenFromAcceptUrl(acceptUrl)).toBe(tokens.get(id));
    });

    it('still reads integration credentials and the verify token', async () => {
      const res = await request(
        rotated,
        owner,
        'GET',
        `/api/v1/orgs/${owner.org.id}/integrations/${integration.json().id}`,
      );
      expect(res.statusCode).toBe(200);
      expect(res.json().webhook.verifyToken).toBe(integration.json().webhook.verifyToken);
    });

    it('still replays stored idempotent responses', async () => {
      const replay = await request(rotated, owner, 'POST', invitationsUrl, bodies[0], {
        'idempotency-key': 'rotate-0',
      });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(tokens.get(replay.json().id)).toBe(tokenFromAcceptUrl(replay.json().acceptUrl));
    });
  });
});

describe('ENCRYPTED_COLUMNS', () => {
  it('lists every column named *_encrypted in the schema', async () => {
    const columns = await queryRows<{ table: string; column: string }>(
      db,
      sql`select table_name::text as table, column_name::text as column
          from information_schema.columns
          where table_schema = 'public' and column_name like '%\\_encrypted'`,
    );
    expect(columns.length).toBeGreaterThan(0);
    const listed = new Set(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`));
    for (const { table, column } of columns) expect(listed).toContain(`${table}.${column}`);
  });

  it('names real columns, keyed by each table’s primary key', async () => {
    for (const spec of ENCRYPTED_COLUMNS) {
      const [exists] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from information_schema.columns
            where table_schema = 'public' and table_name = ${spec.table}
              and column_name = ${spec.column} and data_type = 'text'`,
      );
      expect(exists!.n, `${spec.table}.${spec.column}`).toBe(1);
      const pk = await queryRows<{ column: string }>(
        db,
        sql`select a.attname::text as column
            from pg_index i
            join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
            where i.indrelid = ${`public.${spec.table}`}::regclass and i.indisprimary`,
      );
      expect(pk.map((c) => c.column).sort(), spec.table).toEqual([...spec.key].sort());
    }
  });
});
