import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { QueryState } from '@/components/query-state';
import { browserTimeZone } from '@/lib/date-range';
import { flattenPages } from '@/lib/api/pagination';
import { useAlertCounts, useAlerts } from '../api/alerts';
import { SeverityBadge } from './labels';

const SHOWN = 5;

/** The Overview's alerts: how many are unresolved, and the newest open ones. */
export function OpenAlertsCard({ orgId }: { orgId: string }) {
  const counts = useAlertCounts(orgId);
  const open = useAlerts(orgId, { preset: '30d', tz: browserTimeZone() }, { status: 'open' });
  const base = `/orgs/${orgId}/alerts`;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="open-alerts">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="open-alerts">
          Alerts
        </Title>
        <Anchor component={Link} to={base} size="sm">
          Open alerts
        </Anchor>
      </Group>
      <QueryState query={counts} what="alerts" skeleton={{ rows: 1 }}>
        {(c) =>
          c.open + c.acknowledged === 0 ? (
            <Group gap="xs">
              <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" aria-hidden />
              <Text size="sm">No unresolved alerts: every rule is within its threshold.</Text>
            </Group>
          ) : (
            <Stack gap="sm">
              <Text size="sm">
                <Text span fw={700}>
                  {c.open}
                </Text>{' '}
                open,{' '}
                <Text span fw={700}>
                  {c.acknowledged}
                </Text>{' '}
                acknowledged
                {c.critical > 0 && (
                  <Text span c="red" fw={600}>
                    {' '}
                    · {c.critical} critical
                  </Text>
                )}
              </Text>
              {flattenPages(open.data).length > 0 && (
                <Stack
                  gap="xs"
                  component="ul"
                  p={0}
                  m={0}
                  style={{ listStyle: 'none' }}
                  aria-label="Open alerts"
                >
                  {flattenPages(open.data)
                    .slice(0, SHOWN)
                    .map((a) => (
                      <Group key={a.id} component="li" gap="sm" wrap="nowrap">
                        <SeverityBadge severity={a.severity} />
                        <Anchor component={Link} to={`${base}?alert=${a.id}`} size="sm">
                          {a.title}
                        </Anchor>
                      </Group>
                    ))}
                </Stack>
              )}
            </Stack>
          )
        }
      </QueryState>
    </Card>
  );
}
