import { Anchor, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { QueryState } from '@/components/query-state';
import { useRunningCampaigns } from '../api/list-campaigns';

/** Campaigns sending right now, with how far along each is. */
export function RunningCampaigns({ orgId }: { orgId: string }) {
  const query = useRunningCampaigns(orgId);
  return (
    <Card
      withBorder
      padding="lg"
      radius="md"
      component="section"
      aria-labelledby="running-campaigns"
    >
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="running-campaigns">
          Running campaigns
        </Title>
        <Anchor component={Link} to={`/orgs/${orgId}/campaigns`} size="sm">
          All campaigns
        </Anchor>
      </Group>
      <QueryState
        query={query}
        what="running campaigns"
        skeleton={{ rows: 1 }}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <Text size="sm" c="dimmed">
            No campaign is sending right now.
          </Text>
        }
      >
        {(data) => (
          <Stack gap="sm">
            {data.items.map((campaign) => {
              const { total, queued, sending } = campaign.stats;
              const handled = total - queued - sending;
              const percent = total ? Math.round((handled / total) * 100) : 0;
              return (
                <Stack key={campaign.id} gap={4}>
                  <Group justify="space-between" wrap="nowrap">
                    <Anchor
                      component={Link}
                      to={`/orgs/${orgId}/campaigns/${campaign.id}`}
                      fw={500}
                    >
                      {campaign.name}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      {handled} of {total} handled
                    </Text>
                  </Group>
                  <Progress value={percent} aria-label={`${campaign.name}: ${percent}% handled`} />
                </Stack>
              );
            })}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
