import { Button, Stack } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { PageHeader } from '@/components/page-header';
import { CreateIntegrationModal, IntegrationsList } from '@/features/integrations';
import { canAdminister } from '@/lib/roles';
import { useOrgContext } from './org-context';

export function IntegrationsPage() {
  const { membership } = useOrgContext();
  const { org, role } = membership;
  const admin = canAdminister(role);
  const [createOpened, create] = useDisclosure(false);
  useDocumentTitle(`Integrations · ${org.name} · Switchboard`);

  return (
    <Stack gap="xl" maw={1100}>
      <PageHeader
        title="Integrations"
        description="The provider accounts Switchboard sends through, and the webhooks they call back."
        actions={
          admin && (
            <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
              Connect a provider
            </Button>
          )
        }
      />
      <IntegrationsList orgId={org.id} canManage={admin} onCreate={create.open} />
      {admin && (
        <CreateIntegrationModal orgId={org.id} opened={createOpened} onClose={create.close} />
      )}
    </Stack>
  );
}
