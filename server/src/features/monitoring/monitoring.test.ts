import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { beforeAll, describe, expect, it } from 'vitest';
import { providerEvents } from '../../db/schema/index.js';
import { request, signUp, type SignedUp } from '../../test/factories.js';
import { createSendTestApp } from '../sending/test-helpers.js';
import { rollUpAll } from './rollup.test-helpers.js';

const s = await createSendTestApp();
const { t, owner, base, sandbox } = s;
const db = t.database.db;

interface Overview {
  range: { from: string; to: string; tz: string; granularity: string };
  totals: Record<'sent' | 'delivered' | 'failed' | 'bounced' | 'callbacks' | 'rejected', number>;
  failureRate: number | null;
  latency: Record<'send' | 'delivery', Record<'p50' | 'p95' | 'p99', number | null>>;
  byProvider: {
    provider: string;
    integrationId: string;
    name: string;
    sent: number;
    failureRate: number | null;
    health: string;
    healthDetail: string;
    lastCallbackAt: string | null;
  }[];
  noData: { reason: string; detail: string; integrationId: string | null } | null;
}
interface Series {
  range: Overview['range'];
  buckets: string[];
  series: {
    key: string;
    label: string;
    points: { t: string; value: number | null; count: number }[];
  }[];
  noData: Overview['noData'];
}

async function get<T>(who: SignedUp, path: string, status = 200): Promise<T> {
  const res = await request(t.app, who, 'GET', path);
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}
const overview = (query = '', who = owner) =>
  get<Overview>(who, `/api/v1/orgs/${who.org.id}/monitoring/overview${query}`);
const series = (query: string, who = owner) =>
  get<Series>(who, `/api/v1/orgs/${who.org.id}/monitoring/series${query}`);

/** Sends one message to a new contact through an integration and lets its callbacks land. */
async function sendThrough(integrationId: string, channel: 'sms' | 'email') {
  const c = await s.contact(`Monitored ${Math.random()}`, [
    channel === 'sms'
      ? { channel: 'phone', value: `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}` }
      : { channel: 'email', value: `m-${uuidv7()}@example.com` },
  ]);
  const m = await s.sendOne({
    integrationId,
    contactId: c.id,
    body: channel === 'sms' ? { text: 'Hello' } : { subject: 'Hi', text: 'Hello' },
  });
  await s.drain(integrationId);
  await sandbox.ctx.idle();
  await t.services.webhooks.processPending();
  return m.id;
}

/** A provider event written as if it had happened at `at` (for bucket placement). */
async function eventAt(at: string, values: Partial<typeof providerEvents.$inferInsert> = {}) {
  await db.insert(providerEvents).values({
    id: uuidv7(),
    orgId: owner.org.id,
    integrationId: s.sendgridId,
    provider: 'sendgrid',
    channel: 'email',
    kind: 'send',
    outcome: 'ok',
    latencyMs: 100,
    occurredAt: new Date(at),
    ...values,
  });
}

describe('monitoring on an org without integrations', () => {
  let empty: SignedUp;
  beforeAll(async () => {
    empty = await signUp(t.app, { orgName: 'Empty' });
  });

  it('says why there is nothing, with nulls (never 0) for latencies and rates', async () => {
    const o = await overview('', empty);
    expect(o.noData).toMatchObject({ reason: 'no_integrations', integrationId: null });
    expect(o.noData?.detail).toMatch(/connect/i);
    expect(o.totals).toEqual({
      sent: 0,
      delivered: 0,
      failed: 0,
      bounced: 0,
      callbacks: 0,
      rejected: 0,
    });
    expect(o.failureRate).toBeNull();
    expect(o.latency.send).toEqual({ p50: null, p95: null, p99: null });
    expect(o.byProvider).toEqual([]);
    // The default range: the last 24 h in UTC, in whole minutes.
    expect(o.range.tz).toBe('UTC');
    expect(Date.parse(o.range.to) - Date.parse(o.range.from)).toBe(24 * 3_600_000);
    expect(o.range.granularity).toBe('hour');
  });

  it('zero-fills every bucket of a series: counts 0, rates and latencies null', async () => {
    const volume = await series('?metric=volume', empty);
    expect(volume.buckets.length).toBeGreaterThanOrEqual(24);
    expect(volume.series).toHaveLength(1);
    expect(volume.series[0]!.points.map((p) => p.t)).toEqual(volume.buckets);
    expect(volume.series[0]!.points.every((p) => p.value === 0 && p.count === 0)).toBe(true);
    const latency = await series('?metric=latency_p95', empty);
    expect(latency.series[0]!.points.every((p) => p.value === null && p.count === 0)).toBe(true);
    expect(latency.noData?.reason).toBe('no_integrations');
  });
});

