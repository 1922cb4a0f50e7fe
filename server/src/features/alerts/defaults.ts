import type { Executor } from '../../db/client.js';
import { and, eq } from 'drizzle-orm';
import {
  alertRules,
  integrations,
  type AlertRuleKind,
  type AlertSeverity,
} from '../../db/schema/index.js';
import { providerOf } from '../../providers/registry.js';
import type { IntegrationProvider } from '../../db/schema/index.js';

interface DefaultRule {
  name: string;
  kind: AlertRuleKind;
  threshold: number;
  windowMinutes: number;
  minEvents: number;
  severity: AlertSeverity;
  /** Only for providers that report delivery: the others never call back about sends. */
  needsDeliveryReports?: boolean;
}

/** What every new integration is watched for; editable and disableable like any rule. */
export const DEFAULT_RULES: readonly DefaultRule[] = [
  {
    name: 'Failure rate above 20%',
    kind: 'failure_rate',
    threshold: 0.2,
    windowMinutes: 15,
    minEvents: 20,
    severity: 'warning',
  },
  {
    name: 'Delivery reports stopped',
    kind: 'callback_silence',
    threshold: 0,
    windowMinutes: 30,
    minEvents: 1,
    severity: 'warning',
    needsDeliveryReports: true,
  },
  {
    name: 'Forged or unsigned callbacks',
    kind: 'signature_rejections',
    threshold: 10,
    windowMinutes: 15,
    minEvents: 0,
    severity: 'critical',
  },
];

/**
 * Creates the default rules of one integration; a second call (a redelivery) adds nothing, and
 * an integration deleted before the event was delivered gets none (it is locked against a
 * concurrent delete until the rules are in).
 */
export async function createDefaultRules(
  tx: Executor,
  orgId: string,
  integration: { integrationId: string; provider: IntegrationProvider },
) {
  const [alive] = await tx
    .select({ id: integrations.id })
    .from(integrations)
    .where(and(eq(integrations.id, integration.integrationId), eq(integrations.orgId, orgId)))
    .for('key share');
  if (!alive) return;
  const reports = providerOf(integration.provider).send.deliveryReports;
  const rows = DEFAULT_RULES.filter((d) => reports || !d.needsDeliveryReports).map((d) => ({
    orgId,
    name: d.name,
    kind: d.kind,
    scopeIntegrationId: integration.integrationId,
    threshold: d.threshold,
    windowMinutes: d.windowMinutes,
    minEvents: d.minEvents,
    severity: d.severity,
    defaultFor: d.kind,
  }));
  await tx.insert(alertRules).values(rows).onConflictDoNothing();
}
