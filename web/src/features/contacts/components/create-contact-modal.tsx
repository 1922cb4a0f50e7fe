import { Alert, Anchor, Button, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormActions, FormFrame } from '@/components/form-frame';
import { RemovableRow } from '@/components/removable-row';
import { errorMessage, isApiError } from '@/lib/api/errors';
import { removeAt, replaceAt } from '@/lib/lists';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { filled } from '@/lib/validators';
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
  const [conflict, setConflict] = useState<ConflictBody | null>(null);
  const form = useForm({
    initialValues: {
      name: '',
      identities: [{ channel: 'email', value: '', region: '' }] as IdentityDraft[],
    },
    validate: { name: filled('Name') },
    // Only an identity's value is shown at its row: the server numbers the filled-in rows.
    serverErrorKey: ([field, index, part], sent) => {
      if (field !== 'identities' || part !== 'value' || index === undefined) return undefined;
      const row = sent.identities.indexOf(filledIdentities(sent)[Number(index)]!);
      return row === -1 ? undefined : `identities.${row}`;
    },
    serverFormError: errorMessage,
  });
  const { identities } = form.values;
  const setIdentities = (update: (all: IdentityDraft[]) => IdentityDraft[]) =>
    form.setValues((values) => ({ ...values, identities: update(values.identities) }));

  const submit = (values: typeof form.values) => {
    setConflict(null);
    create.mutate(
      {
        name: values.name.trim(),
        identities: filledIdentities(values).map((i) => ({
          channel: i.channel,
          value: i.value,
          ...(i.region ? { region: i.region } : {}),
        })),
      },
      {
        onSuccess: (contact) => {
          notifyDone('Contact created', contact.name);
          onDone();
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'identity_conflict') {
            setConflict(error.body as unknown as ConflictBody);
          }
          form.setServerError(error);
        },
      },
    );
  };

  return (
    <FormFrame
      form={form}
      onSubmit={submit}
      alert={
        conflict &&
        form.formError && (
          <ConflictAlert orgId={orgId} conflict={conflict} message={form.formError} />
        )
      }
    >
      <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
      {identities.map((draft, index) => (
        <RemovableRow
          key={index}
          removeLabel={`Remove identity ${index + 1}`}
          onRemove={() => {
            setIdentities((all) => removeAt(all, index));
            form.clearErrors((key) => key.startsWith('identities.'));
          }}
        >
          <div style={{ flex: 1 }}>
            <IdentityInput
              orgId={orgId}
              index={index}
              draft={draft}
              error={form.errors[`identities.${index}`] ?? null}
              onChange={(next) => setIdentities((all) => replaceAt(all, index, next))}
            />
          </div>
        </RemovableRow>
      ))}
      <FormActions
        submitLabel="Create contact"
        pending={create.isPending}
        onCancel={onDone}
        extra={
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
        }
      />
    </FormFrame>
  );
}

/** The rows with a value: the ones sent, numbered as the server numbers them. */
const filledIdentities = (values: { identities: IdentityDraft[] }) =>
  values.identities.filter((i) => i.value.trim());

/** The identity belongs to another contact: who, and the ways forward. */
function ConflictAlert({
  orgId,
  conflict,
  message,
}: {
  orgId: string;
  conflict: ConflictBody;
  message: string;
}) {
  return (
    <Alert color="orange" title="Someone already has this identity" role="alert">
      <Stack gap={4}>
        <Text size="sm">{message}</Text>
        <List size="sm">
          {conflict.remedies.includes('open_existing') && (
            <List.Item>
              <Anchor component={Link} to={`/orgs/${orgId}/contacts/${conflict.existingContactId}`}>
                Open {conflict.existingContactName}
              </Anchor>{' '}
              if this is the same person.
            </List.Item>
          )}
          {conflict.remedies.includes('add_to_existing') && (
            <List.Item>
              Or add the other details to {conflict.existingContactName} on their page instead of
              creating a new contact.
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
            Or remove this {conflict.identity.channel} identity below and create the contact without
            it.
          </List.Item>
        </List>
      </Stack>
    </Alert>
  );
}
