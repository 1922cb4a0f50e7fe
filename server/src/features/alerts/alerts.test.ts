import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { alertRules, alerts, domainEvents, providerEvents } from '../../db/schema/index.js';
import { createEventBus } from '../../platform/events/outbox.js';
import { subscriptionsOf } from '../../platform/module.js';
import { addMember, request, signUp, type SignedUp } from '../../test/factories.js';
import { rollUpAll } from '../monitoring/rollup.test-helpers.js';
import { createSendTestApp } from '../sending/test-helpers.js';
import { createDefaultRules } from './defaults.js';
import { evaluateAlertRules } from './evaluate.js';

const s = await createSendTestApp();
const { t, owner, sandbox } = s;
const db = t.database.db;
const MIN = 60_000;

interface Rule {
  id: string;
  name: string;
  kind: string;
  scope: { integrationId: string | null; provider: string | null; channel: string | null };
  threshold: number;
  windowMinutes: number;
  minEvents: number;
  severity: string;
  enabled: boolean;
  isDefault: boolean;
}
interface Alert {
  id: string;
  ruleId: string;
  status: string;
  severity: string;
  value: number;
  lastValue: number;
  breachCount: number;
  integrationId: string | null;
  title: string;
  summary: string;
  acknowledgedBy: { type: string; name: string } | null;
  resolvedBy: { type: string; name: string } | null;
  resolution: string | null;
  silencedUntil: string | null;
  previousAlertId: string | null;
}
interface Detail extends Alert {
  events: {
    action: string;
    actor: { type: string; name: string };
    from: string | null;
    to: string;
    comment: string | null;
  }[];
  monitoringLink: string;
}
interface AlertPage {
  items: Alert[];
  nextCursor: string | null;
  counts: { open: number; acknowledged: number; resolved: number };
}

async function call<T>(
  who: SignedUp,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  status = method === 'POST' && path.endsWith('alert-rules') ? 201 : 200,
): Promise<T> {
  const res = await request(t.app, who, method, `/api/v1/orgs/${who.org.id}${path}`, body);
  expect(res.statusCode, res.body).toBe(status);
  return (res.body ? res.json() : null) as T;
}

