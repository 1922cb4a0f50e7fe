import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { AddButton } from '@/components/add-button';
import { DateTime } from '@/components/date-time';
import { EmptyList } from '@/components/empty-list';
import { dateColumn, nameColumn, PagedTable } from '@/components/paged-table';
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
  return (
    <PagedTable
      query={query}
      what="campaigns"
      minWidth={820}
      columns={[
        nameColumn<Campaign>((campaign) => `/orgs/${orgId}/campaigns/${campaign.id}`),
        {
          key: 'status',
          header: 'Status',
          cell: (campaign) => <CampaignStatusBadge status={campaign.status} />,
        },
        { key: 'progress', header: 'Progress', width: 240, cell: (c) => <Progress campaign={c} /> },
        dateColumn<Campaign>('created', 'Created', (campaign) => campaign.createdAt),
        { key: 'launched', header: 'Launched', cell: (c) => <Launched campaign={c} /> },
      ]}
      empty={
        <EmptyList
          icon={IconSend}
          title={filtered ? 'No campaigns with this status' : 'No campaigns yet'}
          description={
            filtered
              ? 'Choose another status above, or All.'
              : 'A campaign sends one template through one integration to the groups and contacts you choose, and shows what happened to every message.'
          }
          actions={canEdit && !filtered && <AddButton to={newCampaignHref}>New campaign</AddButton>}
        />
      }
    />
  );
}

function Progress({ campaign }: { campaign: Campaign }) {
  const { stats } = campaign;
  if (campaign.status === 'draft' || stats.total === 0) {
    return (
      <Text size="sm" c="dimmed">
        Not launched
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <div style={{ flex: 1 }}>
        <CampaignProgressBar stats={stats} size="md" label={`Progress of ${campaign.name}`} />
      </div>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {processedCount(stats)} / {stats.total}
      </Text>
    </Group>
  );
}

function Launched({ campaign }: { campaign: Campaign }) {
  if (campaign.launchedAt) return <DateTime value={campaign.launchedAt} relative />;
  return (
    <Text size="sm" c="dimmed">
      {campaign.scheduledAt ? (
        <>
          Starts <DateTime value={campaign.scheduledAt} />
        </>
      ) : (
        '—'
      )}
    </Text>
  );
}
