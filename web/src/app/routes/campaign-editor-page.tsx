import { Anchor, Skeleton, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { CampaignForm, useCampaign } from '@/features/campaigns';
import { useOrgContext } from './org-context';

/** /campaigns/new and /campaigns/:campaignId/edit (drafts only). */
export function CampaignEditorPage() {
  const { membership } = useOrgContext();
  const { org, role } = membership;
  const { campaignId } = useParams();
  const navigate = useNavigate();
  const query = useCampaign(org.id, campaignId);
  const title = campaignId ? `Edit ${query.data?.name ?? 'campaign'}` : 'New campaign';
  useDocumentTitle(`${title} · ${org.name} · Switchboard`);
  const list = `/orgs/${org.id}/campaigns`;
  const back = (
    <Anchor component={Link} to={campaignId ? `${list}/${campaignId}` : list} size="sm">
      <IconArrowLeft size={14} /> {campaignId ? 'Back to the campaign' : 'All campaigns'}
    </Anchor>
  );

  if (role === 'viewer') {
    // Viewers follow campaigns but cannot create or change them.
    return <Navigate to={list} replace />;
  }
  if (campaignId && query.isPending) {
    return (
      <Stack gap="md" role="status" aria-label="Loading campaign">
        <Skeleton height={32} w={240} />
        <Skeleton height={320} />
      </Stack>
    );
  }
  if (campaignId && query.isError) {
    return (
      <Stack gap="md">
        {back}
        <ErrorState
          title="Could not load this campaign"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      </Stack>
    );
  }
  // Only a draft can be edited; anything else shows its page.
  if (query.data && query.data.status !== 'draft') {
    return <Navigate to={`${list}/${query.data.id}`} replace />;
  }

  return (
    <Stack gap="lg">
      {back}
      <PageHeader
        title={title}
        description="Choose what to send, through which integration, to whom and when. Nothing is sent until you launch it."
      />
      <CampaignForm
        key={query.data?.id ?? 'new'}
        orgId={org.id}
        campaign={query.data}
        onSaved={(c) => void navigate(`${list}/${c.id}`, { replace: !campaignId })}
      />
    </Stack>
  );
}
