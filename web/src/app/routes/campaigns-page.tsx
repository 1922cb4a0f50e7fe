import { AddButton } from '@/components/add-button';
import { CampaignsTable } from '@/features/campaigns';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function CampaignsPage() {
  const { org, canEdit } = useOrgPage('Campaigns');
  const newHref = `/orgs/${org.id}/campaigns/new`;
  return (
    <OrgPage
      title="Campaigns"
      description="One template to many contacts, with what happened to every message."
      actions={canEdit && <AddButton to={newHref}>New campaign</AddButton>}
      maw={1100}
    >
      <CampaignsTable orgId={org.id} canEdit={canEdit} newCampaignHref={newHref} />
    </OrgPage>
  );
}
