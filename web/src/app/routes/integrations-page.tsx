import { useDisclosure } from '@mantine/hooks';
import { AddButton } from '@/components/add-button';
import { IntegrationAlertRules } from '@/features/alerts';
import { CreateIntegrationModal, IntegrationsList } from '@/features/integrations';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function IntegrationsPage() {
  const { org, admin } = useOrgPage('Integrations');
  const [createOpened, create] = useDisclosure(false);
  return (
    <OrgPage
      title="Integrations"
      description="The provider accounts Switchboard sends through, and the webhooks they call back."
      actions={admin && <AddButton onClick={create.open}>Connect a provider</AddButton>}
      maw={1100}
    >
      <IntegrationsList
        orgId={org.id}
        canManage={admin}
        onCreate={create.open}
        footer={(integration) => (
          <IntegrationAlertRules
            orgId={org.id}
            integrationId={integration.id}
            integrationName={integration.name}
            admin={admin}
          />
        )}
      />
      {admin && (
        <CreateIntegrationModal orgId={org.id} opened={createOpened} onClose={create.close} />
      )}
    </OrgPage>
  );
}
