import { Button, Group, Stack } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconUpload } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { ContactsTable, CreateContactModal } from '@/features/contacts';
import { useOrgContext } from './org-context';

export function ContactsPage() {
  const { membership } = useOrgContext();
  const { org, role } = membership;
  const canEdit = role !== 'viewer';
  const [opened, modal] = useDisclosure(false);
  useDocumentTitle(`Contacts · ${org.name} · Switchboard`);
  return (
    <Stack gap="xl" maw={1200}>
      <PageHeader
        title="Contacts"
        description="People and their channel identities."
        actions={
          canEdit && (
            <Group>
              <Button
                component={Link}
                to={`/orgs/${org.id}/contacts/import`}
                variant="default"
                leftSection={<IconUpload size={16} />}
              >
                Import CSV
              </Button>
              <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
                New contact
              </Button>
            </Group>
          )
        }
      />
      <ContactsTable orgId={org.id} canEdit={canEdit} />
      <CreateContactModal orgId={org.id} opened={opened} onClose={modal.close} />
    </Stack>
  );
}