/** An org of its own with a sandbox SendGrid integration: scenarios never see each other. */
async function newOrg(name: string) {
  const org = await signUp(t.app, { orgName: name });
  const res = await request(t.app, org, 'POST', `/api/v1/orgs/${org.org.id}/integrations`, {
    provider: 'twilio',
    sandbox: true,
    credentials: { accountSid: `AC${'b'.repeat(32)}`, authToken: 'sandboxtoken12345678' },
    settings: { fromNumber: '+14155550111' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { org, integrationId: res.json<{ id: string }>().id };
}

/** Provider events written as if they had happened at `at`, then rolled up. */
async function events(
  orgId: string,
  integrationId: string,
  at: Date,
  n: number,
  values: Partial<typeof providerEvents.$inferInsert> = {},
) {
  await db.insert(providerEvents).values(
    Array.from({ length: n }, () => ({
      id: uuidv7(),
      orgId,
      integrationId,
      provider: 'twilio' as const,
      channel: 'sms',
      kind: 'send',
      outcome: 'ok',
      latencyMs: 120,
      occurredAt: at,
      ...values,
    })),
  );
  await rollUpAll(db);
}

const evaluate = (orgId: string, now: Date) =>
  evaluateAlertRules(db, { tickSeconds: 60, now, orgIds: [orgId] });

const failureRule = (integrationId: string, extra: Record<string, unknown> = {}) => ({
  name: 'Failures',
  kind: 'failure_rate',
  scope: { integrationId },
  threshold: 0.2,
  windowMinutes: 15,
  minEvents: 5,
  resolveAfterOkEvaluations: 2,
  ...extra,
});

const alertsOf = (org: SignedUp, ruleId: string) =>
  call<AlertPage>(org, 'GET', `/alerts?ruleId=${ruleId}`).then((p) => p.items);

/** The event bus as a worker runs it, with every module's subscriptions. */
async function dispatchAll() {
  const failures: unknown[] = [];
  const bus = createEventBus(db, { onError: (err) => failures.push(err) });
  for (const sub of subscriptionsOf(t.services.modules))
    bus.subscribe(sub.event, sub.name, sub.handler);
  while ((await bus.dispatchBatch()) > 0);
  expect(failures).toEqual([]);
}

describe('default rules', () => {
  it('come with each new integration, once, without callback silence for Telegram', async () => {
    await dispatchAll();
    const rules = await call<{ items: Rule[] }>(
      owner,
      'GET',
      `/alert-rules?integrationId=${s.twilioId}`,
    );
    expect(
      rules.items
        .map((r) => [r.kind, r.threshold, r.windowMinutes, r.minEvents, r.severity])
        .sort(),
    ).toEqual([
      ['callback_silence', 0, 30, 1, 'warning'],
      ['failure_rate', 0.2, 15, 20, 'warning'],
      ['signature_rejections', 10, 15, 0, 'critical'],
    ]);
    expect(rules.items.every((r) => r.isDefault && r.enabled)).toBe(true);
    const telegram = await call<{ items: Rule[] }>(
      owner,
      'GET',
      `/alert-rules?integrationId=${s.telegramId}`,
    );
    expect(telegram.items.map((r) => r.kind).sort()).toEqual([
      'failure_rate',
      'signature_rejections',
    ]);

    // A redelivered event adds nothing.
    await db.transaction((tx) =>
      createDefaultRules(tx, owner.org.id, { integrationId: s.twilioId, provider: 'twilio' }),
    );
    const again = await call<{ items: Rule[] }>(
      owner,
      'GET',
      `/alert-rules?integrationId=${s.twilioId}`,
    );
    expect(again.items).toHaveLength(3);
  });

  it('are not made for an integration deleted before its created event is delivered', async () => {
    const { org, integrationId } = await newOrg('Deleted before delivery');
    const removed = await request(
      t.app,
      org,
      'DELETE',
      `/api/v1/orgs/${org.org.id}/integrations/${integrationId}`,
    );
    expect(removed.statusCode, removed.body).toBe(204);
    await dispatchAll();
    const rules = await db.select().from(alertRules).where(eq(alertRules.orgId, org.org.id));
    expect(rules).toEqual([]);
  });
});

describe('alert rules', () => {
  it('are managed by admins, read by everyone, validated and audited', async () => {
    const { org, integrationId } = await newOrg('Rules');
    const viewer = await addMember(t.app, org, 'viewer');
    const member = await addMember(t.app, org, 'member');
    const body = failureRule(integrationId);
    const denied = await request(
      t.app,
      member,
      'POST',
      `/api/v1/orgs/${org.org.id}/alert-rules`,
      body,
    );
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'forbidden_role' });

    const rule = await call<Rule>(org, 'POST', '/alert-rules', body);
    expect(rule).toMatchObject({
      kind: 'failure_rate',
      threshold: 0.2,
      severity: 'warning',
      isDefault: false,
    });
    expect((await call<Rule>(viewer, 'GET', `/alert-rules/${rule.id}`)).id).toBe(rule.id);
    const patched = await call<Rule>(org, 'PATCH', `/alert-rules/${rule.id}`, {
      enabled: false,
      severity: 'critical',
    });
    expect(patched).toMatchObject({ enabled: false, severity: 'critical', threshold: 0.2 });

    for (const [bad, path] of [
      [{ ...body, threshold: 1.5 }, 'threshold'],
      [{ ...body, kind: 'signature_rejections', threshold: 0 }, 'threshold'],
      [{ ...body, scope: { integrationId: s.twilioId } }, 'scope.integrationId'],
      [{ ...body, windowMinutes: 0 }, 'windowMinutes'],
      [{ ...body, kind: 'budget' }, 'kind'],
    ] as const) {
      const res = await request(t.app, org, 'POST', `/api/v1/orgs/${org.org.id}/alert-rules`, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'validation_failed',
        errors: [expect.objectContaining({ path })],
      });
    }

    // Another org's rule is not found, not forbidden.
    const other = await request(
      t.app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/alert-rules/${rule.id}`,
    );
    expect(other.statusCode).toBe(404);

    await call(org, 'DELETE', `/alert-rules/${rule.id}`, undefined, 204);
    const audit = await call<{ items: { action: string }[] }>(
      org,
      'GET',
      '/audit-log?action=alert_rule.',
    );
    expect(audit.items.map((e) => e.action).sort()).toEqual(
      expect.arrayContaining(['alert_rule.created', 'alert_rule.updated', 'alert_rule.deleted']),
    );
  });
});

describe('the lifecycle', () => {
  it('opens on a breach, is acknowledged with a comment, auto-resolves after recovery, and a new breach links it', async () => {
    const { org, integrationId } = await newOrg('Lifecycle');
    const rule = await call<Rule>(org, 'POST', '/alert-rules', failureRule(integrationId));
    const t0 = new Date('2026-06-01T10:00:30Z');
    await events(org.org.id, integrationId, t0, 6, { outcome: 'permanent' });
    await events(org.org.id, integrationId, t0, 4);

    expect(await evaluate(org.org.id, t0)).toMatchObject({ opened: 1 });
    let [alert] = await alertsOf(org, rule.id);
    expect(alert).toMatchObject({
      status: 'open',
      severity: 'warning',
      value: 0.6,
      breachCount: 1,
      integrationId,
    });
    expect(alert!.summary).toBe('60 % of 10 sends failed in the last 15 min (threshold 20 %).');

    // The same tick again (a second worker, a retry) applies nothing.
    expect(await evaluate(org.org.id, new Date(t0.getTime() + 10_000))).toMatchObject({
      evaluated: 0,
    });

    const acked = await call<Alert>(org, 'POST', `/alerts/${alert!.id}/acknowledge`, {
      comment: 'Looking at Twilio',
    });
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: { type: 'user' } });
    // Acknowledging again is a harmless retry.
    await call<Alert>(org, 'POST', `/alerts/${alert!.id}/acknowledge`, {});

    // Still breaching a minute later: same alert, count 2.
    await evaluate(org.org.id, new Date(t0.getTime() + MIN));
    [alert] = await alertsOf(org, rule.id);
    expect(alert).toMatchObject({ status: 'acknowledged', breachCount: 2 });

    // Recovery: only successes in the window for two evaluations.
    const t1 = new Date(t0.getTime() + 20 * MIN);
    await events(org.org.id, integrationId, t1, 10);
    await evaluate(org.org.id, t1);
    [alert] = await alertsOf(org, rule.id);
    expect(alert).toMatchObject({ status: 'acknowledged', lastValue: 0 });
    await evaluate(org.org.id, new Date(t1.getTime() + MIN));
    [alert] = await alertsOf(org, rule.id);
    expect(alert).toMatchObject({
      status: 'resolved',
      resolution: 'auto',
      resolvedBy: { type: 'system' },
    });

    const detail = await call<Detail>(org, 'GET', `/alerts/${alert!.id}`);
    expect(detail.events.map((e) => [e.action, e.actor.type, e.from, e.to])).toEqual([
      ['opened', 'system', null, 'open'],
      ['acknowledged', 'user', 'open', 'acknowledged'],
      ['resolved', 'system', 'acknowledged', 'resolved'],
    ]);
    expect(detail.events[1]!.comment).toBe('Looking at Twilio');
    const link = new URL(detail.monitoringLink, 'http://app');
    expect(link.pathname).toBe(`/orgs/${org.org.id}/monitoring`);
    // From two windows before the breach to a window after its resolution (10:21 + 15 min).
    expect(Object.fromEntries(link.searchParams)).toEqual({
      preset: 'custom',
      from: '2026-06-01T09:30',
      to: '2026-06-01T10:37',
      tz: 'UTC',
      integrationId,
    });

    // Resolved is final.
    const again = await request(
      t.app,
      org,
      'POST',
      `/api/v1/orgs/${org.org.id}/alerts/${alert!.id}/acknowledge`,
      {},
    );
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'alert_invalid_transition', status: 'resolved' });
    await call<Alert>(org, 'POST', `/alerts/${alert!.id}/resolve`, {});

    // A new breach opens a new alert that names the old one.
    const t2 = new Date(t1.getTime() + 30 * MIN);
    await events(org.org.id, integrationId, t2, 8, { outcome: 'permanent' });
    await evaluate(org.org.id, t2);
    const list = await alertsOf(org, rule.id);
    expect(list.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(list[0]!.previousAlertId).toBe(alert!.id);
    const types = await db
      .select({ type: domainEvents.type })
      .from(domainEvents)
      .where(eq(domainEvents.orgId, org.org.id));
    expect(types.map((e) => e.type).filter((x) => x.startsWith('alert.'))).toEqual([
      'alert.opened',
      'alert.acknowledged',
      'alert.resolved',
      'alert.opened',
      'alert.reopened_as',
    ]);
  });

  it('waits for a person when the rule does not auto-resolve, and refuses viewers', async () => {
    const { org, integrationId } = await newOrg('Manual');
    const viewer = await addMember(t.app, org, 'viewer');
    const rule = await call<Rule>(
      org,
      'POST',
      '/alert-rules',
      failureRule(integrationId, { autoResolve: false, resolveAfterOkEvaluations: 1 }),
    );
    const t0 = new Date('2026-06-02T08:00:00Z');
    await events(org.org.id, integrationId, t0, 10, { outcome: 'permanent' });
    await evaluate(org.org.id, t0);
    await evaluate(org.org.id, new Date(t0.getTime() + 60 * MIN));
    const [alert] = await alertsOf(org, rule.id);
    expect(alert).toMatchObject({ status: 'open', lastValue: 0 });

    const denied = await request(
      t.app,
      viewer,
      'POST',
      `/api/v1/orgs/${org.org.id}/alerts/${alert!.id}/resolve`,
      {},
    );
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'forbidden_role' });
    const resolved = await call<Alert>(org, 'POST', `/alerts/${alert!.id}/resolve`, {
      comment: 'Fixed the sender',
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolution: 'manual',
      resolvedBy: { type: 'user' },
    });
  });

  it('a silence holds off a new alert for its rule and key until it ends', async () => {
    const { org, integrationId } = await newOrg('Silence');
    const rule = await call<Rule>(
      org,
      'POST',
      '/alert-rules',
      failureRule(integrationId, { resolveAfterOkEvaluations: 1 }),
    );
    const t0 = new Date('2026-06-03T08:00:00Z');
    await events(org.org.id, integrationId, t0, 10, { outcome: 'permanent' });
    await evaluate(org.org.id, t0);
    const [alert] = await alertsOf(org, rule.id);

    const past = await request(
      t.app,
      org,
      'POST',
      `/api/v1/orgs/${org.org.id}/alerts/${alert!.id}/silence`,
      { until: '2020-01-01T00:00:00Z' },
    );
    expect(past.statusCode).toBe(400);
    // Silenced far ahead (the evaluation's clock is in June 2026, the request's is now).
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const silenced = await call<Alert>(org, 'POST', `/alerts/${alert!.id}/silence`, {
      until,
      comment: 'Planned maintenance',
    });
    expect(silenced.silencedUntil).toBe(until);
    // Recovers, then breaches again: no new alert while silenced.
    await evaluate(org.org.id, new Date(t0.getTime() + 20 * MIN));
    expect((await alertsOf(org, rule.id))[0]!.status).toBe('resolved');
    await events(org.org.id, integrationId, new Date(t0.getTime() + 40 * MIN), 10, {
      outcome: 'permanent',
    });
    await evaluate(org.org.id, new Date(t0.getTime() + 40 * MIN));
    expect(await alertsOf(org, rule.id)).toHaveLength(1);

    await call<Alert>(org, 'POST', `/alerts/${alert!.id}/unsilence`, {});
    await evaluate(org.org.id, new Date(t0.getTime() + 41 * MIN));
    expect((await alertsOf(org, rule.id)).map((a) => a.status)).toEqual(['open', 'resolved']);
    const detail = await call<Detail>(org, 'GET', `/alerts/${alert!.id}`);
    expect(detail.events.map((e) => e.action)).toEqual([
      'opened',
      'silenced',
      'resolved',
      'unsilenced',
    ]);
    expect(detail.events[1]!.comment).toMatch(/Planned maintenance/);
  });

  it('100 evaluations of a steady breach leave one alert with a breach count of 100', async () => {
    const { org, integrationId } = await newOrg('Steady');
    const rule = await call<Rule>(
      org,
      'POST',
      '/alert-rules',
      failureRule(integrationId, { windowMinutes: 1440 }),
    );
    const t0 = new Date('2026-06-04T00:00:00Z');
    await events(org.org.id, integrationId, t0, 10, { outcome: 'permanent' });
    for (let i = 0; i < 100; i++) await evaluate(org.org.id, new Date(t0.getTime() + i * MIN));
    const list = await alertsOf(org, rule.id);
    expect(list).toHaveLength(1);
    expect(list[0]!.breachCount).toBe(100);
  });

  it('two evaluators at once open exactly one alert', async () => {
    const { org, integrationId } = await newOrg('Race');
    const rule = await call<Rule>(org, 'POST', '/alert-rules', failureRule(integrationId));
    const t0 = new Date('2026-06-05T00:00:00Z');
    await events(org.org.id, integrationId, t0, 10, { outcome: 'permanent' });
    const runs = await Promise.all(Array.from({ length: 4 }, () => evaluate(org.org.id, t0)));
    expect(runs.reduce((n, r) => n + r.opened, 0)).toBe(1);
    expect(runs.reduce((n, r) => n + r.evaluated, 0)).toBe(1);
    const list = await alertsOf(org, rule.id);
    expect(list).toHaveLength(1);
    expect(list[0]!.breachCount).toBe(1);
    // And the database refuses a second unresolved alert for the same rule and key.
    const [row] = await db.select().from(alerts).where(eq(alerts.ruleId, rule.id));
    await expect(db.insert(alerts).values({ ...row!, id: uuidv7() })).rejects.toThrow();
  });
});

describe('kinds', () => {
  it('latency_p95 compares the send round trip with its threshold, with enough samples', async () => {
    const { org, integrationId } = await newOrg('Latency');
    const rule = await call<Rule>(org, 'POST', '/alert-rules', {
      name: 'Slow sends',
      kind: 'latency_p95',
      scope: { integrationId },
      threshold: 2000,
      windowMinutes: 15,
      minEvents: 10,
    });
    const t0 = new Date('2026-06-06T00:00:00Z');
    await events(org.org.id, integrationId, t0, 5, { latencyMs: 5000 });
    await evaluate(org.org.id, t0);
    expect(await alertsOf(org, rule.id)).toHaveLength(0); // 5 samples < minEvents
    await events(org.org.id, integrationId, t0, 10, { latencyMs: 4000 });
    await evaluate(org.org.id, new Date(t0.getTime() + MIN));
    const [alert] = await alertsOf(org, rule.id);
    expect(alert!.value).toBeGreaterThan(3900);
    expect(alert!.value).toBeLessThan(5100);
    expect(alert!.title).toMatch(/^Slow sends: .* \([45]\.?\d* s|\d+ ms\)$/);
  });

  it('token_refresh_failures counts failed refreshes', async () => {
    const { org, integrationId } = await newOrg('Tokens');
    const rule = await call<Rule>(org, 'POST', '/alert-rules', {
      name: 'Refresh failing',
      kind: 'token_refresh_failures',
      scope: { integrationId },
      threshold: 3,
    });
    const t0 = new Date('2026-06-07T00:00:00Z');
    await events(org.org.id, integrationId, t0, 3, {
      kind: 'token_refresh',
      outcome: 'permanent',
      channel: null,
    });
    await evaluate(org.org.id, t0);
    expect((await alertsOf(org, rule.id))[0]).toMatchObject({ value: 3, status: 'open' });
  });
});

describe('through the sandbox', () => {
  it('the Twilio failure knob opens a failure_rate alert; acknowledged, it auto-resolves once sends succeed', async () => {
    const rule = await call<Rule>(
      owner,
      'POST',
      '/alert-rules',
      // Each refused message is tried three times: six failed attempts.
      failureRule(s.twilioId, { minEvents: 3, threshold: 0.5 }),
    );
    Object.assign(sandbox.ctx.knobs, { failureRate: 1 });
    try {
      for (let i = 0; i < 2; i++) {
        const c = await s.contact(`Failing ${i}`, [
          { channel: 'phone', value: `+1415555${1200 + i}` },
        ]);
        await s.sendOne({ integrationId: s.twilioId, contactId: c.id, body: { text: 'Hi' } });
      }
      await s.drain(s.twilioId);
    } finally {
      Object.assign(sandbox.ctx.knobs, { failureRate: 0 });
    }
    await rollUpAll(db);
    const now = Date.now();
    await evaluate(owner.org.id, new Date(now));
    const [alert] = await alertsOf(owner, rule.id);
    expect(alert).toMatchObject({ status: 'open', value: 1 });
    await call<Alert>(owner, 'POST', `/alerts/${alert!.id}/acknowledge`, {
      comment: 'Twilio is refusing sends',
    });

    // The knob off: twelve sends go through; 6 of 18 attempts failed is under the 50 % threshold.
    for (let i = 0; i < 12; i++) {
      const c = await s.contact(`Passing ${i}`, [
        { channel: 'phone', value: `+1415555${1210 + i}` },
      ]);
      await s.sendOne({ integrationId: s.twilioId, contactId: c.id, body: { text: 'Hi' } });
    }
    await s.drain(s.twilioId);
    await rollUpAll(db);
    await evaluate(owner.org.id, new Date(now + MIN));
    await evaluate(owner.org.id, new Date(now + 2 * MIN));
    const detail = await call<Detail>(owner, 'GET', `/alerts/${alert!.id}`);
    expect(detail).toMatchObject({ status: 'resolved', resolution: 'auto' });
    expect(detail.events.map((e) => [e.action, e.actor.type, e.from, e.to])).toEqual([
      ['opened', 'system', null, 'open'],
      ['acknowledged', 'user', 'open', 'acknowledged'],
      ['resolved', 'system', 'acknowledged', 'resolved'],
    ]);
    expect(detail.events[1]!.comment).toBe('Twilio is refusing sends');
  });

  it('the callback-loss knob opens callback_silence, forged callbacks open signature_rejections', async () => {
    const res = await request(t.app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/integrations`, {
      provider: 'twilio',
      sandbox: true,
      credentials: { accountSid: `AC${'c'.repeat(32)}`, authToken: 'sandboxtoken87654321' },
      settings: { fromNumber: '+14155550122' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const integration = res.json<{ id: string; webhook: { urls: Record<string, string> } }>();
    await dispatchAll(); // its default rules
    Object.assign(sandbox.ctx.knobs, { callbackLossRate: 1 });
    try {
      const c = await s.contact('Unreported', [{ channel: 'phone', value: '+14155551300' }]);
      await s.sendOne({ integrationId: integration.id, contactId: c.id, body: { text: 'Hi' } });
      await s.drain(integration.id);
      await sandbox.ctx.idle();
    } finally {
      Object.assign(sandbox.ctx.knobs, { callbackLossRate: 0 });
    }
    for (let i = 0; i < 10; i++) {
      const forged = await t.app.inject({
        method: 'POST',
        url: new URL(Object.values(integration.webhook.urls)[0]!).pathname,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': 'Zm9yZ2Vk',
        },
        payload: `MessageSid=SM${i}&MessageStatus=delivered`,
      });
      expect(forged.statusCode).toBeGreaterThanOrEqual(401);
    }
    await rollUpAll(db);
    // Two minutes on, the send's minute is over and no report came.
    await evaluate(owner.org.id, new Date(Date.now() + 2 * MIN));
    const open = await call<AlertPage>(
      owner,
      'GET',
      `/alerts?integrationId=${integration.id}&status=open`,
    );
    const byRule = await db
      .select({ id: alertRules.id, kind: alertRules.kind })
      .from(alertRules)
      .where(and(eq(alertRules.scopeIntegrationId, integration.id)));
    const kindOf = (ruleId: string) => byRule.find((r) => r.id === ruleId)?.kind;
    expect(open.items.map((a) => [kindOf(a.ruleId), a.severity]).sort()).toEqual([
      ['callback_silence', 'warning'],
      ['signature_rejections', 'critical'],
    ]);
    expect(open.counts.open).toBe(2);
  });
});

describe('the alerts list', () => {
  it('filters by status, severity and opening time, and counts per status', async () => {
    const { org, integrationId } = await newOrg('Listing');
    const warn = await call<Rule>(org, 'POST', '/alert-rules', failureRule(integrationId));
    await call<Rule>(org, 'POST', '/alert-rules', {
      ...failureRule(integrationId),
      name: 'Critical failures',
      severity: 'critical',
      threshold: 0.5,
    });
    const t0 = new Date('2026-06-08T12:00:00Z');
    await events(org.org.id, integrationId, t0, 10, { outcome: 'permanent' });
    await evaluate(org.org.id, t0);
    const [w] = await alertsOf(org, warn.id);
    await call(org, 'POST', `/alerts/${w!.id}/acknowledge`, {});

    const all = await call<AlertPage>(org, 'GET', '/alerts');
    expect(all.counts).toEqual({ open: 1, acknowledged: 1, resolved: 0 });
    expect(
      (await call<AlertPage>(org, 'GET', '/alerts?status=open')).items.map((a) => a.severity),
    ).toEqual(['critical']);
    expect((await call<AlertPage>(org, 'GET', '/alerts?severity=warning')).items).toHaveLength(1);
    expect(
      (await call<AlertPage>(org, 'GET', '/alerts?from=2026-06-08T11:00Z&to=2026-06-08T13:00Z'))
        .items,
    ).toHaveLength(2);
    expect(
      (await call<AlertPage>(org, 'GET', '/alerts?from=2026-06-09&to=2026-06-10')).items,
    ).toHaveLength(0);
    const page = await call<AlertPage>(org, 'GET', '/alerts?limit=1');
    expect(page.nextCursor).not.toBeNull();
    const next = await call<AlertPage>(org, 'GET', `/alerts?limit=1&cursor=${page.nextCursor}`);
    expect(next.items[0]!.id).not.toBe(page.items[0]!.id);
    const inverted = await request(
      t.app,
      org,
      'GET',
      `/api/v1/orgs/${org.org.id}/alerts?from=2026-06-09&to=2026-06-08`,
    );
    expect(inverted.statusCode).toBe(422);
    expect(inverted.json()).toMatchObject({ code: 'range_inverted' });
    expect(await call(org, 'GET', '/alerts/counts')).toEqual({
      open: 1,
      acknowledged: 1,
      critical: 1,
    });

    // Another org sees none of it.
    const stranger = await request(
      t.app,
      owner,
      'GET',
      `/api/v1/orgs/${owner.org.id}/alerts/${w!.id}`,
    );
    expect(stranger.statusCode).toBe(404);
    const act = await request(
      t.app,
      owner,
      'POST',
      `/api/v1/orgs/${owner.org.id}/alerts/${w!.id}/resolve`,
      {},
    );
    expect(act.statusCode).toBe(404);
  });

  it('exports the evaluation lag', async () => {
    const { org } = await newOrg('Lag');
    const gauge = t.services.metrics.alertEvaluationLag;
    await evaluateAlertRules(db, {
      tickSeconds: 60,
      orgIds: [org.org.id],
      metrics: { alertEvaluationLag: gauge },
    });
    const metric = await t.services.metrics.registry.getSingleMetricAsString(
      'switchboard_alert_evaluation_lag_seconds',
    );
    expect(metric).toMatch(/^switchboard_alert_evaluation_lag_seconds \d+(\.\d+)?$/m);
  });
});
