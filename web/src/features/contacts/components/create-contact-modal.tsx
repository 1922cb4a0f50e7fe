import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Modal,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormError } from '@/components/form-error';
import { errorMessage, isApiError } from '@/lib/api/errors';
import { useCreateContact } from '../api/contacts';
import { IdentityInput, type IdentityDraft } from './identity-input';

type Props = { orgId: string; opened: boolean; onClose: () => void };

type ConflictBody = {
  existingContactId: string;
  existingContactName: string;
  conflictId: string;
  identity: { channel: string; normalized: string };
  remedies: ('open_existing' | 'merge' | 'add_to_existing')[];
};

export function CreateContactModal({ orgId, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="New contact" size="lg">
      <CreateContactForm orgId={orgId} onDone={onClose} />
    </Modal>
  );
}

function CreateContactForm({ orgId, onDone }: { orgId: string; onDone: () => void }) {
  const create = useCreateContact(orgId);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [identities, setIdentities] = useState<IdentityDraft[]>([
    { channel: 'email', value: '', region: '' },
  ]);
  const [fieldErrors, setFieldErrors] = useState<Record<number, string>>({});
  const [conflict, setConflict] = useState<ConflictBody | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError('Name is required');
      return;
    }
    setFormError(null);
    setConflict(null);
    setFieldErrors({});
    const filled = identities.filter((i) => i.value.trim());
    create.mutate(
      {
        name: name.trim(),
        identities: filled.map((i) => ({
          channel: i.channel,
          value: i.value,
          ...(i.region ? { region: i.region } : {}),
        })),
      },
      {
        onSuccess: (contact) => {
          notifications.show({ color: 'teal', title: 'Contact created', message: contact.name });
          onDone();
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'identity_conflict') {
            setConflict(error.body as unknown as ConflictBody);
          }
          const errs: Record<number, string> = {};
          for (const fe of isApiError(error) ? error.fieldErrors : []) {
            const m = /^identities\.(\d+)\.value$/.exec(fe.path);
            if (m) errs[identities.indexOf(filled[Number(m[1])]!)] = fe.message;
          }
          setFieldErrors(errs);
          setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {conflict ? (
          <Alert color="orange" title="Someone already has this identity" role="alert">
            <Stack gap={4}>
              <Text size="sm">{formError}</Text>
              <List size="sm">
                {conflict.remedies.includes('open_existing') && (
                  <List.Item>
                    <Anchor
                      component={Link}
                      to={`/orgs/${orgId}/contacts/${conflict.existingContactId}`}
                    >
                      Open {conflict.existingContactName}
                    </Anchor>{' '}
                    if this is the same person.
                  </List.Item>
                )}
                {conflict.remedies.includes('add_to_existing') && (
                  <List.Item>
                    Or add the other details to {conflict.existingContactName} on their page instead
                    of creating a new contact.
                  </List.Item>
                )}
                {conflict.remedies.includes('merge') && (
                  <List.Item>
                    Or merge the two contacts from the{' '}
                    <Anchor component={Link} to={`/orgs/${orgId}/contacts/conflicts`}>
                      conflicts inbox
                    </Anchor>
                    .
                  </List.Item>
                )}
                <List.Item>
                  Or remove this {conflict.identity.channel} identity below and create the contact
                  without it.
                </List.Item>
              </List>
            </Stack>
          </Alert>
        ) : (
          <FormError message={formError} />
        )}
        <TextInput
          label="Name"
          required
          data-autofocus
          value={name}
          error={nameError}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setNameError(null);
          }}
        />
        {identities.map((draft, index) => (
          <Group key={index} align="flex-start" wrap="nowrap" gap="xs">
            <div style={{ flex: 1 }}>
              <IdentityInput
                orgId={orgId}
                index={index}
                draft={draft}
                error={fieldErrors[index] ?? null}
                onChange={(next) =>
                  setIdentities((all) => all.map((d, i) => (i === index ? next : d)))
                }
              />
            </div>
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={4}
              aria-label={`Remove identity ${index + 1}`}
              onClick={() => {
                setIdentities((all) => all.filter((_, i) => i !== index));
                setFieldErrors({});
              }}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Button
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              setIdentities((all) => [...all, { channel: 'phone', value: '', region: '' }])
            }
            disabled={identities.length >= 20}
          >
            Add identity
          </Button>
          <Group>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create contact
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
