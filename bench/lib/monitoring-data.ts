// The monitoring bench's data (issue 15), shared with the alerts bench: provider events of a few
// organizations over the last DAYS days, seeded with generate_series and rolled up by the real
// rollup.
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../server/src/db/client.js';
import { rollUpProviderEvents } from '../../server/src/features/monitoring/rollup.js';
import type { Services } from '../../server/src/services.js';

export const DAYS = 30;

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * `n` events of one org spread evenly over the last DAYS days: per integration (g % 4) sends
 * (half the rows, 3% failed), callbacks, deliveries with a sent → delivered latency, a few
 * rejections. Inserted in chunks so no statement runs for minutes.
 */
async function seed(client: pg.ClientBase, orgId: string, integrations: string[], n: number) {
  const chunk = 1_000_000;
  for (let start = 1; start <= n; start += chunk) {
    const end = Math.min(n, start + chunk - 1);
    await client.query(
      `insert into provider_events
         (id, org_id, integration_id, provider, channel, kind, outcome, latency_ms, occurred_at)
       select gen_random_uuid(), $1::uuid, ($2::uuid[])[1 + g % 4],
              (array['sendgrid','twilio','twilio','telegram'])[1 + g % 4],
              (array['email','sms','whatsapp','telegram'])[1 + g % 4],
              k.kind, k.outcome, k.latency,
              now() - make_interval(secs => ($3::float8 * 86400) * (g::float8 / $4::float8))
         from generate_series($5::int, $6::int) g,
         lateral (select case
                    when g % 20 < 10 then 'send' when g % 20 < 15 then 'callback'
                    when g % 20 < 19 then 'delivery' else 'webhook_rejected' end as kind) kk,
         lateral (select kk.kind,
                    case kk.kind
                      when 'send' then case when g % 97 < 3 then 'permanent' else 'ok' end
                      when 'callback' then 'accepted' when 'delivery' then 'delivered'
                      else 'rejected' end as outcome,
                    case kk.kind
                      when 'send' then 40 + (g::bigint * 7919) % 400
                      when 'delivery' then 500 + (g::bigint * 104729) % 20000
                      else null end as latency) k`,
      [orgId, `{${integrations.join(',')}}`, DAYS, n, start, end],
    );
  }
}

/** Four integrations of an organization: email, SMS, WhatsApp and Telegram. */
async function integrationsOf(pool: pg.Pool, services: Services, orgId: string) {
  const ids: string[] = [];
  for (const [provider, name] of [
    ['sendgrid', 'Email'],
    ['twilio', 'SMS'],
    ['twilio', 'WhatsApp'],
    ['telegram', 'Telegram'],
  ] as const) {
    const id = uuidv7();
    await pool.query(
      `insert into integrations (id, org_id, provider, name, credentials_encrypted, credential_hints)
       values ($1, $2, $3, $4, $5, '{}')`,
      [id, orgId, provider, name, services.secrets.encryptString('{}')],
    );
    ids.push(id);
  }
  return ids;
}

/**
 * Seeds `events[i]` events for `orgIds[i]` (each with four integrations, inserted directly so no
 * default alert rules come with them), then rolls them all up, batch after batch.
 */
export async function seedMonitoringData(
  database: Extract<Database, { kind: 'postgres' }>,
  services: Services,
  { orgIds, events }: { orgIds: string[]; events: number[] },
) {
  const client = await database.pool.connect();
  const integrations: string[][] = [];
  const t0 = performance.now();
  try {
    for (const [i, orgId] of orgIds.entries()) {
      const ids = await integrationsOf(database.pool, services, orgId);
      integrations.push(ids);
      await seed(client, orgId, ids, events[i]!);
    }
    await client.query('analyze provider_events');
  } finally {
    client.release();
  }
  const total = events.reduce((a, b) => a + b, 0);
  console.log(`  seeded ${total} events in ${seconds(t0).toFixed(0)} s`);

  const t1 = performance.now();
  let counted = 0;
  for (;;) {
    const run = await rollUpProviderEvents(database.db);
    counted += run.counted;
    if (run.lagSeconds === null) break;
  }
  const catchUp = seconds(t1);
  console.log(`  rolled up ${counted} events in ${catchUp.toFixed(0)} s`);
  return { integrations, counted, catchUp };
}
