/**
 * The evaluation cycle: every enabled rule measured over the minute rollups of its window, per
 * integration in its scope, and the alerts opened, updated or resolved accordingly.
 *
 * Idempotent per (rule, tick): a rule's `last_evaluated_tick` is claimed by a conditional UPDATE
 * in the transaction that applies its transitions. A second worker evaluating the same tick waits
 * on the row lock, then finds the tick taken and skips; a crash rolls back claim and transitions
 * together. The partial unique index on unresolved alerts is the last line behind it.
 */
import { and, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Gauge } from 'prom-client';
import { queryRows, type Db, type Executor } from '../../db/client.js';
import { alertEvents, alertRules, alerts, integrations } from '../../db/schema/index.js';
import { emitEvent } from '../../platform/events/outbox.js';
import { mergeHistograms } from '../monitoring/index.js';
import { alertOpened, alertReopenedAs, alertResolved } from './events.js';
import {
  formatValue,
  inScope,
  measure,
  summarize,
  type Measurement,
  type WindowHistogram,
  type WindowRow,
} from './measure.js';

type Rule = typeof alertRules.$inferSelect;
type Alert = typeof alerts.$inferSelect;

const MINUTE = 60_000;
/** Rules per transaction: small enough to keep locks short, large enough to batch. */
const CHUNK = 200;
/** Rules whose windows are read together (whole organizations): one read per window length. */
const LOAD_BATCH = 2_000;
const SYSTEM = { type: 'system' as const, name: 'Switchboard' };

export interface EvaluationOptions {
  /** The evaluation interval (ALERT_EVALUATION_SECONDS): one tick per interval. */
  tickSeconds: number;
  now?: Date;
  /** Only these orgs' rules (tests, and evaluating one org on demand). */
  orgIds?: readonly string[];
  metrics?: { alertEvaluationLag: Gauge };
}

export interface EvaluationResult {
  evaluated: number;
  opened: number;
  updated: number;
  resolved: number;
}

interface Window {
  rows: Map<string, WindowRow[]>;
  hists: Map<string, WindowHistogram[]>;
}

const keyOf = (orgId: string, integrationId: string) => `${orgId}|${integrationId}`;

function group<T extends { org_id: string; integration_id: string }>(rows: readonly T[]) {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r.org_id, r.integration_id);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * The minute rollups of one window length for the given orgs, aggregated per row kind (exported
 * for the alerts bench: these reads are the floor of an evaluation).
 */
export async function loadWindow(
  db: Executor,
  orgIds: string[],
  windowMinutes: number,
  minute: Date,
  withHistograms: boolean,
): Promise<Window> {
  const from = new Date(minute.getTime() - (windowMinutes - 1) * MINUTE).toISOString();
  const to = new Date(minute.getTime() + MINUTE).toISOString();
  const orgs = `{${orgIds.join(',')}}`;
  const rows = await queryRows<WindowRow>(
    db,
    sql`select r.org_id, r.integration_id, r.provider, r.channel, r.kind, r.outcome,
               r.bucket_start < ${minute.toISOString()}::timestamptz as settled,
               sum(r.events)::float8 as events
        from provider_rollups r
        where r.level = 'minute' and r.org_id = any(${orgs}::uuid[])
          and r.bucket_start >= ${from}::timestamptz and r.bucket_start < ${to}::timestamptz
          and r.kind in ('send', 'delivery', 'callback', 'webhook_rejected', 'token_refresh')
        group by 1, 2, 3, 4, 5, 6, 7`,
  );
  const hists = withHistograms
    ? await queryRows<WindowHistogram>(
        db,
        sql`select r.org_id, r.integration_id, r.provider, r.channel, r.kind, r.latency_hist
            from provider_rollups r
            where r.level = 'minute' and r.org_id = any(${orgs}::uuid[])
              and r.bucket_start >= ${from}::timestamptz and r.bucket_start < ${to}::timestamptz
              and r.kind in ('send', 'delivery') and r.latency_hist is not null`,
      )
    : [];
  return { rows: group(rows), hists: group(mergeByGroup(hists)) };
}

/**
 * One histogram per (org, integration, provider, channel, kind): a window's minutes merged once
 * as it is read, not again for every rule that looks at it (merging is a sum per bucket).
 */
function mergeByGroup(hists: WindowHistogram[]): WindowHistogram[] {
  const merged = new Map<string, WindowHistogram>();
  for (const h of hists) {
    const k = `${h.org_id}|${h.integration_id}|${h.provider}|${h.channel}|${h.kind}`;
    const into = merged.get(k);
    if (into) mergeHistograms(into.latency_hist, h.latency_hist);
    else merged.set(k, { ...h, latency_hist: mergeHistograms({}, h.latency_hist) });
  }
  return [...merged.values()];
}

