import type { Preset } from '@/lib/date-range';
import { useUrlRange } from '@/lib/use-url-range';
import type { AlertFilter, AlertSeverity, AlertStatus } from '../api/types';

const STATUSES: AlertStatus[] = ['open', 'acknowledged', 'resolved'];
const SEVERITIES: AlertSeverity[] = ['critical', 'warning', 'info'];
/** Alerts stay open for days: the list looks a month back unless told otherwise. */
const DEFAULT_PRESET: Preset = '30d';

export type StatusTab = AlertStatus | 'all';

/**
 * The alerts page's state, in the URL so a view can be shared and survives a reload: the status
 * tab (`status`, default open), the filters, the range on `openedAt`, and the open alert
 * (`alert`). Filter changes replace the history entry; opening an alert pushes one, so Back
 * closes the drawer.
 */
export function useAlertsView() {
  const { get, set, range, setRange } = useUrlRange(DEFAULT_PRESET);

  const statusParam = get('status');
  const tab: StatusTab =
    statusParam === 'all' ? 'all' : (STATUSES.find((s) => s === statusParam) ?? 'open');
  const severity = SEVERITIES.find((s) => s === get('severity'));
  const filter: AlertFilter = {
    ...(tab !== 'all' && { status: tab }),
    ...(severity && { severity }),
    ...(get('ruleId') && { ruleId: get('ruleId') }),
    ...(get('integrationId') && { integrationId: get('integrationId') }),
  };

  return {
    range,
    tab,
    filter,
    alertId: get('alert') ?? null,
    setRange,
    setTab: (value: StatusTab) => set({ status: value === 'open' ? null : value }),
    setFilter: (changes: Partial<Record<'severity' | 'ruleId' | 'integrationId', string | null>>) =>
      set(changes),
    openAlert: (id: string | null) => set({ alert: id }, id === null),
  };
}
