import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';

/** Every IANA zone this browser knows, UTC first; a stored zone it lacks is kept as an option. */
function zoneOptions(current: string | null | undefined): string[] {
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

type TimeZoneSelectProps = Omit<SelectProps, 'data' | 'searchable'> & {
  /** An entry for "no zone of its own" (e.g. "Organization default"), with the value ''. */
  emptyLabel?: string;
};

/** A searchable list of IANA time zones; the server checks the choice too. */
export function TimeZoneSelect({ emptyLabel, value, ...props }: TimeZoneSelectProps) {
  const data = useMemo(() => {
    const zones = zoneOptions(value).map((z) => ({ value: z, label: z.replaceAll('_', ' ') }));
    return emptyLabel ? [{ value: '', label: emptyLabel }, ...zones] : zones;
  }, [value, emptyLabel]);
  return (
    <Select
      searchable
      nothingFoundMessage="No such time zone"
      maxDropdownHeight={280}
      allowDeselect={false}
      data={data}
      value={value}
      {...props}
    />
  );
}
