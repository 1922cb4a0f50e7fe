import { and, count, eq, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { alertEvents, alertRules, alerts, integrations } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { optionalDateRange } from '../../platform/date-range.js';
import { AppError, notFound, type FieldError } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import { iso, isoOrNull } from '../../platform/http/schemas.js';
import { idPageRequest, keyset, toPage, UUID_RE } from '../../platform/pagination.js';
import { roleAtLeast } from '../../platform/auth/roles.js';
import type { Actor, OrgContext } from '../../platform/tenancy.js';
import type { Role } from '../../db/schema/index.js';
import { alertAcknowledged, alertResolved } from './events.js';
import type {
  Alert,
  AlertDetail,
  AlertEvent,
  AlertPage,
  AlertRule,
  CreateAlertRuleBody,
  ListAlertRulesQuery,
  ListAlertsQuery,
  UpdateAlertRuleBody,
} from './schemas.js';

type RuleRow = typeof alertRules.$inferSelect;
type AlertRow = typeof alerts.$inferSelect;
type EventRow = typeof alertEvents.$inferSelect;

/** The alerts API names a role refusal `forbidden_role` (issue 16's contract). */
function requireRole(ctx: OrgContext, minimum: Role) {
  if (!roleAtLeast(ctx.role, minimum)) {
    throw new AppError('forbidden_role', `Your role (${ctx.role}) does not allow this action.`);
  }
}

export function toRule(r: RuleRow): AlertRule {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    scope: {
      integrationId: r.scopeIntegrationId,
      provider: r.scopeProvider,
      channel: r.scopeChannel,
    },
    latencyMetric: r.latencyMetric,
    threshold: r.threshold,
    windowMinutes: r.windowMinutes,
    minEvents: r.minEvents,
    severity: r.severity,
    autoResolve: r.autoResolve,
    resolveAfterOkEvaluations: r.resolveAfterOkEvaluations,
    enabled: r.enabled,
    isDefault: r.defaultFor !== null,
    lastEvaluatedAt: isoOrNull(r.lastEvaluatedTick),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

const actorOf = (type: string | null, id: string | null, name: string | null) =>
  type && name ? { type: type as 'user' | 'api_key' | 'system', id, name } : null;

function toAlert(a: AlertRow, rule: { name: string; kind: RuleRow['kind'] }): Alert {
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: rule.name,
    kind: rule.kind,
    key: a.key,
    integrationId: a.integrationId,
    title: a.title,
    summary: a.summary,
    severity: a.severity,
    status: a.status,
    value: a.value,
    lastValue: a.lastValue,
    threshold: a.threshold,
    windowMinutes: a.windowMinutes,
    breachCount: a.breachCount,
    openedAt: iso(a.openedAt),
    lastEvaluatedAt: iso(a.lastEvaluatedAt),
    acknowledgedAt: isoOrNull(a.acknowledgedAt),
    acknowledgedBy: actorOf(a.acknowledgedByType, a.acknowledgedById, a.acknowledgedByName),
    resolvedAt: isoOrNull(a.resolvedAt),
    resolvedBy: actorOf(a.resolvedByType, a.resolvedById, a.resolvedByName),
    resolution: a.resolution,
    silencedUntil: isoOrNull(a.silencedUntil),
    previousAlertId: a.previousAlertId,
  };
}

const toEvent = (e: EventRow): AlertEvent => ({
  id: e.id,
  at: iso(e.at),
  action: e.action as AlertEvent['action'],
  actor: actorOf(e.actorType, e.actorId, e.actorName)!,
  from: e.fromStatus,
  to: e.toStatus,
  comment: e.comment,
});

const invalid = (errors: FieldError[]) =>
  new AppError('validation_failed', 'The alert rule is not valid.', { errors });

/** Rules that make sense per kind, beyond each field's own range. */
function checkRule(rule: {
  kind: RuleRow['kind'];
  threshold: number;
  latencyMetric: RuleRow['latencyMetric'];
}) {
  if (rule.kind === 'failure_rate' && rule.threshold > 1) {
    throw invalid([{ path: 'threshold', message: 'is a share of attempts: between 0 and 1' }]);
  }
  if (
    (rule.kind === 'signature_rejections' || rule.kind === 'token_refresh_failures') &&
    (rule.threshold < 1 || !Number.isInteger(rule.threshold))
  ) {
    throw invalid([{ path: 'threshold', message: 'is a count: a whole number of at least 1' }]);
  }
  if (rule.kind !== 'latency_p95' && rule.latencyMetric) {
    throw invalid([{ path: 'latencyMetric', message: 'applies to latency_p95 rules only' }]);
  }
}

async function checkScope(tx: Tx, orgId: string, integrationId: string | null | undefined) {
  if (!integrationId) return;
  const [row] = await tx
    .select({ id: integrations.id })
    .from(integrations)
    .where(and(eq(integrations.orgId, orgId), eq(integrations.id, integrationId)));
  if (!row) {
    throw invalid([
      { path: 'scope.integrationId', message: 'is not an integration of this organization' },
    ]);
  }
}

async function loadRule(tx: Tx, orgId: string, id: string) {
  if (!UUID_RE.test(id)) throw notFound('Alert rule');
  const [row] = await tx
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.orgId, orgId), eq(alertRules.id, id)));
  if (!row) throw notFound('Alert rule');
  return row;
}

