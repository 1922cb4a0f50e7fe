import { Badge, Button, Group, Modal, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { errorMessage } from '@/lib/api/errors';
import { useDeleteContact, type Contact } from '../api/contacts';
import { ContactEditForm } from './contact-edit-form';

type Props = { orgId: string; contact: Contact; canEdit: boolean };

/** Name, suppression badge, and the edit and delete actions. */
export function ContactHeader({ orgId, contact, canEdit }: Props) {
  const navigate = useNavigate();
  const remove = useDeleteContact(orgId);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);

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
            onClick={() => {
              remove.reset();
              setConfirming(true);
            }}
          >
            Delete
          </Button>
        </Group>
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title="Edit contact" size="lg">
        <ContactEditForm orgId={orgId} contact={contact} onDone={() => setEditing(false)} />
      </Modal>
      <ConfirmDialog
        opened={confirming}
        title={`Delete ${contact.name}?`}
        confirmLabel="Delete contact"
        loading={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          // The promise, not mutate's callbacks: they would not run once this page unmounts.
          void remove.mutateAsync(contact.id).then(
            () => {
              notifications.show({
                color: 'teal',
                title: 'Contact deleted',
                message: contact.name,
              });
              void navigate(`/orgs/${orgId}/contacts`, { replace: true });
            },
            () => undefined, // shown in the dialog
          )
        }
      >
        The contact, its identities and its group memberships are deleted. Its opt-outs are kept, so
        messages stay blocked to these addresses.
      </ConfirmDialog>
    </Group>
  );
}
