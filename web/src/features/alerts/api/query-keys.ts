import { orgScopedKey } from '@/lib/api/query-keys';

/** Alerts and their counts: every action refreshes all of them (list, tabs, badge, drawer). */
export const alertsKey = (orgId: string) => orgScopedKey(orgId, 'alerts');
export const alertRulesKey = (orgId: string) => orgScopedKey(orgId, 'alert-rules');

/** Alerts change on their own (each evaluation): refetched every 30 s while the tab is visible. */
export const ALERTS_REFRESH = { refetchInterval: 30_000, refetchIntervalInBackground: false };
