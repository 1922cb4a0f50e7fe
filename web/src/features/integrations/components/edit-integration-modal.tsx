import {
  Button,
  Group,
  Modal,
  PasswordInput,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { FormError } from '@/components/form-error';
import { isApiError } from '@/lib/api/errors';
import type { Integration } from '../api/list-integrations';
import { useUpdateIntegration, type UpdateIntegrationInput } from '../api/update-integration';
import { formatError, PROVIDER_FIELDS, settingsError } from './provider-fields';

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
  const fields = PROVIDER_FIELDS[integration.provider];
  const settingFields = fields.filter((f) => f.group === 'settings');
  const credentialFields = fields.filter((f) => f.group === 'credentials');
  const [name, setName] = useState(integration.name);
  const [verification, setVerification] = useState<Verification>(integration.webhook.verification);
  const [settings, setSettings] = useState<Record<string, string>>(() =>
    Object.fromEntries(settingFields.map((f) => [f.name, integration.settings[f.name] ?? ''])),
  );
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = 'Name is required';
    for (const f of settingFields) {
      const key = `settings.${f.name}`;
      const error =
        f.required && !settings[f.name]?.trim()
          ? `${f.label} is required`
          : formatError(f, settings[f.name]);
      if (error) missing[key] = error;
    }
    Object.assign(missing, { ...settingsError(integration.provider, settings), ...missing });
    for (const f of credentialFields) {
      const error = formatError(f, credentials[f.name]);
      if (error) missing[`credentials.${f.name}`] = error;
    }
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const changedSettings = Object.fromEntries(
      settingFields
        .map((f) => [f.name, settings[f.name]?.trim() ?? ''] as const)
        .filter(([key, value]) => value !== (integration.settings[key] ?? '')),
    );
    const newCredentials = Object.fromEntries(
      credentialFields
        .filter((f) => credentials[f.name]?.trim())
        .map((f) => [f.name, credentials[f.name]!.trim()]),
    );
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
            updated.status === 'needs_attention'
              ? {
                  color: 'yellow',
                  title: 'Saved, but it needs attention',
                  message: updated.statusMessage ?? '',
                }
              : { color: 'teal', title: 'Integration saved', message: updated.name },
          );
          onDone();
        },
        onError: (error) => {
          if (!isApiError(error)) return setFormError('Something went wrong. Please try again.');
          const next: Record<string, string> = {};
          for (const e of error.fieldErrors) next[e.path.replace(/^body\./, '')] ??= e.message;
          setErrors(next);
          const known = new Set(['name', ...fields.map((f) => `${f.group}.${f.name}`)]);
          const unmatched = error.fieldErrors.filter(
            (e) => !known.has(e.path.replace(/^body\./, '')),
          );
          if (!error.fieldErrors.length || unmatched.length)
            setFormError(error.detail ?? error.title);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <TextInput
          label="Name"
          description="How this integration appears in Switchboard."
          required
          data-autofocus
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        {settingFields.map((f) => (
          <TextInput
            key={f.name}
            label={f.label}
            description={f.help}
            placeholder={f.placeholder}
            required={f.required}
            autoComplete="off"
            value={settings[f.name] ?? ''}
            error={errors[`settings.${f.name}`]}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setSettings((s) => ({ ...s, [f.name]: value }));
            }}
          />
        ))}
        <Radio.Group
          label="Webhook verification"
          description="Log only accepts callbacks that fail verification (and counts them) — use it only for a short rollout window."
          value={verification}
          onChange={(value) => setVerification(value as Verification)}
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
            const Input = f.secret ? PasswordInput : TextInput;
            return (
              <Input
                key={f.name}
                label={f.label}
                description={hint ? `Stored: ${hint}. ${f.help}` : f.help}
                placeholder={hint ? `Keep ${hint}` : f.placeholder}
                autoComplete="off"
                value={credentials[f.name] ?? ''}
                error={errors[`credentials.${f.name}`]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setCredentials((c) => ({ ...c, [f.name]: value }));
                }}
              />
            );
          })}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={updateMutation.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
