import { Badge, Button, Group, Modal, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useConfirmAction } from '@/components/use-confirm-action';
import { useDeleteContact, type Contact } from '../api/contacts';
import { ContactEditForm } from './contact-edit-form';

type Props = { orgId: string; contact: Contact; canEdit: boolean };

/** Name, suppression badge, and the edit and delete actions. */
export function ContactHeader({ orgId, contact, canEdit }: Props) {
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const remove = useConfirmAction({
    mutation: useDeleteContact(orgId),
    variables: (deleted: Contact) => deleted.id,
    title: (deleted) => `Delete ${deleted.name}?`,
    confirmLabel: 'Delete contact',
    message: () =>
      'The contact, its identities and its group memberships are deleted. Its opt-outs are kept, so messages stay blocked to these addresses.',
    onDone: (_, deleted) => {
      notifications.show({ color: 'teal', title: 'Contact deleted', message: deleted.name });
      void navigate(`/orgs/${orgId}/contacts`, { replace: true });
    },
  });

  return (
    <Group justify="space-between">
      <Group gap="sm">
        <Title order={2}>{contact.name}</Title>
        {contact.suppressed && <Badge color="red">Suppressed</Badge>}
      </Group>
      {canEdit && (
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconPencil size={16} />}
            onClick={() => setEditing(true)}
          >
            Edit
          </Button>
          <Button
            variant="light"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => remove.ask(contact)}
          >
            Delete
          </Button>
        </Group>
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title="Edit contact" size="lg">
        <ContactEditForm orgId={orgId} contact={contact} onDone={() => setEditing(false)} />
      </Modal>
      {remove.dialog}
    </Group>
  );
}
