import {
  Button,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { FormError } from '@/components/form-error';
import { isApiError } from '@/lib/api/errors';
import { useCreateIntegration, type CreateIntegrationInput } from '../api/create-integration';
import type { Provider } from '../api/list-integrations';
import {
  formatError,
  PROVIDER_FIELDS,
  PROVIDER_LABEL,
  PROVIDERS,
  settingsError,
} from './provider-fields';

type Props = { orgId: string; opened: boolean; onClose: () => void };

export function CreateIntegrationModal({ orgId, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Connect a provider" size="lg">
      <CreateIntegrationForm orgId={orgId} onDone={onClose} />
    </Modal>
  );
}

/** One form for every provider: the fields, their help and the server's field errors. */
function CreateIntegrationForm({ orgId, onDone }: { orgId: string; onDone: () => void }) {
  const createMutation = useCreateIntegration(orgId);
  const [provider, setProvider] = useState<Provider>('sendgrid');
  const [sandbox, setSandbox] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const fields = PROVIDER_FIELDS[provider];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const missing: Record<string, string> = {};
    for (const f of fields) {
      const key = `${f.group}.${f.name}`;
      const error =
        f.required && !values[key]?.trim() ? `${f.label} is required` : formatError(f, values[key]);
      if (error) missing[key] = error;
    }
    const settingValues = Object.fromEntries(
      fields
        .filter((f) => f.group === 'settings')
        .map((f) => [f.name, values[`settings.${f.name}`]]),
    );
    Object.assign(missing, { ...settingsError(provider, settingValues), ...missing });
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const pick = (group: 'credentials' | 'settings') =>
      Object.fromEntries(
        fields
          .filter((f) => f.group === group && values[`${group}.${f.name}`]?.trim())
          .map((f) => [f.name, values[`${group}.${f.name}`]!.trim()]),
      );
    const input = {
      provider,
      sandbox,
      credentials: pick('credentials'),
      settings: pick('settings'),
    } as CreateIntegrationInput;
    createMutation.mutate(input, {
      onSuccess: (created) => {
        notifications.show(
          created.status === 'active'
            ? { color: 'teal', title: 'Integration connected', message: created.name }
            : {
                color: 'yellow',
                title: 'Saved, but it needs attention',
                message: created.statusMessage ?? '',
              },
        );
        setValues({});
        onDone();
      },
      onError: (error) => {
        if (!isApiError(error)) return setFormError('Something went wrong. Please try again.');
        const next: Record<string, string> = {};
        for (const e of error.fieldErrors) next[e.path.replace(/^body\./, '')] ??= e.message;
        setErrors(next);
        const unmatched = error.fieldErrors.filter(
          (e) => !fields.some((f) => `${f.group}.${f.name}` === e.path),
        );
        if (!error.fieldErrors.length || unmatched.length)
          setFormError(error.detail ?? error.title);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <SegmentedControl
          aria-label="Provider"
          value={provider}
          onChange={(value) => {
            setProvider(value as Provider);
            setErrors({});
          }}
          data={PROVIDERS.map((p) => ({ value: p.value, label: p.label }))}
        />
        <Text size="sm" c="dimmed">
          {PROVIDERS.find((p) => p.value === provider)?.channels}. Credentials are encrypted and
          never shown again; only their last characters are.
        </Text>
        <Switch
          label="Use the built-in sandbox"
          description="Talks to Switchboard's local emulator instead of the real provider: any well-formed values work. Only available when the server's sandbox is on."
          checked={sandbox}
          onChange={(e) => setSandbox(e.currentTarget.checked)}
        />
        {fields.map((f) => {
          const key = `${f.group}.${f.name}`;
          const Input = f.secret ? PasswordInput : TextInput;
          return (
            <Input
              key={key}
              label={f.label}
              description={f.help}
              placeholder={f.placeholder}
              required={f.required}
              autoComplete="off"
              value={values[key] ?? ''}
              error={errors[key]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setValues((v) => ({ ...v, [key]: value }));
              }}
            />
          );
        })}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={createMutation.isPending}>
            Connect {PROVIDER_LABEL[provider]}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