/** Each integration a rule looks at (those with traffic in scope, and those it has alerts on). */
function measurements(rule: Rule, window: Window, alertKeys: readonly string[]) {
  const out = new Map<string, Measurement>();
  const prefix = `${rule.orgId}|`;
  const keys = new Set(alertKeys);
  for (const [k, rows] of window.rows) {
    if (k.startsWith(prefix) && rows.some((r) => inScope(rule, r)))
      keys.add(k.slice(prefix.length));
  }
  for (const integrationId of keys) {
    const k = keyOf(rule.orgId, integrationId);
    const rows = (window.rows.get(k) ?? []).filter((r) => inScope(rule, r));
    const hists =
      rule.kind === 'latency_p95'
        ? (window.hists.get(k) ?? []).filter((h) => inScope(rule, h))
        : [];
    out.set(integrationId, measure(rule, rows, hists));
  }
  return out;
}

const eventRef = (alert: Alert, actor = SYSTEM) => ({
  alertId: alert.id,
  ruleId: alert.ruleId,
  key: alert.key,
  integrationId: alert.integrationId,
  title: alert.title,
  severity: alert.severity,
  status: alert.status,
  silencedUntil: alert.silencedUntil?.toISOString() ?? null,
  actor,
});

/** Runs one evaluation of every enabled rule whose current tick is not evaluated yet. */
export async function evaluateAlertRules(
  db: Db,
  options: EvaluationOptions,
): Promise<EvaluationResult> {
  const now = options.now ?? new Date();
  const tickMs = options.tickSeconds * 1000;
  const tick = new Date(Math.floor(now.getTime() / tickMs) * tickMs);
  const minute = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  const result: EvaluationResult = { evaluated: 0, opened: 0, updated: 0, resolved: 0 };

  const due = await db
    .select()
    .from(alertRules)
    .where(
      and(
        eq(alertRules.enabled, true),
        or(isNull(alertRules.lastEvaluatedTick), lt(alertRules.lastEvaluatedTick, tick)),
        options.orgIds ? inArray(alertRules.orgId, [...options.orgIds]) : undefined,
      ),
    );
  for (const batch of orgBatches(due)) {
    const windows = await loadWindows(db, batch, minute);
    for (let i = 0; i < batch.length; i += CHUNK) {
      await applyChunk(batch.slice(i, i + CHUNK), windows);
    }
  }
  if (options.metrics) await exportLag(db, options.metrics.alertEvaluationLag, now);
  return result;

  /** Claims the chunk's rules for this tick and applies their transitions, in one transaction. */
  async function applyChunk(chunk: Rule[], windows: Map<number, Window>) {
    await db.transaction(async (tx) => {
      const claimed = await tx
        .update(alertRules)
        .set({ lastEvaluatedTick: tick })
        .where(
          and(
            inArray(
              alertRules.id,
              chunk.map((r) => r.id),
            ),
            eq(alertRules.enabled, true),
            or(isNull(alertRules.lastEvaluatedTick), lt(alertRules.lastEvaluatedTick, tick)),
          ),
        )
        .returning({ id: alertRules.id });
      if (!claimed.length) return;
      const ids = new Set(claimed.map((c) => c.id));
      const open = await tx
        .select()
        .from(alerts)
        .where(and(inArray(alerts.ruleId, [...ids]), ne(alerts.status, 'resolved')))
        .for('update');
      for (const rule of chunk) {
        if (!ids.has(rule.id)) continue;
        result.evaluated++;
        const current = new Map(open.filter((a) => a.ruleId === rule.id).map((a) => [a.key, a]));
        const measured = measurements(rule, windows.get(rule.windowMinutes)!, [...current.keys()]);
        for (const [key, m] of measured) {
          const alert = current.get(key);
          if (m.breach && !alert) {
            if (await openAlert(tx, rule, key, m, now)) result.opened++;
          } else if (m.breach && alert) {
            await tx
              .update(alerts)
              .set({
                lastValue: m.value ?? 0,
                lastEvaluatedAt: now,
                breachCount: sql`${alerts.breachCount} + 1`,
                okCount: 0,
              })
              .where(eq(alerts.id, alert.id));
            result.updated++;
          } else if (alert) {
            const okCount = alert.okCount + 1;
            if (rule.autoResolve && okCount >= rule.resolveAfterOkEvaluations) {
              await autoResolve(tx, alert, m, now);
              result.resolved++;
            } else {
              await tx
                .update(alerts)
                .set({ lastValue: m.value ?? 0, lastEvaluatedAt: now, okCount })
                .where(eq(alerts.id, alert.id));
              result.updated++;
            }
          }
        }
      }
    });
  }
}

