import '@mantine/dates/styles.css';
import { Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useId, useMemo } from 'react';
import { PRESETS, presetAsCustom, type Preset, type RangeSelection } from '@/lib/date-range';

const PRESET_OPTIONS = [
  ...(Object.keys(PRESETS) as Preset[]).map((value) => ({ value, label: PRESETS[value].label })),
  { value: 'custom', label: 'Custom' },
];

// The picker's `YYYY-MM-DD HH:mm:ss` and the URL's ISO-style `YYYY-MM-DDTHH:mm`.
const toPicker = (wallClock: string) => `${wallClock.replace('T', ' ')}:00`.slice(0, 19);
const fromPicker = (value: string) => value.replace(' ', 'T').slice(0, 16);

function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  // The browser's own zone (or one from a shared link) may be an alias the list leaves out.
  const all = zones.includes(current) ? zones : [current, ...zones];
  return all.includes('UTC') ? all : ['UTC', ...all];
}

type RangePickerProps = {
  value: RangeSelection;
  onChange: (range: RangeSelection) => void;
  /** Why the server refused the range, shown under the picker. */
  error?: string | null;
};

/** Presets or a custom range, and the zone its days and hours are read in. */
export function RangePicker({ value, onChange, error }: RangePickerProps) {
  const zones = useMemo(() => timeZones(value.tz), [value.tz]);
  const errorId = useId();
  const labelId = useId();

  const choosePreset = (preset: string) => {
    if (preset === 'custom') {
      const start = value.preset === 'custom' ? value : presetAsCustom(value.preset, value.tz);
      onChange({ preset: 'custom', from: start.from, to: start.to, tz: value.tz });
    } else {
      onChange({ preset: preset as Preset, tz: value.tz });
    }
  };

  return (
    <Stack
      gap="xs"
      role="group"
      aria-label="Date range"
      aria-describedby={error ? errorId : undefined}
    >
      <Group align="end" gap="sm" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id={labelId}>
            Range
          </Text>
          <SegmentedControl
            aria-labelledby={labelId}
            data={PRESET_OPTIONS}
            value={value.preset}
            onChange={choosePreset}
          />
        </Stack>
        <Select
          label="Time zone"
          data={zones}
          value={value.tz}
          onChange={(tz) => tz && onChange({ ...value, tz })}
          searchable
          allowDeselect={false}
          w={{ base: '100%', xs: 240 }}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      {value.preset === 'custom' && (
        <Group gap="sm" wrap="wrap" align="end">
          <DateTimePicker
            label="From"
            value={toPicker(value.from)}
            onChange={(from) => from && onChange({ ...value, from: fromPicker(from) })}
            valueFormat="DD MMM YYYY HH:mm"
            error={Boolean(error)}
            w={{ base: '100%', xs: 220 }}
          />
          <DateTimePicker
            label="To"
            value={toPicker(value.to)}
            onChange={(to) => to && onChange({ ...value, to: fromPicker(to) })}
            valueFormat="DD MMM YYYY HH:mm"
            error={Boolean(error)}
            w={{ base: '100%', xs: 220 }}
          />
        </Group>
      )}
      {error && (
        <Text id={errorId} role="alert" c="red" size="sm">
          {error}
        </Text>
      )}
    </Stack>
  );
}