describe('the shared range rules', () => {
  const endpoints = [
    'monitoring/overview?',
    'monitoring/series?metric=volume&',
    'monitoring/events?',
    'messages?',
    'audit-log?',
  ];
  it.each([
    ['range_inverted', 'from=2026-03-02&to=2026-03-01', 'from'],
    ['invalid_timezone', 'from=2026-03-01&to=2026-03-02&tz=Mars/Olympus_Mons', 'tz'],
    ['range_too_many_buckets', 'from=2026-03-01&to=2026-03-10&granularity=minute', 'granularity'],
  ])('answer 422 %s on every endpoint that takes a range', async (code, query, path) => {
    for (const endpoint of endpoints) {
      // The message log and audit log take no granularity: their bucket count is not checked.
      if (code === 'range_too_many_buckets' && !endpoint.startsWith('monitoring')) continue;
      const res = await request(t.app, owner, 'GET', `${base}/${endpoint}${query}`);
      expect({ endpoint, status: res.statusCode }).toEqual({ endpoint, status: 422 });
      expect(res.json()).toMatchObject({ code, errors: [expect.objectContaining({ path })] });
    }
  });

  it('echoes the effective range in whole minutes, with the zone asked for', async () => {
    const hour = Math.floor((Date.now() - 2 * 86_400_000) / 3_600_000) * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const o = await overview(
      `?from=${iso(hour + 37 * 60_000 + 12_000)}&to=${iso(hour + 2 * 3_600_000)}&tz=Asia/Kolkata`,
    );
    expect(o.range).toEqual({
      from: iso(hour + 37 * 60_000),
      to: iso(hour + 2 * 3_600_000),
      tz: 'Asia/Kolkata',
      granularity: 'minute',
    });
  });
});

describe('the org default zone', () => {
  it('is the zone of a range that names none', async () => {
    const org = await signUp(t.app, { orgName: 'Berlin office' });
    const res = await request(t.app, org, 'PATCH', `/api/v1/orgs/${org.org.id}/settings`, {
      defaultTimezone: 'Europe/Berlin',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await overview('', org)).range.tz).toBe('Europe/Berlin');
    expect((await overview('?tz=America/New_York', org)).range.tz).toBe('America/New_York');
    const days = await series('?metric=volume&from=2026-11-20&to=2026-11-22&granularity=day', org);
    expect(days.buckets).toEqual(['2026-11-19T23:00:00.000Z', '2026-11-20T23:00:00.000Z']);
  });
});

