import type { components, paths } from '@/lib/api/schema.gen';

type Schemas = components['schemas'];

export type Alert = Schemas['Alert'];
export type AlertDetail = Schemas['AlertDetail'];
export type AlertEvent = Schemas['AlertEvent'];
export type AlertRule = Schemas['AlertRule'];
export type AlertCounts = Schemas['AlertCounts'];
export type AlertStatus = Alert['status'];
export type AlertSeverity = Alert['severity'];
export type AlertRuleKind = AlertRule['kind'];

type ListQuery = NonNullable<paths['/api/v1/orgs/{orgId}/alerts']['get']['parameters']['query']>;
/** The list's filters besides the range: what the tabs and selects set. */
export type AlertFilter = Pick<ListQuery, 'status' | 'severity' | 'ruleId' | 'integrationId'>;

export type CreateAlertRuleInput =
  paths['/api/v1/orgs/{orgId}/alert-rules']['post']['requestBody']['content']['application/json'];
export type UpdateAlertRuleInput = NonNullable<
  paths['/api/v1/orgs/{orgId}/alert-rules/{ruleId}']['patch']['requestBody']
>['content']['application/json'];
