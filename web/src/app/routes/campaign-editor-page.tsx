import { Anchor } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { CampaignForm, useCampaign } from '@/features/campaigns';
import { EditorFrame } from './editor-frame';
import { useOrgContext, useOrgPage } from './org-context';

/** /campaigns/new and /campaigns/:campaignId/edit (drafts only). */
export function CampaignEditorPage() {
  const { org } = useOrgContext().membership;
  const { campaignId } = useParams();
  const navigate = useNavigate();
  const query = useCampaign(org.id, campaignId);
  const title = campaignId ? `Edit ${query.data?.name ?? 'campaign'}` : 'New campaign';
  const { canEdit } = useOrgPage(title);
  const list = `/orgs/${org.id}/campaigns`;

  if (!canEdit) {
    // Viewers follow campaigns but cannot create or change them.
    return <Navigate to={list} replace />;
  }
  // Only a draft can be edited; anything else shows its page.
  if (query.data && query.data.status !== 'draft') {
    return <Navigate to={`${list}/${query.data.id}`} replace />;
  }

  return (
    <EditorFrame
      back={
        <Anchor component={Link} to={campaignId ? `${list}/${campaignId}` : list} size="sm">
          <IconArrowLeft size={14} /> {campaignId ? 'Back to the campaign' : 'All campaigns'}
        </Anchor>
      }
      title={title}
      description="Choose what to send, through which integration, to whom and when. Nothing is sent until you launch it."
      what="campaign"
      query={campaignId ? query : null}
    >
      {(campaign) => (
        <CampaignForm
          key={campaign?.id ?? 'new'}
          orgId={org.id}
          campaign={campaign}
          onSaved={(c) => void navigate(`${list}/${c.id}`, { replace: !campaignId })}
        />
      )}
    </EditorFrame>
  );
}
