import { Text, Tooltip } from '@mantine/core';
import { formatDateTime, formatRelative } from '@/lib/format';

type DateTimeProps = { value: string; relative?: boolean; size?: 'xs' | 'sm' | 'md' };

/** A timestamp as a <time> element; relative form shows the exact time on hover. */
export function DateTime({ value, relative = false, size = 'sm' }: DateTimeProps) {
  const exact = formatDateTime(value);
  if (!relative) {
    return (
      <Text component="time" dateTime={value} size={size}>
        {exact}
      </Text>
    );
  }
  return (
    <Tooltip label={exact} withArrow openDelay={300}>
      <Text component="time" dateTime={value} size={size} title={exact}>
        {formatRelative(value)}
      </Text>
    </Tooltip>
  );
}
