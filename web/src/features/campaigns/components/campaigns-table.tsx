import {
  Anchor,
  Button,
  EmptyState,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconPlus, IconSend } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { DateTime } from '@/components/date-time';
import { ErrorState } from '@/components/error-state';
import { LoadingRows } from '@/components/loading-rows';
import { LoadMoreButton } from '@/components/load-more-button';
import { flattenPages } from '@/lib/api/pagination';
import { useCampaigns } from '../api/list-campaigns';
import type { Campaign, CampaignStatus } from '../api/types';
import { CampaignProgressBar, processedCount } from './campaign-progress';
import { CAMPAIGN_STATUS, CampaignStatusBadge } from './campaign-status-badge';

const FILTERS: { value: CampaignStatus | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  ...(Object.keys(CAMPAIGN_STATUS) as CampaignStatus[]).map((status) => ({
    value: status,
    label: CAMPAIGN_STATUS[status].label,
  })),
];

const isStatus = (value: string | null): value is CampaignStatus =>
  value !== null && value in CAMPAIGN_STATUS;

type CampaignsTableProps = { orgId: string; canEdit: boolean; newCampaignHref: string };

export function CampaignsTable({ orgId, canEdit, newCampaignHref }: CampaignsTableProps) {
  const [searchParams, setSearchParams] = useSearchParams();
  const param = searchParams.get('status');
  const status = isStatus(param) ? param : undefined;
  const campaignsQuery = useCampaigns(orgId, status);
  const setStatus = (value: string) =>
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === 'all') next.delete('status');
        else next.set('status', value);
        return next;
      },
      { replace: true },
    );

  return (
    <Stack>
      <SegmentedControl
        aria-label="Show campaigns by status"
        data={FILTERS}
        value={status ?? 'all'}
        onChange={setStatus}
        style={{ alignSelf: 'flex-start' }}
      />
      <CampaignsTableBody
        orgId={orgId}
        canEdit={canEdit}
        newCampaignHref={newCampaignHref}
        filtered={status !== undefined}
        query={campaignsQuery}
      />
    </Stack>
  );
}

type BodyProps = {
  orgId: string;
  canEdit: boolean;
  newCampaignHref: string;
  filtered: boolean;
  query: ReturnType<typeof useCampaigns>;
};

function CampaignsTableBody({ orgId, canEdit, newCampaignHref, filtered, query }: BodyProps) {
  if (query.isPending) return <LoadingRows label="Loading campaigns" />;
  if (query.isError) {
    return (
      <ErrorState
        title="Could not load campaigns"
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isRefetching}
      />
    );
  }
  const campaigns = flattenPages(query.data);
  if (campaigns.length === 0) {
    return (
      <EmptyState
        icon={<IconSend size={28} />}
        withIndicatorBackground
        title={filtered ? 'No campaigns with this status' : 'No campaigns yet'}
        description={
          filtered
            ? 'Choose another status above, or All.'
            : 'A campaign sends one template through one integration to the groups and contacts you choose, and shows what happened to every message.'
        }
        py="xl"
      >
        {canEdit && !filtered && (
          <EmptyState.Actions>
            <Button component={Link} to={newCampaignHref} leftSection={<IconPlus size={16} />}>
              New campaign
            </Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th w={240}>Progress</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Launched</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {campaigns.map((campaign) => (
              <CampaignRow key={campaign.id} orgId={orgId} campaign={campaign} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMoreButton
        hasNextPage={query.hasNextPage}
        isFetchingNextPage={query.isFetchingNextPage}
        onLoadMore={() => void query.fetchNextPage()}
      />
    </>
  );
}

function CampaignRow({ orgId, campaign }: { orgId: string; campaign: Campaign }) {
  const { stats } = campaign;
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/orgs/${orgId}/campaigns/${campaign.id}`} fw={500} size="sm">
          {campaign.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <CampaignStatusBadge status={campaign.status} />
      </Table.Td>
      <Table.Td>
        {campaign.status === 'draft' || stats.total === 0 ? (
          <Text size="sm" c="dimmed">
            Not launched
          </Text>
        ) : (
          <Group gap="xs" wrap="nowrap">
            <div style={{ flex: 1 }}>
              <CampaignProgressBar stats={stats} size="md" label={`Progress of ${campaign.name}`} />
            </div>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {processedCount(stats)} / {stats.total}
            </Text>
          </Group>
        )}
      </Table.Td>
      <Table.Td>
        <DateTime value={campaign.createdAt} relative />
      </Table.Td>
      <Table.Td>
        {campaign.launchedAt ? (
          <DateTime value={campaign.launchedAt} relative />
        ) : campaign.scheduledAt ? (
          <Text size="sm" c="dimmed">
            Starts <DateTime value={campaign.scheduledAt} />
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
