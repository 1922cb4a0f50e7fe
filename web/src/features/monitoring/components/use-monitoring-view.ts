import type { Preset } from '@/lib/date-range';
import { useUrlRange } from '@/lib/use-url-range';
import type { EventFilter, LatencyKind, SeriesGroupBy } from '../api/types';

export type ChartGroupBy = Exclude<SeriesGroupBy, 'outcome'>;
const GROUPS: ChartGroupBy[] = ['provider', 'channel', 'integration'];
const DEFAULT_PRESET: Preset = '24h';

/**
 * The monitoring page's state, kept in the URL so a view can be shared and survives a reload:
 * the range (`preset`, or `from`/`to` for a custom one, and `tz`), the charts' grouping and
 * latency kind, and the event filters. Changes replace the history entry.
 */
export function useMonitoringView() {
  const { get, set, range, setRange } = useUrlRange(DEFAULT_PRESET);

  const groupParam = get('groupBy');
  const groupBy: ChartGroupBy = GROUPS.find((g) => g === groupParam) ?? 'provider';
  const latency: LatencyKind = get('latency') === 'send' ? 'send' : 'delivery';
  const eventFilter: EventFilter = {
    ...(get('kind') && { kind: get('kind') }),
    ...(get('outcome') && { outcome: get('outcome') }),
    ...(get('integrationId') && { integrationId: get('integrationId') }),
  };

  return {
    range,
    groupBy,
    latency,
    eventFilter,
    setRange,
    setGroupBy: (value: ChartGroupBy) => set({ groupBy: value }),
    setLatency: (value: LatencyKind) => set({ latency: value }),
    setEventFilter: (changes: Partial<Record<keyof EventFilter, string | null>>) => set(changes),
  };
}
