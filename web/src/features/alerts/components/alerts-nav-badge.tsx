import { Badge } from '@mantine/core';
import { useAlertCounts } from '../api/alerts';

/** The navigation's count of unresolved alerts: red while one is open, nothing when none is. */
export function AlertsNavBadge({ orgId }: { orgId: string }) {
  const { data } = useAlertCounts(orgId);
  const unresolved = data ? data.open + data.acknowledged : 0;
  if (!unresolved) return null;
  return (
    <Badge
      size="sm"
      circle={unresolved < 10}
      color={data!.open > 0 ? 'red' : 'yellow'}
      aria-label={`${unresolved} unresolved`}
    >
      {unresolved}
    </Badge>
  );
}
