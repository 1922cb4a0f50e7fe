import { useSearchParams } from 'react-router';
import { browserTimeZone, isPreset, type Preset, type RangeSelection } from './date-range';

type Changes = Record<string, string | null | undefined>;

/**
 * A page's state in its URL's query, so a view can be shared and survives a reload, with the
 * range picker's part: `preset`, or `from`/`to` for a custom range, and `tz`. `set` drops the
 * keys given an empty value and replaces the history entry unless told to push one.
 */
export function useUrlRange(defaultPreset: Preset) {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? undefined;
  const set = (changes: Changes, replace = true) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace },
    );

  const tz = get('tz') ?? browserTimeZone();
  const preset = get('preset') ?? null;
  const from = get('from');
  const to = get('to');
  const range: RangeSelection =
    preset === 'custom' && from && to
      ? { preset: 'custom', from, to, tz }
      : { preset: isPreset(preset) ? preset : defaultPreset, tz };

  return {
    get,
    set,
    range,
    setRange: (next: RangeSelection) =>
      set(
        next.preset === 'custom'
          ? { preset: 'custom', from: next.from, to: next.to, tz: next.tz }
          : { preset: next.preset, from: null, to: null, tz: next.tz },
      ),
  };
}
