import { orgScopedKey } from '@/lib/api/query-keys';

export const monitoringKey = (orgId: string) => orgScopedKey(orgId, 'monitoring');

/** The monitoring views follow live traffic: refetched every 30 s while the tab is visible. */
export const LIVE_REFRESH = { refetchInterval: 30_000, refetchIntervalInBackground: false };
