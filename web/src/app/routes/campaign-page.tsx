import { Anchor, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { CampaignDetail, useCampaign } from '@/features/campaigns';
import { useOrgContext } from './org-context';

export function CampaignPage() {
  const { membership } = useOrgContext();
  const { org, role } = membership;
  const { campaignId = '' } = useParams();
  const navigate = useNavigate();
  const list = `/orgs/${org.id}/campaigns`;
  const name = useCampaign(org.id, campaignId).data?.name ?? 'Campaign';
  useDocumentTitle(`${name} · ${org.name} · Switchboard`);
  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to={list} size="sm">
        <IconArrowLeft size={14} /> All campaigns
      </Anchor>
      <CampaignDetail
        orgId={org.id}
        campaignId={campaignId}
        canEdit={role !== 'viewer'}
        // Replace: "back" must not lead to the page of a campaign that no longer exists.
        onDeleted={() => void navigate(list, { replace: true })}
      />
    </Stack>
  );
}
