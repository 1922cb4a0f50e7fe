import { Badge } from '@mantine/core';
import type { CampaignStatus } from '../api/types';

export const CAMPAIGN_STATUS: Record<CampaignStatus, { label: string; color: string }> = {
  draft: { label: 'Draft', color: 'gray' },
  scheduled: { label: 'Scheduled', color: 'violet' },
  running: { label: 'Sending', color: 'blue' },
  paused: { label: 'Paused', color: 'yellow' },
  completed: { label: 'Completed', color: 'teal' },
  cancelled: { label: 'Cancelled', color: 'red' },
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { label, color } = CAMPAIGN_STATUS[status];
  return (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  );
}