describe('buckets from rollups', () => {
  beforeAll(async () => {
    // Europe/Berlin, spring forward on 29 March 2026: 23:30 local on the 29th is 21:30Z.
    await eventAt('2026-03-28T22:59:00Z'); // 23:59 on the 28th (CET)
    await eventAt('2026-03-28T23:00:00Z'); // 00:00 on the 29th
    await eventAt('2026-03-29T21:30:00Z', { latencyMs: 400 }); // 23:30 on the 29th (CEST)
    await eventAt('2026-03-29T22:00:00Z', { outcome: 'permanent', latencyMs: 900 }); // the 30th
    // America/New_York, fall back on 1 November 2026 (a 25 h day).
    await eventAt('2026-11-01T04:00:00Z'); // 00:00 EDT on the 1st
    await eventAt('2026-11-02T04:59:00Z'); // 23:59 EST on the 1st
    await eventAt('2026-11-02T05:00:00Z'); // 00:00 EST on the 2nd
    await rollUpAll(db);
  });

  it('counts each local day of a DST change in its own 23 h or 25 h bucket (Berlin)', async () => {
    const r = await series(
      `?metric=volume&from=2026-03-28&to=2026-03-31&tz=Europe/Berlin&granularity=day&integrationId=${s.sendgridId}`,
    );
    expect(r.buckets).toEqual([
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect(r.series[0]!.points.map((p) => p.value)).toEqual([1, 2, 1]);
    const failures = await series(
      `?metric=failure_rate&from=2026-03-28&to=2026-03-31&tz=Europe/Berlin&granularity=day&integrationId=${s.sendgridId}`,
    );
    expect(failures.series[0]!.points.map((p) => p.value)).toEqual([0, 0, 1]);
  });

  it('counts the 25 h day in New York as one bucket', async () => {
    const r = await series(
      `?metric=volume&from=2026-11-01&to=2026-11-03&tz=America/New_York&granularity=day&integrationId=${s.sendgridId}`,
    );
    expect(r.buckets).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    expect(r.series[0]!.points.map((p) => p.value)).toEqual([2, 1]);
  });

  it('starts weeks on Monday in the zone, and keeps a range that starts mid-bucket', async () => {
    const weeks = await series(
      `?metric=volume&from=2026-03-25&to=2026-04-02&tz=Europe/Berlin&granularity=week&integrationId=${s.sendgridId}`,
    );
    expect(weeks.buckets).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(weeks.series[0]!.points.map((p) => p.value)).toEqual([3, 1]);

    // Older than the minute rows (RETENTION_DAYS): a range from 23:30 reads from 23:00.
    const old = await series(
      `?metric=volume&from=2026-03-28T23:30&to=2026-03-31&tz=Europe/Berlin&granularity=day&integrationId=${s.sendgridId}`,
    );
    expect(old.range.from).toBe('2026-03-28T22:00:00.000Z');
    expect(old.buckets[0]).toBe('2026-03-27T23:00:00.000Z');
    expect(old.series[0]!.points.map((p) => p.value)).toEqual([1, 2, 1]);
  });

  it('counts a recent range that starts mid-bucket from its first minute', async () => {
    const hour = Math.floor((Date.now() - 3 * 86_400_000) / 3_600_000) * 3_600_000;
    const at = (minutes: number) => new Date(hour + minutes * 60_000).toISOString();
    for (const m of [5, 40, 70])
      await eventAt(at(m), { integrationId: s.telegramId, provider: 'telegram' });
    await rollUpAll(db);
    const r = await series(
      `?metric=volume&from=${at(30)}&to=${at(120)}&granularity=hour&integrationId=${s.telegramId}`,
    );
    expect(r.range.from).toBe(at(30));
    expect(r.buckets).toEqual([at(0), at(60)]);
    expect(r.series[0]!.points.map((p) => p.value)).toEqual([1, 1]);
  });

  it('reads latency percentiles from the rollup histograms', async () => {
    const r = await series(
      `?metric=latency_p99&from=2026-03-29T21:00Z&to=2026-03-29T23:00Z&granularity=hour&integrationId=${s.sendgridId}`,
    );
    const [first, second] = r.series[0]!.points;
    expect(first).toMatchObject({ count: 1 });
    expect(Math.abs(first!.value! - 400) / 400).toBeLessThanOrEqual(0.01);
    expect(Math.abs(second!.value! - 900) / 900).toBeLessThanOrEqual(0.01);
  });

  it('answers before_retention for a range older than the rollups keep', async () => {
    const o = await overview('?from=2020-01-01&to=2020-01-02');
    expect(o.noData?.reason).toBe('before_retention');
    const r = await series('?metric=volume&from=2020-01-01&to=2020-01-02');
    expect(r.noData?.reason).toBe('before_retention');
  });

  it('answers no_traffic_in_range where integrations exist but nothing happened', async () => {
    const o = await overview('?from=2026-01-01&to=2026-01-02');
    expect(o.noData?.reason).toBe('no_traffic_in_range');
    expect(o.byProvider.map((p) => p.health)).toEqual(['unknown', 'unknown', 'unknown']);
  });
});

describe('monitoring of real sandbox traffic', () => {
  let delivered: string;
  beforeAll(async () => {
    delivered = await sendThrough(s.twilioId, 'sms');
    await sendThrough(s.twilioId, 'sms');
    await rollUpAll(db);
  });

  it('shows volume, deliveries, callbacks and a delivery latency in the overview', async () => {
    const o = await overview();
    expect(o.noData).toBeNull();
    expect(o.totals).toMatchObject({ sent: 2, delivered: 2, failed: 0 });
    expect(o.totals.callbacks).toBeGreaterThanOrEqual(2);
    expect(o.failureRate).toBe(0);
    expect(o.latency.send.p50).not.toBeNull();
    expect(o.latency.delivery.p50).not.toBeNull();
    const twilio = o.byProvider.find((p) => p.integrationId === s.twilioId)!;
    expect(twilio).toMatchObject({ provider: 'twilio', sent: 2, failureRate: 0, health: 'ok' });
    expect(twilio.lastCallbackAt).not.toBeNull();
  });

  it('groups a series by provider and by outcome', async () => {
    const byProvider = await series('?metric=volume&groupBy=provider');
    const twilio = byProvider.series.find((x) => x.key === 'twilio')!;
    expect(twilio.label).toBe('Twilio');
    expect(twilio.points.reduce((sum, p) => sum + p.count, 0)).toBe(2);
    const byOutcome = await series('?metric=callbacks&groupBy=outcome');
    expect(byOutcome.series.map((x) => x.key)).toContain('accepted');
    const delivery = await series(
      `?metric=latency_p50&latency=delivery&integrationId=${s.twilioId}`,
    );
    expect(delivery.noData).toBeNull();
    expect(delivery.series[0]!.points.some((p) => p.value !== null)).toBe(true);
  });

  it('lists provider events newest first, linking each to its message', async () => {
    const res = await get<{
      items: { kind: string; messageId: string | null; integrationName: string | null }[];
      nextCursor: string | null;
    }>(owner, `${base}/monitoring/events?integrationId=${s.twilioId}&limit=2`);
    expect(res.items).toHaveLength(2);
    expect(res.nextCursor).not.toBeNull();
    const all = await get<{ items: { id: string; kind: string; messageId: string | null }[] }>(
      owner,
      `${base}/monitoring/events?integrationId=${s.twilioId}&kind=send`,
    );
    expect(all.items.map((e) => e.messageId)).toContain(delivered);
    const next = await get<{ items: { id: string }[] }>(
      owner,
      `${base}/monitoring/events?integrationId=${s.twilioId}&limit=2&cursor=${res.nextCursor}`,
    );
    expect(next.items.length).toBeGreaterThan(0);
    // Events a few microseconds apart page without skipping one (a cursor keeps microseconds).
    const at = Date.now() - 60_000;
    await db.execute(
      sql`insert into provider_events (id, org_id, integration_id, provider, channel, kind, outcome, occurred_at)
          select gen_random_uuid(), ${owner.org.id}::uuid, ${s.telegramId}::uuid, 'telegram', 'telegram',
                 'connection_test', 'ok', to_timestamp(${at / 1000}) + make_interval(secs => g / 1e6)
            from generate_series(1, 5) g`,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await get(
        owner,
        `${base}/monitoring/events?kind=connection_test&integrationId=${s.telegramId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
    const bad = await request(t.app, owner, 'GET', `${base}/monitoring/events?cursor=WyJ4IiwieSJd`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_cursor');
  });

  it('says no_callbacks_configured for a provider that never reported back', async () => {
    s.knobs({ callbackLossRate: 1 });
    try {
      await sendThrough(s.sendgridId, 'email');
    } finally {
      s.knobs({ callbackLossRate: 0 });
    }
    await rollUpAll(db);
    const r = await series(
      `?metric=latency_p95&latency=delivery&integrationId=${s.sendgridId}&from=${new Date(Date.now() - 3_600_000).toISOString()}`,
    );
    expect(r.noData).toMatchObject({
      reason: 'no_callbacks_configured',
      integrationId: s.sendgridId,
    });
    expect(r.noData?.detail).toMatch(/webhook/);
  });

  it('says callbacks_silent when a provider that reported before stops reporting', async () => {
    const created = await request(t.app, owner, 'POST', `${base}/integrations`, {
      provider: 'twilio',
      name: 'Quiet Twilio',
      sandbox: true,
      credentials: { accountSid: `AC${'b'.repeat(32)}`, authToken: 'sandboxtoken87654321' },
      settings: { fromNumber: '+14155550199' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const quiet = created.json<{ id: string }>().id;
    // It reported back two hours ago; now a send gets no report and has waited 40 minutes,
    // longer than the usual delay (STATUS_POLL_AFTER_MINUTES, 30).
    await eventAt(new Date(Date.now() - 2 * 3_600_000).toISOString(), {
      integrationId: quiet,
      provider: 'twilio',
      channel: 'sms',
      kind: 'callback',
      outcome: 'accepted',
      latencyMs: 3,
    });
    s.knobs({ callbackLossRate: 1 });
    let waiting: string;
    try {
      waiting = await sendThrough(quiet, 'sms');
    } finally {
      s.knobs({ callbackLossRate: 0 });
    }
    await db.execute(
      sql`update messages set sent_at = now() - interval '40 minutes' where id = ${waiting}::uuid`,
    );
    await rollUpAll(db);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const r = await series(
      `?metric=latency_p95&latency=delivery&integrationId=${quiet}&from=${from}`,
    );
    expect(r.noData).toMatchObject({ reason: 'callbacks_silent', integrationId: quiet });
    const o = await overview(`?from=${from}`);
    expect(o.byProvider.find((p) => p.integrationId === quiet)).toMatchObject({
      health: 'silent',
      healthDetail: expect.stringMatching(/webhook/),
    });
  });

  it('counts a bounce report as bounced, with its message and error code', async () => {
    const c = await s.contact('Bouncing', [
      { channel: 'email', value: `bounce-${uuidv7()}@example.com` },
    ]);
    const m = await s.sendOne({
      integrationId: s.sendgridId,
      contactId: c.id,
      body: { subject: 'Hi', text: 'Hello' },
    });
    await s.drain(s.sendgridId);
    await sandbox.ctx.idle();
    await t.services.webhooks.processPending();
    await rollUpAll(db);
    expect((await overview()).totals.bounced).toBe(1);
    const events = await get<{
      items: { outcome: string; errorCode: string | null; messageId: string | null }[];
    }>(owner, `${base}/monitoring/events?kind=delivery&outcome=bounced`);
    expect(events.items).toEqual([
      expect.objectContaining({ outcome: 'bounced', errorCode: '5.1.1', messageId: m.id }),
    ]);
  });

  it('shows another org nothing of this one', async () => {
    const other = await signUp(t.app, { orgName: 'Other' });
    const o = await overview('', other);
    expect(o.totals.sent).toBe(0);
    expect(o.noData?.reason).toBe('no_integrations');
    const events = await get<{ items: unknown[] }>(
      other,
      `/api/v1/orgs/${other.org.id}/monitoring/events`,
    );
    expect(events.items).toEqual([]);
  });
});
