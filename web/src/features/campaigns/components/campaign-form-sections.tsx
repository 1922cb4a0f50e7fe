import {
  Alert,
  Anchor,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CHANNEL_LABELS } from '@/lib/channels';
import type { FormState } from '@/lib/use-form';
import {
  integrationChannels,
  type IntegrationOption,
  type TemplateChannel,
  type TemplateOption,
  type TemplateVariable,
} from '../api/form-options';
import { browserTimeZone, type CampaignFormValues } from './form-values';
import { TemplateVariables } from './template-variables';

type CampaignFormState = Omit<FormState<CampaignFormValues>, 'bindForm'>;

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

const channelList = (channels: TemplateChannel[], separator: string) =>
  channels.map((c) => CHANNEL_LABELS[c]).join(separator);

type MessageSectionProps = {
  orgId: string;
  form: CampaignFormState;
  integrations: { items: IntegrationOption[] | undefined; pending: boolean; failed: boolean };
  templates: { items: TemplateOption[] | undefined; loaded: boolean };
  /** The chosen template's declared variables, once its details are loaded. */
  variables: TemplateVariable[] | undefined;
};

/** The integration, the template (of a channel the integration sends on) and its variables. */
export function MessageSection({
  orgId,
  form,
  integrations,
  templates,
  variables,
}: MessageSectionProps) {
  const { values, errors } = form;
  const integration = integrations.items?.find((i) => i.id === values.integrationId);
  const channels = integration ? integrationChannels(integration) : [];
  const templateOptions = (templates.items ?? [])
    .filter((t) => channels.includes(t.channel))
    .map((t) => ({ value: t.id, label: `${t.name} (${CHANNEL_LABELS[t.channel]})` }));
  const chosenTemplate = templates.items?.find((t) => t.id === values.templateId);

  const chooseIntegration = (id: string | null) => {
    const next = integrations.items?.find((i) => i.id === id);
    // A template of a channel the new integration does not send on is dropped.
    const fits =
      next && chosenTemplate && integrationChannels(next).includes(chosenTemplate.channel);
    form.setValues((prev) => ({
      ...prev,
      integrationId: id,
      templateId: fits ? prev.templateId : null,
    }));
    form.clearError('integrationId');
  };

  return (
    <Section title="Message">
      {integrations.items?.length === 0 && (
        <Alert color="yellow" title="No integration yet">
          Connect a provider (or try the sandbox) on the{' '}
          <Anchor component={Link} to={`/orgs/${orgId}/integrations`}>
            integrations page
          </Anchor>{' '}
          first.
        </Alert>
      )}
      <Select
        label="Integration"
        description="The provider account the messages go through."
        placeholder={integrations.pending ? 'Loading…' : 'Choose an integration'}
        required
        data={(integrations.items ?? []).map((i) => ({
          value: i.id,
          label: `${i.name} (${channelList(integrationChannels(i), ', ')})`,
          disabled: i.status === 'disabled',
        }))}
        value={values.integrationId}
        onChange={chooseIntegration}
        error={
          errors.integrationId || (integrations.failed ? 'Could not load integrations' : undefined)
        }
      />
      <Select
        label="Template"
        description={
          integration
            ? `Templates for ${channelList(channels, ' or ')}. The version is pinned when the campaign launches.`
            : 'Choose an integration first: it decides the channel.'
        }
        placeholder={integration ? 'Choose a template' : undefined}
        required
        disabled={!integration}
        searchable
        data={templateOptions}
        value={values.templateId}
        onChange={(id) => form.setFieldValue('templateId', id)}
        nothingFoundMessage="No template for this channel"
        error={errors.templateId || undefined}
      />
      {integration && templates.loaded && templateOptions.length === 0 && (
        <Text size="sm" c="dimmed">
          No {channelList(channels, ' or ')} template yet.{' '}
          <Anchor component={Link} to={`/orgs/${orgId}/templates/new`}>
            Write one
          </Anchor>
          .
        </Text>
      )}
      {values.templateId && variables && (
        <TemplateVariables
          variables={variables}
          values={values.variables}
          errors={errors}
          onChange={(name, value) => {
            form.setValues((prev) => ({
              ...prev,
              variables: { ...prev.variables, [name]: value },
            }));
            form.clearError(`variables.${name}`);
          }}
        />
      )}
    </Section>
  );
}

/** When the campaign sends, and how fast. */
export function DeliverySection({ form }: { form: CampaignFormState }) {
  const { values, errors } = form;
  return (
    <Section title="Delivery">
      <Radio.Group
        label="When"
        value={values.when}
        onChange={(when) => form.setFieldValue('when', when as CampaignFormValues['when'])}
      >
        <Group mt={4}>
          <Radio value="now" label="As soon as it is launched" />
          <Radio value="later" label="At a date and time" />
        </Group>
      </Radio.Group>
      {values.when === 'later' && (
        <TextInput
          type="datetime-local"
          label="Send at"
          description={`Time zone: ${browserTimeZone()}`}
          required
          w={280}
          value={values.scheduledLocal}
          onChange={(e) => form.setFieldValue('scheduledLocal', e.currentTarget.value)}
          error={errors.scheduledAt || undefined}
        />
      )}
      <NumberInput
        label="Rate limit (messages per second)"
        description="Optional. Without it, the integration's own limit applies."
        min={1}
        max={1000}
        allowDecimal={false}
        allowNegative={false}
        w={280}
        value={values.rateLimitPerSecond}
        onChange={(v) => form.setFieldValue('rateLimitPerSecond', typeof v === 'number' ? v : '')}
        error={errors.rateLimitPerSecond || undefined}
      />
    </Section>
  );
}