/**
 * Due rules in batches of whole organizations (about LOAD_BATCH rules each; an org with more is
 * a batch of its own): each batch's windows are read once, however many transactions it takes.
 */
function orgBatches(due: Rule[]): Rule[][] {
  const byOrg = new Map<string, Rule[]>();
  for (const rule of due) {
    const list = byOrg.get(rule.orgId);
    if (list) list.push(rule);
    else byOrg.set(rule.orgId, [rule]);
  }
  const batches: Rule[][] = [];
  let current: Rule[] = [];
  for (const rules of byOrg.values()) {
    if (current.length && current.length + rules.length > LOAD_BATCH) {
      batches.push(current);
      current = [];
    }
    current.push(...rules);
  }
  if (current.length) batches.push(current);
  return batches;
}

/** The rollups of each window length the rules use, for the orgs whose rules use it. */
async function loadWindows(db: Db, rules: Rule[], minute: Date) {
  const windows = new Map<number, Window>();
  for (const w of new Set(rules.map((r) => r.windowMinutes))) {
    const inWindow = rules.filter((r) => r.windowMinutes === w);
    const orgIds = [...new Set(inWindow.map((r) => r.orgId))];
    const latency = inWindow.some((r) => r.kind === 'latency_p95');
    windows.set(w, await loadWindow(db, orgIds, w, minute, latency));
  }
  return windows;
}

async function openAlert(tx: Executor, rule: Rule, key: string, m: Measurement, now: Date) {
  const [previous] = await tx
    .select({ id: alerts.id, silencedUntil: alerts.silencedUntil })
    .from(alerts)
    .where(and(eq(alerts.ruleId, rule.id), eq(alerts.key, key)))
    .orderBy(sql`${alerts.openedAt} desc`)
    .limit(1);
  // A silence outlives the alert it was set on: no new alert for this key until it ends.
  if (previous?.silencedUntil && previous.silencedUntil > now) return false;
  const [integration] = await tx
    .select({ name: integrations.name })
    .from(integrations)
    .where(and(eq(integrations.id, key), eq(integrations.orgId, rule.orgId)));
  const value = m.value ?? 0;
  const title = `${rule.name}: ${integration?.name ?? 'an integration'} (${formatValue(rule.kind, value)})`;
  const [alert] = await tx
    .insert(alerts)
    .values({
      orgId: rule.orgId,
      ruleId: rule.id,
      key,
      integrationId: integration ? key : null,
      title,
      summary: summarize(rule, m),
      severity: rule.severity,
      value,
      threshold: rule.threshold,
      lastValue: value,
      windowMinutes: rule.windowMinutes,
      openedAt: now,
      lastEvaluatedAt: now,
      previousAlertId: previous?.id ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!alert) return false;
  await tx.insert(alertEvents).values({
    orgId: rule.orgId,
    alertId: alert.id,
    at: now,
    action: 'opened',
    actorType: 'system',
    actorName: SYSTEM.name,
    toStatus: 'open',
    comment: alert.summary,
  });
  await emitEvent(tx, alertOpened, rule.orgId, eventRef(alert));
  if (previous) {
    await emitEvent(tx, alertReopenedAs, rule.orgId, {
      ...eventRef(alert),
      previousAlertId: previous.id,
    });
  }
  return true;
}

async function autoResolve(tx: Executor, alert: Alert, m: Measurement, now: Date) {
  const [resolved] = await tx
    .update(alerts)
    .set({
      status: 'resolved',
      lastValue: m.value ?? 0,
      lastEvaluatedAt: now,
      okCount: alert.okCount + 1,
      resolvedAt: now,
      resolvedByType: 'system',
      resolvedByName: SYSTEM.name,
      resolution: 'auto',
    })
    .where(eq(alerts.id, alert.id))
    .returning();
  const comment = `Recovered: back within the threshold for ${alert.okCount + 1} evaluations.`;
  await tx.insert(alertEvents).values({
    orgId: alert.orgId,
    alertId: alert.id,
    at: now,
    action: 'resolved',
    actorType: 'system',
    actorName: SYSTEM.name,
    fromStatus: alert.status,
    toStatus: 'resolved',
    comment,
  });
  await emitEvent(tx, alertResolved, alert.orgId, {
    ...eventRef(resolved!),
    resolution: 'auto',
    comment,
  });
}

/** Seconds since the least recently evaluated enabled rule's tick (0 with no rules). */
async function exportLag(db: Executor, gauge: Gauge, now: Date) {
  const [row] = await queryRows<{ oldest: string | Date | null }>(
    db,
    sql`select min(coalesce(last_evaluated_tick, created_at)) as oldest
        from alert_rules where enabled`,
  );
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : now.getTime();
  gauge.set(Math.max(0, (now.getTime() - oldest) / 1000));
}
