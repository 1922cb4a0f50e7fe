import { useSearchParams } from 'react-router';
import { browserTimeZone, isPreset, type Preset, type RangeSelection } from '@/lib/date-range';
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
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? undefined;
  const set = (changes: Record<string, string | null | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  const tz = get('tz') ?? browserTimeZone();
  const preset = get('preset') ?? null;
  const from = get('from');
  const to = get('to');
  const range: RangeSelection =
    preset === 'custom' && from && to
      ? { preset: 'custom', from, to, tz }
      : { preset: isPreset(preset) ? preset : DEFAULT_PRESET, tz };

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
    setRange: (next: RangeSelection) =>
      set(
        next.preset === 'custom'
          ? { preset: 'custom', from: next.from, to: next.to, tz: next.tz }
          : { preset: next.preset, from: null, to: null, tz: next.tz },
      ),
    setGroupBy: (value: ChartGroupBy) => set({ groupBy: value }),
    setLatency: (value: LatencyKind) => set({ latency: value }),
    setEventFilter: (changes: Partial<Record<keyof EventFilter, string | null>>) => set(changes),
  };
}
