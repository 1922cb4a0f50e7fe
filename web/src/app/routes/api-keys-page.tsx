import { useDisclosure } from '@mantine/hooks';
import { AddButton } from '@/components/add-button';
import { RestrictedNotice } from '@/components/restricted-notice';
import { ApiKeysTable, CreateApiKeyModal } from '@/features/api-keys';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function ApiKeysPage() {
  const { org, admin } = useOrgPage('API keys');
  const [createOpened, create] = useDisclosure(false);
  return (
    <OrgPage
      title="API keys"
      description={`Keys let your systems call the Switchboard API as ${org.name}.`}
      actions={admin && <AddButton onClick={create.open}>Create API key</AddButton>}
      maw={1100}
    >
      {admin ? (
        <>
          <ApiKeysTable orgId={org.id} canManage onCreate={create.open} />
          <CreateApiKeyModal orgId={org.id} opened={createOpened} onClose={create.close} />
        </>
      ) : (
        <RestrictedNotice
          description="API keys can act for the whole organization, so only owners and admins see and manage them."
          backTo={`/orgs/${org.id}`}
          backLabel="Back to overview"
        />
      )}
    </OrgPage>
  );
}
