import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { QueryState } from '@/components/query-state';
import { useOverview } from '../api/get-overview';
import { browserTimeZone } from '@/lib/date-range';
import { formatCount, formatRate } from './format';
import { HealthBadge } from './health-badge';
import { NoDataNotice } from './no-data-notice';
import { deliveryRate } from './totals';
import { GettingStarted } from './getting-started';
import { RunningCampaigns } from './running-campaigns';

/** The Overview's dashboard: first steps, the last 24 hours, provider health, running campaigns. */
export function OrgDashboard({ orgId }: { orgId: string }) {
  return (
    <Stack gap="lg">
      <GettingStarted orgId={orgId} />
      <LastDay orgId={orgId} />
      <RunningCampaigns orgId={orgId} />
    </Stack>
  );
}

function LastDay({ orgId }: { orgId: string }) {
  const overview = useOverview(orgId, { preset: '24h', tz: browserTimeZone() });
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="last-day">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="last-day">
          Last 24 hours
        </Title>
        <Anchor component={Link} to={`/orgs/${orgId}/monitoring`} size="sm">
          Open monitoring
        </Anchor>
      </Group>
      <QueryState query={overview} what="the last 24 hours" skeleton={{ rows: 2 }}>
        {(data) => (
          <Stack gap="md">
            <Group gap="xl">
              <Stat label="Sent" value={formatCount(data.totals.sent)} />
              <Stat label="Delivered" value={formatCount(data.totals.delivered)} />
              <Stat label="Delivery rate" value={formatRate(deliveryRate(data.totals))} />
              <Stat label="Failure rate" value={formatRate(data.failureRate)} />
            </Group>
            {data.byProvider.length > 0 ? (
              <Stack
                gap="xs"
                component="ul"
                p={0}
                m={0}
                style={{ listStyle: 'none' }}
                aria-label="Provider health"
              >
                {data.byProvider.map((provider) => (
                  <Group
                    key={provider.integrationId}
                    component="li"
                    gap="sm"
                    wrap="nowrap"
                    align="start"
                  >
                    <HealthBadge health={provider.health} />
                    <Text size="sm">
                      <Text span fw={500}>
                        {provider.name}:
                      </Text>{' '}
                      {provider.healthDetail}
                    </Text>
                  </Group>
                ))}
              </Stack>
            ) : (
              data.noData && <NoDataNotice orgId={orgId} noData={data.noData} />
            )}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div role="group" aria-label={`${label}: ${value}`}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </div>
  );
}
