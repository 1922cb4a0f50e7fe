import { Badge } from '@mantine/core';
import type { Health } from '../api/types';

export const HEALTH: Record<Health, { label: string; color: string }> = {
  ok: { label: 'Healthy', color: 'teal' },
  degraded: { label: 'Degraded', color: 'yellow' },
  failing: { label: 'Failing', color: 'red' },
  silent: { label: 'Silent', color: 'orange' },
  unknown: { label: 'No data', color: 'gray' },
};

export function HealthBadge({ health }: { health: Health }) {
  const { label, color } = HEALTH[health];
  return (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  );
}
