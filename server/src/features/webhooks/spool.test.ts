import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { providerEvents, webhookEvents } from '../../db/schema/index.js';
import { createOutageSwitch } from '../../test/outage.js';
import { createWebhooksTestApp } from './webhooks.test-helpers.js';

let outage!: ReturnType<typeof createOutageSwitch>;
const { t, twilioStatusSender } = await createWebhooksTestApp({
  database: (database) => (outage = createOutageSwitch(database)).database,
});
const spoolDir = t.config.callbackSpool.dir;
const authToken = 'c'.repeat(32);
afterAll(() => rm(spoolDir, { recursive: true, force: true }));

/** Every spool segment under the spool directory (any process's), with its text. */
async function segments(): Promise<{ file: string; text: string }[]> {
  const found: { file: string; text: string }[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.endsWith('.lock')) await walk(full);
      else if (entry.name.endsWith('.jsonl') && entry.name !== 'quarantine.jsonl') {
        found.push({ file: full, text: await readFile(full, 'utf8') });
      }
    }
  };
  await walk(spoolDir);
  return found;
}

describe('callbacks while the database is unreachable', () => {
  const { target, send } = twilioStatusSender(`AC${'2'.repeat(32)}`, authToken);
  // Read through the real database: the app's may be switched off.
  const stored = (sid: string) =>
    outage.real.db
      .select()
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.integrationId, target.id),
          eq(webhookEvents.providerEventId, `${sid}:delivered`),
        ),
      );
  const callbackLog = async () =>
    (
      await outage.real.db
        .select()
        .from(providerEvents)
        .where(
          and(eq(providerEvents.integrationId, target.id), eq(providerEvents.kind, 'callback')),
        )
    ).map((e) => e.outcome);

  it('acknowledges a signed callback as usual, keeps it in the spool, and stores it once the database is back', async () => {
    const usual = await send('SMspoolwarm'); // the integration is now known to this process
    expect(usual.statusCode).toBe(200);

    outage.down();
    const before = new Date();
    const res = await send('SMspool1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(usual.headers['content-type']);
    expect(res.body).toBe(usual.body);
    const spooled = await segments();
    expect(spooled).toHaveLength(1);
    expect(spooled[0]!.text).toContain('SMspool1:delivered');
    expect(await stored('SMspool1')).toHaveLength(0);

    outage.up();
    expect((await t.services.webhooks.replaySpool({ adopt: false })).busy).toBe(false);
    const rows = await stored('SMspool1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ verified: true, purpose: 'status', processedAt: null });
    // Received when it arrived, not when it was replayed.
    expect(rows[0]!.receivedAt.getTime()).toBeLessThan(before.getTime() + 1000);
    expect(await callbackLog()).toEqual(['accepted', 'accepted']);
    expect(await segments()).toEqual([]);
    // Stored directly again once the database is back.
    expect((await send('SMspool2')).statusCode).toBe(200);
    expect(await stored('SMspool2')).toHaveLength(1);
    expect(await segments()).toEqual([]);
  });

  it('stores a callback spooled twice once, and replaying a segment again adds nothing', async () => {
    outage.down();
    expect((await send('SMspooltwice')).statusCode).toBe(200);
    expect((await send('SMspooltwice')).statusCode).toBe(200);
    const [segment] = await segments();
    expect(segment!.text.split('\n').filter(Boolean)).toHaveLength(2);

    outage.up();
    await t.services.webhooks.replaySpool({ adopt: false });
    expect(await stored('SMspooltwice')).toHaveLength(1);
    const logged = await callbackLog();
    // Two callbacks were acknowledged: one stored, one a duplicate, as without the spool.
    expect(logged.filter((o) => o === 'duplicate')).toHaveLength(1);

    // A crash after the commit and before the segment was removed: it is replayed again.
    const leftBehind = path.join(spoolDir, 'crashed-process');
    await mkdir(leftBehind, { recursive: true });
    await writeFile(path.join(leftBehind, '00000001.jsonl'), segment!.text);
    await t.services.webhooks.replaySpool({ adopt: true });
    expect(await stored('SMspooltwice')).toHaveLength(1);
    expect(await callbackLog()).toEqual(logged);
    expect(await segments()).toEqual([]);
  });
});
