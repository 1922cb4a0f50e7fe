import { Anchor, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconChartLine } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { NoData } from '../api/types';

type Fix = { to: string; label: string };

/** Where the user goes to change what the reason says. */
export function noDataFix(orgId: string, noData: NoData): Fix {
  const base = `/orgs/${orgId}`;
  switch (noData.reason) {
    case 'no_integrations':
      return { to: `${base}/integrations`, label: 'Connect a provider or try the sandbox' };
    case 'no_callbacks_configured':
    case 'callbacks_silent':
      return {
        to: `${base}/integrations`,
        label: noData.integrationId ? 'Check the integration’s webhook' : 'Check the webhooks',
      };
    case 'no_traffic_in_range':
      return { to: `${base}/campaigns`, label: 'Send a campaign' };
    case 'before_retention':
      return { to: `${base}/monitoring?preset=30d`, label: 'Show the last 30 days' };
  }
}

type NoDataNoticeProps = { orgId: string; noData: NoData };

/** In place of an empty chart: why it is empty, and a link to what would fill it. */
export function NoDataNotice({ orgId, noData }: NoDataNoticeProps) {
  const fix = noDataFix(orgId, noData);
  return (
    <Stack align="center" gap="xs" py="lg" ta="center">
      <ThemeIcon variant="light" color="gray" size="lg" radius="xl" aria-hidden>
        <IconChartLine size={20} />
      </ThemeIcon>
      <Text size="sm" maw={420}>
        {noData.detail}
      </Text>
      <Anchor component={Link} to={fix.to} size="sm">
        {fix.label}
      </Anchor>
    </Stack>
  );
}