async function loadAlert(tx: Tx, orgId: string, id: string, lock = false) {
  if (!UUID_RE.test(id)) throw notFound('Alert');
  const q = tx
    .select({ alert: alerts, rule: { name: alertRules.name, kind: alertRules.kind } })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(and(eq(alerts.orgId, orgId), eq(alerts.id, id)));
  const [row] = lock ? await q.for('update', { of: alerts }) : await q;
  if (!row) throw notFound('Alert');
  return row;
}

const notAllowed = (action: string, status: string) =>
  new AppError('alert_invalid_transition', `The alert is ${status}: it cannot be ${action}.`, {
    extra: { status },
  });

const actorColumns = (actor: Actor) => ({ type: actor.type, id: actor.id, name: actor.name });

/** The web path of the monitoring view around an alert's window (UTC wall-clock times). */
function monitoringWindow(a: AlertRow, now: Date) {
  const span = a.windowMinutes * 60_000;
  const from = new Date(a.openedAt.getTime() - 2 * span);
  const end = a.resolvedAt ?? now;
  const to = new Date(Math.max(end.getTime() + span, a.openedAt.getTime() + span));
  const local = (d: Date) => d.toISOString().slice(0, 16);
  const params = new URLSearchParams({
    preset: 'custom',
    from: local(from),
    to: local(new Date(Math.ceil(to.getTime() / 60_000) * 60_000)),
    tz: 'UTC',
  });
  if (a.integrationId) params.set('integrationId', a.integrationId);
  return {
    link: `/orgs/${a.orgId}/monitoring?${params.toString()}`,
    window: { from: iso(from), to: iso(to) },
  };
}

