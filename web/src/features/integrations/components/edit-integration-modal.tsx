import { Modal, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FormActions, FormFrame } from '@/components/form-frame';
import { serverDetailOnly, useForm } from '@/lib/use-form';
import { filled } from '@/lib/validators';
import type { Integration } from '../api/list-integrations';
import { useUpdateIntegration, type UpdateIntegrationInput } from '../api/update-integration';
import { ProviderFieldInput, type ProviderFieldsValues } from './provider-field-input';
import {
  fieldKey,
  filledValues,
  PROVIDER_FIELDS,
  providerFieldErrors,
  savedNotice,
  serverFieldKey,
} from './provider-fields';

type Props = { orgId: string; integration: Integration; opened: boolean; onClose: () => void };

export function EditIntegrationModal({ orgId, integration, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${integration.name}`} size="lg">
      {/* Remounted on every open, so the form starts from the integration as it is now. */}
      {opened && <EditIntegrationForm orgId={orgId} integration={integration} onDone={onClose} />}
    </Modal>
  );
}

type Verification = Integration['webhook']['verification'];

type Values = ProviderFieldsValues & { name: string; verification: Verification };

/**
 * Name, settings, verification mode and credential replacement. Credentials are never shown:
 * each secret field is empty, with the masked hint of the stored value, and only the fields the
 * user fills in are sent (the server keeps the others).
 */
function EditIntegrationForm({
  orgId,
  integration,
  onDone,
}: {
  orgId: string;
  integration: Integration;
  onDone: () => void;
}) {
  const updateMutation = useUpdateIntegration(orgId);
  const { provider } = integration;
  const settingFields = PROVIDER_FIELDS[provider].filter((f) => f.group === 'settings');
  const credentialFields = PROVIDER_FIELDS[provider].filter((f) => f.group === 'credentials');
  const form = useForm<Values>({
    initialValues: () => ({
      name: integration.name,
      verification: integration.webhook.verification,
      fields: Object.fromEntries(
        settingFields.map((f) => [fieldKey(f), integration.settings[f.name] ?? '']),
      ),
    }),
    // Stored credentials are kept when left empty: only the settings must be filled in.
    validate: (values) => {
      const nameError = filled('Name')(values.name);
      return {
        ...(nameError && { name: nameError }),
        ...providerFieldErrors(provider, values.fields, ['settings']),
      };
    },
    serverErrorKey: (segments) => serverFieldKey(provider, segments, ['name']),
    serverFormError: serverDetailOnly,
  });

  const submit = ({ name, verification, fields }: Values) => {
    const changedSettings = Object.fromEntries(
      settingFields
        .map((f) => [f.name, fields[fieldKey(f)]?.trim() ?? ''] as const)
        .filter(([key, value]) => value !== (integration.settings[key] ?? '')),
    );
    const newCredentials = filledValues(provider, 'credentials', fields);
    const patch: UpdateIntegrationInput = {
      ...(name.trim() !== integration.name && { name: name.trim() }),
      ...(verification !== integration.webhook.verification && { verification }),
      ...(Object.keys(changedSettings).length && { settings: changedSettings }),
      ...(Object.keys(newCredentials).length && { credentials: newCredentials }),
    };
    if (!Object.keys(patch).length) return onDone();
    updateMutation.mutate(
      { id: integration.id, patch },
      {
        onSuccess: (updated) => {
          notifications.show(
            savedNotice(updated, updated.status === 'needs_attention', {
              title: 'Integration saved',
              message: updated.name,
            }),
          );
          onDone();
        },
        onError: (error) => form.setServerError(error),
      },
    );
  };

  return (
    <FormFrame form={form} onSubmit={submit}>
      <TextInput
        label="Name"
        description="How this integration appears in Switchboard."
        required
        data-autofocus
        {...form.getInputProps('name')}
      />
      {settingFields.map((f) => (
        <ProviderFieldInput key={f.name} field={f} form={form} />
      ))}
      <Radio.Group
        label="Webhook verification"
        description="Log only accepts callbacks that fail verification (and counts them) — use it only for a short rollout window."
        {...form.getInputProps('verification')}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="enforced" label="Enforced: reject callbacks that fail verification" />
          <Radio value="log_only" label="Log only: accept them, but count and record them" />
        </Stack>
      </Radio.Group>
      <Stack gap="xs">
        <Title order={4} size="h5">
          Replace credentials
        </Title>
        <Text size="sm" c="dimmed">
          Leave a field empty to keep the stored value. Stored values are never shown, only their
          last characters.
        </Text>
        {credentialFields.map((f) => {
          const hint = integration.credentialHints[f.name];
          return (
            <ProviderFieldInput
              key={f.name}
              field={f}
              form={form}
              description={hint ? `Stored: ${hint}. ${f.help}` : f.help}
              placeholder={hint ? `Keep ${hint}` : f.placeholder}
              required={false}
            />
          );
        })}
      </Stack>
      <FormActions
        submitLabel="Save changes"
        pending={updateMutation.isPending}
        onCancel={onDone}
      />
    </FormFrame>
  );
}
