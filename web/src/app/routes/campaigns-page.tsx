import { Button, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { CampaignsTable } from '@/features/campaigns';
import { useOrgContext } from './org-context';

export function CampaignsPage() {
  const { membership } = useOrgContext();
  const { org, role } = membership;
  const canEdit = role !== 'viewer';
  useDocumentTitle(`Campaigns · ${org.name} · Switchboard`);
  const newHref = `/orgs/${org.id}/campaigns/new`;
  return (
    <Stack gap="xl" maw={1100}>
      <PageHeader
        title="Campaigns"
        description="One template to many contacts, with what happened to every message."
        actions={
          canEdit && (
            <Button component={Link} to={newHref} leftSection={<IconPlus size={16} />}>
              New campaign
            </Button>
          )
        }
      />
      <CampaignsTable orgId={org.id} canEdit={canEdit} newCampaignHref={newHref} />
    </Stack>
  );
}