export function createAlertsService() {
  const rules = {
    list(ctx: OrgContext, query: ListAlertRulesQuery) {
      requireRole(ctx, 'viewer');
      const page = idPageRequest(query);
      return ctx.run(async (tx) => {
        const k = keyset([alertRules.id], 'asc', page);
        const rows = await tx
          .select()
          .from(alertRules)
          .where(
            and(
              eq(alertRules.orgId, ctx.orgId),
              query.integrationId
                ? eq(alertRules.scopeIntegrationId, query.integrationId)
                : undefined,
              k.where,
            ),
          )
          .orderBy(...k.orderBy)
          .limit(k.limit);
        const result = toPage(rows, page.limit, (r) => r.id);
        return { ...result, items: result.items.map(toRule) };
      });
    },

    get(ctx: OrgContext, id: string) {
      requireRole(ctx, 'viewer');
      return ctx.run(async (tx) => toRule(await loadRule(tx, ctx.orgId, id)));
    },

    create(ctx: OrgContext, body: CreateAlertRuleBody) {
      requireRole(ctx, 'admin');
      const latencyMetric =
        body.kind === 'latency_p95' ? (body.latencyMetric ?? 'send') : (body.latencyMetric ?? null);
      checkRule({ kind: body.kind, threshold: body.threshold, latencyMetric });
      return ctx.run(async (tx) => {
        await checkScope(tx, ctx.orgId, body.scope.integrationId);
        const [row] = await tx
          .insert(alertRules)
          .values({
            orgId: ctx.orgId,
            name: body.name,
            kind: body.kind,
            scopeIntegrationId: body.scope.integrationId ?? null,
            scopeProvider: body.scope.provider ?? null,
            scopeChannel: body.scope.channel ?? null,
            latencyMetric,
            threshold: body.threshold,
            windowMinutes: body.windowMinutes,
            minEvents: body.minEvents ?? (body.kind === 'failure_rate' ? 20 : 1),
            severity: body.severity,
            autoResolve: body.autoResolve,
            resolveAfterOkEvaluations: body.resolveAfterOkEvaluations,
            enabled: body.enabled,
          })
          .returning();
        await auditInOrg(tx, ctx, {
          action: 'alert_rule.created',
          targetType: 'alert_rule',
          targetId: row!.id,
          metadata: { name: body.name, kind: body.kind },
        });
        return toRule(row!);
      });
    },

    update(ctx: OrgContext, id: string, body: UpdateAlertRuleBody) {
      requireRole(ctx, 'admin');
      return ctx.run(async (tx) => {
        const current = await loadRule(tx, ctx.orgId, id);
        const fields = Object.keys(body).filter(
          (k) => body[k as keyof UpdateAlertRuleBody] !== undefined,
        );
        if (!fields.length) return toRule(current);
        const next = {
          kind: current.kind,
          threshold: body.threshold ?? current.threshold,
          latencyMetric:
            body.latencyMetric === undefined ? current.latencyMetric : body.latencyMetric,
        };
        if (next.kind === 'latency_p95' && !next.latencyMetric) next.latencyMetric = 'send';
        checkRule(next);
        if (body.scope) await checkScope(tx, ctx.orgId, body.scope.integrationId);
        const [row] = await tx
          .update(alertRules)
          .set({
            ...(body.name !== undefined && { name: body.name }),
            ...(body.scope && {
              scopeIntegrationId: body.scope.integrationId ?? null,
              scopeProvider: body.scope.provider ?? null,
              scopeChannel: body.scope.channel ?? null,
            }),
            latencyMetric: next.latencyMetric,
            threshold: next.threshold,
            ...(body.windowMinutes !== undefined && { windowMinutes: body.windowMinutes }),
            ...(body.minEvents !== undefined && { minEvents: body.minEvents }),
            ...(body.severity !== undefined && { severity: body.severity }),
            ...(body.autoResolve !== undefined && { autoResolve: body.autoResolve }),
            ...(body.resolveAfterOkEvaluations !== undefined && {
              resolveAfterOkEvaluations: body.resolveAfterOkEvaluations,
            }),
            ...(body.enabled !== undefined && { enabled: body.enabled }),
          })
          .where(and(eq(alertRules.orgId, ctx.orgId), eq(alertRules.id, id)))
          .returning();
        await auditInOrg(tx, ctx, {
          action: 'alert_rule.updated',
          targetType: 'alert_rule',
          targetId: id,
          metadata: { name: row!.name, fields },
        });
        return toRule(row!);
      });
    },

    remove(ctx: OrgContext, id: string) {
      requireRole(ctx, 'admin');
      return ctx.run(async (tx) => {
        const row = await loadRule(tx, ctx.orgId, id);
        await tx
          .delete(alertRules)
          .where(and(eq(alertRules.orgId, ctx.orgId), eq(alertRules.id, id)));
        await auditInOrg(tx, ctx, {
          action: 'alert_rule.deleted',
          targetType: 'alert_rule',
          targetId: id,
          metadata: { name: row.name, kind: row.kind },
        });
      });
    },
  };

  async function transition(
    ctx: OrgContext,
    id: string,
    apply: (tx: Tx, alert: AlertRow, now: Date) => Promise<AlertRow | null>,
  ): Promise<Alert> {
    requireRole(ctx, 'member');
    return ctx.run(async (tx) => {
      const { alert, rule } = await loadAlert(tx, ctx.orgId, id, true);
      const changed = await apply(tx, alert, new Date());
      return toAlert(changed ?? alert, rule);
    });
  }

  async function record(
    tx: Tx,
    ctx: OrgContext,
    alert: AlertRow,
    entry: { action: AlertEvent['action']; to: AlertRow['status']; comment?: string | undefined },
    now: Date,
  ) {
    await tx.insert(alertEvents).values({
      orgId: ctx.orgId,
      alertId: alert.id,
      at: now,
      action: entry.action,
      actorType: ctx.actor.type,
      actorId: ctx.actor.id,
      actorName: ctx.actor.name,
      fromStatus: alert.status,
      toStatus: entry.to,
      comment: entry.comment || null,
    });
  }

  const eventRef = (a: AlertRow, ctx: OrgContext) => ({
    alertId: a.id,
    ruleId: a.ruleId,
    key: a.key,
    integrationId: a.integrationId,
    title: a.title,
    severity: a.severity,
    status: a.status,
    silencedUntil: isoOrNull(a.silencedUntil),
    actor: { type: ctx.actor.type, name: ctx.actor.name },
  });

  async function update(tx: Tx, id: string, set: Partial<AlertRow>) {
    const [row] = await tx.update(alerts).set(set).where(eq(alerts.id, id)).returning();
    return row!;
  }

  const alertActions = {
    /** open → acknowledged; acknowledging again changes nothing. */
    acknowledge(ctx: OrgContext, id: string, comment?: string) {
      return transition(ctx, id, async (tx, alert, now) => {
        if (alert.status === 'acknowledged') return null;
        if (alert.status === 'resolved') throw notAllowed('acknowledged', alert.status);
        const by = actorColumns(ctx.actor);
        const row = await update(tx, alert.id, {
          status: 'acknowledged',
          acknowledgedAt: now,
          acknowledgedByType: by.type,
          acknowledgedById: by.id,
          acknowledgedByName: by.name,
        });
        await record(tx, ctx, alert, { action: 'acknowledged', to: 'acknowledged', comment }, now);
        await emitEvent(tx, alertAcknowledged, ctx.orgId, {
          ...eventRef(row, ctx),
          comment: comment || null,
        });
        return row;
      });
    },

    /** open | acknowledged → resolved (by a person); resolving again changes nothing. */
    resolve(ctx: OrgContext, id: string, comment?: string) {
      return transition(ctx, id, async (tx, alert, now) => {
        if (alert.status === 'resolved') return null;
        const by = actorColumns(ctx.actor);
        const row = await update(tx, alert.id, {
          status: 'resolved',
          resolvedAt: now,
          resolvedByType: by.type,
          resolvedById: by.id,
          resolvedByName: by.name,
          resolution: 'manual',
        });
        await record(tx, ctx, alert, { action: 'resolved', to: 'resolved', comment }, now);
        await emitEvent(tx, alertResolved, ctx.orgId, {
          ...eventRef(row, ctx),
          resolution: 'manual',
          comment: comment || null,
        });
        return row;
      });
    },

    /** No notifications and no new alert for this rule and key until `until`. */
    silence(ctx: OrgContext, id: string, until: string, comment?: string) {
      return transition(ctx, id, async (tx, alert, now) => {
        if (alert.status === 'resolved') throw notAllowed('silenced', alert.status);
        const end = new Date(until);
        if (end <= now) {
          throw invalid([{ path: 'until', message: 'must be in the future' }]);
        }
        if (alert.silencedUntil?.getTime() === end.getTime()) return null;
        const row = await update(tx, alert.id, { silencedUntil: end });
        const note = `Silenced until ${end.toISOString()}`;
        await record(
          tx,
          ctx,
          alert,
          { action: 'silenced', to: alert.status, comment: comment ? `${note}: ${comment}` : note },
          now,
        );
        return row;
      });
    },

    /** Ends a silence (also on a resolved alert, whose silence still holds off a new one). */
    unsilence(ctx: OrgContext, id: string) {
      return transition(ctx, id, async (tx, alert, now) => {
        if (!alert.silencedUntil || alert.silencedUntil <= now) return null;
        const row = await update(tx, alert.id, { silencedUntil: null });
        await record(tx, ctx, alert, { action: 'unsilenced', to: alert.status }, now);
        return row;
      });
    },
  };

  return {
    rules,
    ...alertActions,

    list(ctx: OrgContext, query: ListAlertsQuery): Promise<AlertPage> {
      requireRole(ctx, 'viewer');
      const page = idPageRequest(query);
      const range = optionalDateRange(query);
      return ctx.run(async (tx) => {
        const filters: (SQL | undefined)[] = [
          eq(alerts.orgId, ctx.orgId),
          query.severity ? eq(alerts.severity, query.severity) : undefined,
          query.ruleId ? eq(alerts.ruleId, query.ruleId) : undefined,
          query.integrationId ? eq(alerts.integrationId, query.integrationId) : undefined,
          range ? sql`${alerts.openedAt} >= ${range.from.toISOString()}::timestamptz` : undefined,
          range ? lt(alerts.openedAt, range.to) : undefined,
        ];
        const k = keyset([alerts.id], 'desc', page);
        const rows = await tx
          .select({ alert: alerts, rule: { name: alertRules.name, kind: alertRules.kind } })
          .from(alerts)
          .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
          .where(
            and(...filters, query.status ? eq(alerts.status, query.status) : undefined, k.where),
          )
          .orderBy(...k.orderBy)
          .limit(k.limit);
        const counts = await tx
          .select({ status: alerts.status, n: count() })
          .from(alerts)
          .where(and(...filters))
          .groupBy(alerts.status);
        const result = toPage(rows, page.limit, (r) => r.alert.id);
        const n = (s: AlertRow['status']) => counts.find((c) => c.status === s)?.n ?? 0;
        return {
          items: result.items.map((r) => toAlert(r.alert, r.rule)),
          nextCursor: result.nextCursor,
          counts: { open: n('open'), acknowledged: n('acknowledged'), resolved: n('resolved') },
          range: range
            ? {
                from: iso(range.from),
                to: iso(range.to),
                tz: range.tz,
                granularity: range.granularity,
              }
            : null,
        };
      });
    },

    get(ctx: OrgContext, id: string): Promise<AlertDetail> {
      requireRole(ctx, 'viewer');
      return ctx.run(async (tx) => {
        const { alert, rule } = await loadAlert(tx, ctx.orgId, id);
        const events = await tx
          .select()
          .from(alertEvents)
          .where(and(eq(alertEvents.orgId, ctx.orgId), eq(alertEvents.alertId, id)))
          .orderBy(alertEvents.id); // UUIDv7: the order they happened in
        const view = monitoringWindow(alert, new Date());
        return {
          ...toAlert(alert, rule),
          events: events.map(toEvent),
          monitoringLink: view.link,
          window: view.window,
        };
      });
    },

    /** Unresolved alerts, for the navigation badge and the dashboard. */
    counts(ctx: OrgContext) {
      requireRole(ctx, 'viewer');
      return ctx.run(async (tx) => {
        const rows = await tx
          .select({ status: alerts.status, severity: alerts.severity, n: count() })
          .from(alerts)
          .where(and(eq(alerts.orgId, ctx.orgId), ne(alerts.status, 'resolved')))
          .groupBy(alerts.status, alerts.severity);
        const sum = (f: (r: (typeof rows)[number]) => boolean) =>
          rows.filter(f).reduce((s, r) => s + r.n, 0);
        return {
          open: sum((r) => r.status === 'open'),
          acknowledged: sum((r) => r.status === 'acknowledged'),
          critical: sum((r) => r.severity === 'critical'),
        };
      });
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
