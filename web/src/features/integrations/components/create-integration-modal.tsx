import { useInstance } from '@/lib/instance';
import { Modal, SegmentedControl, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FormActions, FormFrame } from '@/components/form-frame';
import { serverDetailOnly, useForm } from '@/lib/use-form';
import { useCreateIntegration, type CreateIntegrationInput } from '../api/create-integration';
import type { Provider } from '../api/list-integrations';
import { ProviderFieldInput, type ProviderFieldsValues } from './provider-field-input';
import {
  fieldKey,
  filledValues,
  PROVIDER_FIELDS,
  PROVIDER_LABEL,
  providerFieldErrors,
  PROVIDERS,
  savedNotice,
  serverFieldKey,
} from './provider-fields';

type Props = { orgId: string; opened: boolean; onClose: () => void };

export function CreateIntegrationModal({ orgId, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Connect a provider" size="lg">
      <CreateIntegrationForm orgId={orgId} onDone={onClose} />
    </Modal>
  );
}

/** The fields of every provider chosen so far are kept; those of the chosen one are sent. */
type Values = ProviderFieldsValues & { provider: Provider; sandbox: boolean };

/** One form for every provider: the fields, their help and the server's field errors. */
function CreateIntegrationForm({ orgId, onDone }: { orgId: string; onDone: () => void }) {
  const createMutation = useCreateIntegration(orgId);
  const form = useForm<Values>({
    initialValues: { provider: 'sendgrid', sandbox: false, fields: {} },
    validate: (values) =>
      providerFieldErrors(values.provider, values.fields, ['credentials', 'settings']),
    serverErrorKey: (segments, sent) => serverFieldKey(sent.provider, segments),
    serverFormError: serverDetailOnly,
  });
  const { provider, sandbox } = form.values;
  // "Try the sandbox" only where the server runs it (GET /api/v1/instance).
  const sandboxAvailable = useInstance().data?.sandbox === true;

  const submit = (values: Values) => {
    const input = {
      provider: values.provider,
      sandbox: sandboxAvailable && values.sandbox,
      credentials: filledValues(values.provider, 'credentials', values.fields),
      settings: filledValues(values.provider, 'settings', values.fields),
    } as CreateIntegrationInput;
    createMutation.mutate(input, {
      onSuccess: (created) => {
        notifications.show(
          savedNotice(created, created.status !== 'active', {
            title: 'Integration connected',
            message: created.name,
          }),
        );
        form.setValues((previous) => ({ ...previous, fields: {} }));
        onDone();
      },
      onError: (error) => form.setServerError(error),
    });
  };

  return (
    <FormFrame form={form} onSubmit={submit}>
      <SegmentedControl
        aria-label="Provider"
        value={provider}
        onChange={(value) => {
          form.setFieldValue('provider', value as Provider);
          form.clearErrors();
        }}
        data={PROVIDERS.map((p) => ({ value: p.value, label: p.label }))}
      />
      <Text size="sm" c="dimmed">
        {PROVIDERS.find((p) => p.value === provider)?.channels}. Credentials are encrypted and never
        shown again; only their last characters are.
      </Text>
      {sandboxAvailable && (
        <Switch
          label="Use the built-in sandbox"
          description="Talks to Switchboard's local emulator instead of the real provider: any well-formed values work. Only available when the server's sandbox is on."
          checked={sandbox}
          onChange={(e) => form.setFieldValue('sandbox', e.currentTarget.checked)}
        />
      )}
      {PROVIDER_FIELDS[provider].map((f) => (
        <ProviderFieldInput key={fieldKey(f)} field={f} form={form} />
      ))}
      <FormActions
        submitLabel={`Connect ${PROVIDER_LABEL[provider]}`}
        pending={createMutation.isPending}
        onCancel={onDone}
      />
    </FormFrame>
  );
}
