import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { CopyField } from '@/components/copy-field';
import { FormActions, FormFrame } from '@/components/form-frame';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { requiredText } from '@/lib/validators';
import { useCreateApiKey, type CreatedApiKey } from '../api/create-api-key';
import { isScope, SCOPES } from './scopes';

type CreateApiKeyModalProps = { orgId: string; opened: boolean; onClose: () => void };

/** Creates a key, then shows its secret exactly once; the dialog cannot be dismissed by accident. */
export function CreateApiKeyModal({ orgId, opened, onClose }: CreateApiKeyModalProps) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const showingSecret = created !== null;

  // Modal content unmounts once closed, so each opening starts with an empty form; the secret
  // is dropped only after the exit transition so the dialog does not change while fading out.
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => setCreated(null)}
      title={showingSecret ? 'Copy your new API key' : 'Create API key'}
      size="lg"
      closeOnClickOutside={!showingSecret}
      closeOnEscape={!showingSecret}
      withCloseButton={!showingSecret}
    >
      {created ? (
        <ApiKeySecret apiKey={created} onDone={onClose} />
      ) : (
        <CreateApiKeyForm orgId={orgId} onCancel={onClose} onCreated={setCreated} />
      )}
    </Modal>
  );
}

type CreateApiKeyFormProps = {
  orgId: string;
  onCancel: () => void;
  onCreated: (apiKey: CreatedApiKey) => void;
};

function CreateApiKeyForm({ orgId, onCancel, onCreated }: CreateApiKeyFormProps) {
  const createMutation = useCreateApiKey(orgId);
  const form = useForm({
    initialValues: { name: '', scopes: ['read'] as string[] },
    validate: {
      name: requiredText('Name', 100),
      scopes: (value) => (value.length === 0 ? 'Choose at least one scope' : null),
    },
  });

  const submit = (values: typeof form.values) =>
    createMutation.mutate(
      { name: values.name.trim(), scopes: values.scopes.filter(isScope) },
      {
        onSuccess: (apiKey) => {
          notifyDone('API key created', apiKey.name);
          onCreated(apiKey);
        },
        onError: (error) => form.setServerError(error),
      },
    );

  return (
    <FormFrame form={form} onSubmit={submit}>
      <TextInput
        label="Name"
        description="Where the key is used, so you can recognise it later"
        placeholder="CRM sync"
        required
        data-autofocus
        {...form.getInputProps('name')}
      />
      <Checkbox.Group label="Scopes" required {...form.getInputProps('scopes')}>
        <Stack gap="xs" mt="xs">
          {SCOPES.map((scope) => (
            <Checkbox
              key={scope.value}
              value={scope.value}
              label={scope.label}
              description={scope.description}
            />
          ))}
        </Stack>
      </Checkbox.Group>
      <FormActions
        submitLabel="Create API key"
        pending={createMutation.isPending}
        onCancel={onCancel}
      />
    </FormFrame>
  );
}

function ApiKeySecret({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  return (
    <Stack>
      <Alert
        color="yellow"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        title="This is the only time the key is shown"
      >
        Copy it now and store it somewhere safe, such as a password manager. Switchboard keeps only
        a hash: if you lose the key, revoke it and create a new one.
      </Alert>
      <CopyField label="API key" value={apiKey.key} />
      <Text size="sm" c="dimmed">
        Send it as <code>Authorization: Bearer &lt;key&gt;</code>. Name: {apiKey.name}. Scopes:{' '}
        {apiKey.scopes.join(', ')}.
      </Text>
      <Group justify="flex-end">
        <Button onClick={onDone}>I have copied the key</Button>
      </Group>
    </Stack>
  );
}
