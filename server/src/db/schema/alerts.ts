import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { integrations, type IntegrationProvider } from './integrations.js';
import { organizations } from './orgs.js';

export const ALERT_RULE_KINDS = [
  'failure_rate',
  'latency_p95',
  'callback_silence',
  'signature_rejections',
  'token_refresh_failures',
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const LATENCY_METRICS = ['send', 'delivery'] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];
export const ACTOR_TYPES = ['user', 'api_key', 'system'] as const;

/**
 * A condition over the monitoring rollups, evaluated every minute per integration in its scope.
 * `defaultFor` marks the rules created with an integration (one of each per integration).
 */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').$type<AlertRuleKind>().notNull(),
    scopeIntegrationId: uuid('scope_integration_id').references(() => integrations.id, {
      onDelete: 'cascade',
    }),
    scopeProvider: text('scope_provider').$type<IntegrationProvider>(),
    scopeChannel: text('scope_channel'),
    /** For `latency_p95`: the send round trip or sent → delivered. */
    latencyMetric: text('latency_metric').$type<LatencyMetric>(),
    threshold: doublePrecision('threshold').notNull(),
    windowMinutes: integer('window_minutes').notNull(),
    minEvents: integer('min_events').notNull(),
    severity: text('severity').$type<AlertSeverity>().notNull(),
    autoResolve: boolean('auto_resolve').notNull().default(true),
    resolveAfterOkEvaluations: integer('resolve_after_ok_evaluations').notNull().default(3),
    enabled: boolean('enabled').notNull().default(true),
    defaultFor: text('default_for'),
    /** The evaluation tick (start of its minute) last applied: the idempotency claim. */
    lastEvaluatedTick: timestamp('last_evaluated_tick', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('alert_rules_org_idx').on(t.orgId, t.id),
    uniqueIndex('alert_rules_default_uq')
      .on(t.scopeIntegrationId, t.defaultFor)
      .where(sql`${t.defaultFor} is not null`),
    check('alert_rules_kind_check', sql`${t.kind} in (${sql.raw(quoted(ALERT_RULE_KINDS))})`),
    check(
      'alert_rules_severity_check',
      sql`${t.severity} in (${sql.raw(quoted(ALERT_SEVERITIES))})`,
    ),
    check('alert_rules_window_check', sql`${t.windowMinutes} between 1 and 1440`),
    check('alert_rules_min_events_check', sql`${t.minEvents} >= 0`),
    check(
      'alert_rules_resolve_after_check',
      sql`${t.resolveAfterOkEvaluations} between 1 and 1000`,
    ),
  ],
);

/**
 * An incident: what breached (rule, key), its lifecycle and its last evaluation. At most one per
 * (rule, key) is not resolved — the partial unique index, so concurrent evaluators never open two.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    /** What breached: the integration id. */
    key: text('key').notNull(),
    integrationId: uuid('integration_id'),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    severity: text('severity').$type<AlertSeverity>().notNull(),
    status: text('status').$type<AlertStatus>().notNull().default('open'),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    lastValue: doublePrecision('last_value').notNull(),
    breachCount: integer('breach_count').notNull().default(1),
    okCount: integer('ok_count').notNull().default(0),
    windowMinutes: integer('window_minutes').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    lastEvaluatedAt: timestamp('last_evaluated_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedByType: text('acknowledged_by_type'),
    acknowledgedById: uuid('acknowledged_by_id'),
    acknowledgedByName: text('acknowledged_by_name'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedByType: text('resolved_by_type'),
    resolvedById: uuid('resolved_by_id'),
    resolvedByName: text('resolved_by_name'),
    resolution: text('resolution').$type<'auto' | 'manual'>(),
    silencedUntil: timestamp('silenced_until', { withTimezone: true }),
    previousAlertId: uuid('previous_alert_id').references((): AnyPgColumn => alerts.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    uniqueIndex('alerts_one_unresolved_uq')
      .on(t.ruleId, t.key)
      .where(sql`${t.status} <> 'resolved'`),
    index('alerts_org_opened_idx').on(t.orgId, t.openedAt, t.id),
    index('alerts_rule_key_idx').on(t.ruleId, t.key, t.openedAt),
    check('alerts_status_check', sql`${t.status} in (${sql.raw(quoted(ALERT_STATUSES))})`),
    check(
      'alerts_resolution_check',
      sql`${t.resolution} is null or ${t.resolution} in ('auto', 'manual')`,
    ),
  ],
);

/** One row per transition (and silence change) of an alert: who, when, from, to, why. */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** `opened`, `acknowledged`, `resolved`, `silenced`, `unsilenced`. */
    action: text('action').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    fromStatus: text('from_status').$type<AlertStatus>(),
    toStatus: text('to_status').$type<AlertStatus>().notNull(),
    comment: text('comment'),
  },
  (t) => [
    index('alert_events_alert_idx').on(t.alertId, t.at, t.id),
    check('alert_events_actor_check', sql`${t.actorType} in (${sql.raw(quoted(ACTOR_TYPES))})`),
  ],
);

function quoted(values: readonly string[]) {
  return values.map((v) => `'${v}'`).join(', ');
}
