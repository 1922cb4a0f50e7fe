import { Button, Stack } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { PageHeader } from '@/components/page-header';
import { RestrictedNotice } from '@/components/restricted-notice';
import { ApiKeysTable, CreateApiKeyModal } from '@/features/api-keys';
import { canAdminister } from '@/lib/roles';
import { useOrgContext } from './org-context';

export function ApiKeysPage() {
  const { membership } = useOrgContext();
  const { org, role } = membership;
  const admin = canAdminister(role);
  const [createOpened, create] = useDisclosure(false);
  useDocumentTitle(`API keys · ${org.name} · Switchboard`);

  return (
    <Stack gap="xl" maw={1100}>
      <PageHeader
        title="API keys"
        description={`Keys let your systems call the Switchboard API as ${org.name}.`}
        actions={
          admin && (
            <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
              Create API key
            </Button>
          )
        }
      />
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
    </Stack>
  );
}
