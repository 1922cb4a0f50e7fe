import { Anchor, Stack } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { CampaignDetail, useCampaign } from '@/features/campaigns';
import { useOrgContext, useOrgPage } from './org-context';

export function CampaignPage() {
  const { org } = useOrgContext().membership;
  const { campaignId = '' } = useParams();
  const navigate = useNavigate();
  const list = `/orgs/${org.id}/campaigns`;
  const { canEdit } = useOrgPage(useCampaign(org.id, campaignId).data?.name ?? 'Campaign');
  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to={list} size="sm">
        <IconArrowLeft size={14} /> All campaigns
      </Anchor>
      <CampaignDetail
        orgId={org.id}
        campaignId={campaignId}
        canEdit={canEdit}
        // Replace: "back" must not lead to the page of a campaign that no longer exists.
        onDeleted={() => void navigate(list, { replace: true })}
      />
    </Stack>
  );
}
