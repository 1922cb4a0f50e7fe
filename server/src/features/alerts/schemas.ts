import { z } from 'zod';
import {
  ALERT_RULE_KINDS,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  INTEGRATION_PROVIDERS,
  LATENCY_METRICS,
} from '../../db/schema/index.js';
import { DateRangeQuery } from '../../platform/date-range.js';
import { DisplayName, Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';

const CHANNELS = ['email', 'sms', 'whatsapp', 'telegram', 'instagram'] as const;

export const AlertScope = z
  .object({
    integrationId: z.uuid().nullable().optional(),
    provider: z.enum(INTEGRATION_PROVIDERS).nullable().optional(),
    channel: z.enum(CHANNELS).nullable().optional(),
  })
  .strict();

export const AlertRule = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(ALERT_RULE_KINDS),
    scope: z.object({
      integrationId: z.uuid().nullable(),
      provider: z.enum(INTEGRATION_PROVIDERS).nullable(),
      channel: z.string().nullable(),
    }),
    latencyMetric: z.enum(LATENCY_METRICS).nullable(),
    threshold: z.number(),
    windowMinutes: z.number().int(),
    minEvents: z.number().int(),
    severity: z.enum(ALERT_SEVERITIES),
    autoResolve: z.boolean(),
    resolveAfterOkEvaluations: z.number().int(),
    enabled: z.boolean(),
    /** Created with its integration (editable and disableable like any other). */
    isDefault: z.boolean(),
    lastEvaluatedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'AlertRule' });
export type AlertRule = z.infer<typeof AlertRule>;

const ruleFields = {
  name: DisplayName,
  scope: AlertScope,
  latencyMetric: z.enum(LATENCY_METRICS).nullable(),
  threshold: z.number().min(0).max(1e9),
  windowMinutes: z.number().int().min(1).max(1440),
  minEvents: z.number().int().min(0).max(1_000_000),
  severity: z.enum(ALERT_SEVERITIES),
  autoResolve: z.boolean(),
  resolveAfterOkEvaluations: z.number().int().min(1).max(1000),
  enabled: z.boolean(),
};

export const CreateAlertRuleBody = z.strictObject({
  name: ruleFields.name,
  kind: z.enum(ALERT_RULE_KINDS),
  scope: ruleFields.scope.default({}),
  latencyMetric: ruleFields.latencyMetric.optional(),
  threshold: ruleFields.threshold.describe(
    'failure_rate: a share 0–1; latency_p95: ms; rejections and refresh failures: a count (≥ 1); callback_silence: unused (0)',
  ),
  windowMinutes: ruleFields.windowMinutes.default(15),
  minEvents: ruleFields.minEvents
    .optional()
    .describe(
      'Fewest attempts (or samples, or sends) the window needs; default 20 for failure_rate, else 1',
    ),
  severity: ruleFields.severity.default('warning'),
  autoResolve: ruleFields.autoResolve.default(true),
  resolveAfterOkEvaluations: ruleFields.resolveAfterOkEvaluations.default(3),
  enabled: ruleFields.enabled.default(true),
});
export type CreateAlertRuleBody = z.infer<typeof CreateAlertRuleBody>;

export const UpdateAlertRuleBody = z.strictObject({
  name: ruleFields.name.optional(),
  scope: ruleFields.scope.optional(),
  latencyMetric: ruleFields.latencyMetric.optional(),
  threshold: ruleFields.threshold.optional(),
  windowMinutes: ruleFields.windowMinutes.optional(),
  minEvents: ruleFields.minEvents.optional(),
  severity: ruleFields.severity.optional(),
  autoResolve: ruleFields.autoResolve.optional(),
  resolveAfterOkEvaluations: ruleFields.resolveAfterOkEvaluations.optional(),
  enabled: ruleFields.enabled.optional(),
});
export type UpdateAlertRuleBody = z.infer<typeof UpdateAlertRuleBody>;

export const ListAlertRulesQuery = PaginationQuery.extend({
  integrationId: z.uuid().optional(),
});
export type ListAlertRulesQuery = z.infer<typeof ListAlertRulesQuery>;

export const AlertActor = z.object({
  type: z.enum(['user', 'api_key', 'system']),
  id: z.string().nullable(),
  name: z.string(),
});

export const Alert = z
  .object({
    id: z.uuid(),
    ruleId: z.uuid(),
    ruleName: z.string(),
    kind: z.enum(ALERT_RULE_KINDS),
    key: z.string(),
    integrationId: z.uuid().nullable(),
    title: z.string(),
    summary: z.string(),
    severity: z.enum(ALERT_SEVERITIES),
    status: z.enum(ALERT_STATUSES),
    /** At opening; `lastValue` is the latest evaluation's. */
    value: z.number(),
    lastValue: z.number(),
    threshold: z.number(),
    windowMinutes: z.number().int(),
    breachCount: z.number().int(),
    openedAt: Timestamp,
    lastEvaluatedAt: Timestamp,
    acknowledgedAt: Timestamp.nullable(),
    acknowledgedBy: AlertActor.nullable(),
    resolvedAt: Timestamp.nullable(),
    resolvedBy: AlertActor.nullable(),
    resolution: z.enum(['auto', 'manual']).nullable(),
    silencedUntil: Timestamp.nullable(),
    previousAlertId: z.uuid().nullable(),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof Alert>;

export const AlertEvent = z
  .object({
    id: z.uuid(),
    at: Timestamp,
    action: z.enum(['opened', 'acknowledged', 'resolved', 'silenced', 'unsilenced']),
    actor: AlertActor,
    from: z.enum(ALERT_STATUSES).nullable(),
    to: z.enum(ALERT_STATUSES),
    comment: z.string().nullable(),
  })
  .meta({ id: 'AlertEvent' });
export type AlertEvent = z.infer<typeof AlertEvent>;

export const AlertDetail = Alert.extend({
  events: z.array(AlertEvent),
  /** The monitoring view of the alert's window (web app path with its query). */
  monitoringLink: z.string(),
  /** The monitoring API range around the breach, for a chart of its metric. */
  window: z.object({ from: Timestamp, to: Timestamp }),
}).meta({ id: 'AlertDetail' });
export type AlertDetail = z.infer<typeof AlertDetail>;

export const ListAlertsQuery = PaginationQuery.extend(DateRangeQuery.shape).extend({
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  ruleId: z.uuid().optional(),
  integrationId: z.uuid().optional(),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuery>;

export const AlertPage = z
  .object({
    items: z.array(Alert),
    nextCursor: z.string().nullable(),
    /** Alerts per status matching the other filters (the tabs' counts). */
    counts: z.object({ open: z.number(), acknowledged: z.number(), resolved: z.number() }),
    range: z
      .object({ from: Timestamp, to: Timestamp, tz: z.string(), granularity: z.string() })
      .nullable(),
  })
  .meta({ id: 'AlertPage' });
export type AlertPage = z.infer<typeof AlertPage>;

export const AlertCommentBody = z.strictObject({
  comment: z.string().trim().max(2000).optional(),
});
export const SilenceAlertBody = z.strictObject({
  until: Timestamp,
  comment: z.string().trim().max(2000).optional(),
});

export const AlertRuleParams = z.object({ orgId: z.string(), ruleId: z.string() });
export const AlertParams = z.object({ orgId: z.string(), alertId: z.string() });

export const AlertCounts = z
  .object({ open: z.number(), acknowledged: z.number(), critical: z.number() })
  .meta({ id: 'AlertCounts' });
