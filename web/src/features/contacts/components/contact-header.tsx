import { Badge, Group, Modal, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { DeleteButton, EditButton } from '@/components/action-buttons';
import { useConfirmAction } from '@/components/use-confirm-action';
import { notifyDone } from '@/lib/notify';
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
      notifyDone('Contact deleted', deleted.name);
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
          <EditButton onClick={() => setEditing(true)} />
          <DeleteButton onClick={() => remove.ask(contact)} />
        </Group>
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title="Edit contact" size="lg">
        <ContactEditForm orgId={orgId} contact={contact} onDone={() => setEditing(false)} />
      </Modal>
      {remove.dialog}
    </Group>
  );
}
