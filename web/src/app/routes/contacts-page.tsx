import { Button, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUpload } from '@tabler/icons-react';
import { Link } from 'react-router';
import { AddButton } from '@/components/add-button';
import { ContactsTable, CreateContactModal } from '@/features/contacts';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function ContactsPage() {
  const { org, canEdit } = useOrgPage('Contacts');
  const [opened, modal] = useDisclosure(false);
  return (
    <OrgPage
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
            <AddButton onClick={modal.open}>New contact</AddButton>
          </Group>
        )
      }
      maw={1200}
    >
      <ContactsTable orgId={org.id} canEdit={canEdit} />
      <CreateContactModal orgId={org.id} opened={opened} onClose={modal.close} />
    </OrgPage>
  );
}
