import {
  Alert,
  Anchor,
  Button,
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
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconSend } from '@tabler/icons-react';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { FormError } from '@/components/form-error';
import { errorMessage } from '@/lib/api/errors';
import { useCampaignAction } from '../api/campaign-actions';
import {
  integrationChannels,
  useIntegrationOptions,
  useTemplateDetail,
  useTemplateOptions,
} from '../api/form-options';
import { useAudiencePreview } from '../api/preview-audience';
import { useSaveCampaign } from '../api/save-campaign';
import type { Campaign } from '../api/types';
import { AudienceCounts } from './audience-counts';
import { AudienceFields } from './audience-fields';
import {
  audienceOf,
  browserTimeZone,
  EMPTY_VALUES,
  filterProblem,
  serverErrors,
  toInput,
  validate,
  valuesFromCampaign,
  type CampaignFormErrors,
  type CampaignFormValues,
} from './form-values';
import { LaunchDialog } from './launch-dialog';
import { TemplateVariables } from './template-variables';
import { CHANNEL_LABELS } from '@/lib/channels';

type CampaignFormProps = {
  orgId: string;
  /** A saved draft being edited; absent when creating one. */
  campaign?: Campaign;
  onSaved: (campaign: Campaign) => void;
};

function Section({ title, children }: { title: string; children: ReactNode }) {
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

/** Name, integration, template and its variables, audience with live counts, schedule, rate. */
export function CampaignForm({ orgId, campaign, onSaved }: CampaignFormProps) {
  const [values, setValues] = useState<CampaignFormValues>(() =>
    campaign ? valuesFromCampaign(campaign) : EMPTY_VALUES,
  );
  const [errors, setErrors] = useState<CampaignFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Set once the draft exists, so a launch retried after a failure updates it, not a copy.
  const [savedId, setSavedId] = useState<string | undefined>(campaign?.id);
  const [launchKey, setLaunchKey] = useState<string | null>(null);
  const [launchError, setLaunchError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const integrations = useIntegrationOptions(orgId);
  const templates = useTemplateOptions(orgId);
  const template = useTemplateDetail(orgId, values.templateId);
  const save = useSaveCampaign(orgId);
  const launch = useCampaignAction(orgId);

  const integration = integrations.data?.items.find((i) => i.id === values.integrationId);
  const channels = integration ? integrationChannels(integration) : [];
  const templateOptions = (templates.data?.items ?? [])
    .filter((t) => channels.includes(t.channel))
    .map((t) => ({ value: t.id, label: `${t.name} (${CHANNEL_LABELS[t.channel]})` }));
  const chosenTemplate = templates.data?.items.find((t) => t.id === values.templateId);
  const channel = chosenTemplate?.channel ?? (channels.length === 1 ? channels[0] : undefined);
  const channelLabel = channel ? CHANNEL_LABELS[channel] : null;
  const variables = template.data?.current.variables ?? [];

  const audience = audienceOf(values);
  // Shown while typing; no count is asked for a filter the server would refuse.
  const filterError = errors.filter || filterProblem(values) || undefined;
  const previewReady =
    values.integrationId !== null &&
    (audience.groupIds.length > 0 || audience.contactIds.length > 0) &&
    !filterError;
  const preview = useAudiencePreview(
    orgId,
    previewReady
      ? {
          integrationId: values.integrationId!,
          ...(values.templateId && { templateId: values.templateId }),
          audience,
        }
      : null,
  );

  /** Which error a change of this value clears. */
  const errorKeyOf = (key: keyof CampaignFormValues): string =>
    key === 'groupIds' || key === 'contactIds'
      ? 'audience'
      : key === 'filterQuery' || key === 'filterChannel'
        ? 'filter'
        : key === 'when' || key === 'scheduledLocal'
          ? 'scheduledAt'
          : key;

  const set = <K extends keyof CampaignFormValues>(key: K, value: CampaignFormValues[K]) => {
    setValues((prev) => ({ ...prev, [key]: value }));
    setErrors((prev) => ({ ...prev, [errorKeyOf(key)]: '' }));
  };

  const focusFirstInvalid = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  const check = (): boolean => {
    const found = validate(values, variables);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) {
      focusFirstInvalid();
      return false;
    }
    return true;
  };

  const showServerError = (error: unknown) => {
    const { fields, form } = serverErrors(error);
    setErrors(fields);
    setFormError(form);
    focusFirstInvalid();
  };

  const persist = async (): Promise<Campaign | null> => {
    try {
      const saved = await save.mutateAsync({
        campaignId: savedId,
        body: toInput(values, variables),
      });
      setSavedId(saved.id);
      return saved;
    } catch (error) {
      showServerError(error);
      return null;
    }
  };

  const saveDraft = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!check()) return;
    const saved = await persist();
    if (!saved) return;
    notifications.show({ color: 'teal', title: 'Draft saved', message: saved.name });
    onSaved(saved);
  };

  const openLaunch = () => {
    if (!check()) return;
    setLaunchError(null);
    setLaunchKey(crypto.randomUUID());
  };

  const confirmLaunch = async () => {
    const saved = await persist();
    if (!saved) {
      setLaunchKey(null);
      return;
    }
    try {
      const launched = await launch.mutateAsync({
        campaignId: saved.id,
        action: 'launch',
        idempotencyKey: launchKey ?? undefined,
      });
      setLaunchKey(null);
      notifications.show({
        color: 'teal',
        title: launched.status === 'scheduled' ? 'Campaign scheduled' : 'Campaign launched',
        message: launched.name,
      });
      onSaved(launched);
    } catch (error) {
      setLaunchError(errorMessage(error));
    }
  };

  const noIntegrations = integrations.isSuccess && integrations.data.items.length === 0;
  const scheduledAt =
    values.when === 'later' && values.scheduledLocal
      ? new Date(values.scheduledLocal).toISOString()
      : null;

  return (
    <>
      <form ref={formRef} onSubmit={(e) => void saveDraft(e)} noValidate>
        <Stack gap="lg" maw={820}>
          <FormError message={formError} />
          <Section title="Campaign">
            <TextInput
              label="Name"
              description="For you and your team; recipients never see it."
              required
              data-autofocus
              value={values.name}
              error={errors.name || undefined}
              onChange={(e) => set('name', e.currentTarget.value)}
            />
          </Section>

          <Section title="Message">
            {noIntegrations && (
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
              placeholder={integrations.isPending ? 'Loading…' : 'Choose an integration'}
              required
              data={(integrations.data?.items ?? []).map((i) => ({
                value: i.id,
                label: `${i.name} (${integrationChannels(i)
                  .map((c) => CHANNEL_LABELS[c])
                  .join(', ')})`,
                disabled: i.status === 'disabled',
              }))}
              value={values.integrationId}
              onChange={(id) => {
                const next = integrations.data?.items.find((i) => i.id === id);
                const fits =
                  next &&
                  chosenTemplate &&
                  integrationChannels(next).includes(chosenTemplate.channel);
                setValues((prev) => ({
                  ...prev,
                  integrationId: id,
                  templateId: fits ? prev.templateId : null,
                }));
                setErrors((prev) => ({ ...prev, integrationId: '' }));
              }}
              error={
                errors.integrationId ||
                (integrations.isError ? 'Could not load integrations' : undefined)
              }
            />
            <Select
              label="Template"
              description={
                integration
                  ? `Templates for ${channels.map((c) => CHANNEL_LABELS[c]).join(' or ')}. The version is pinned when the campaign launches.`
                  : 'Choose an integration first: it decides the channel.'
              }
              placeholder={integration ? 'Choose a template' : undefined}
              required
              disabled={!integration}
              searchable
              data={templateOptions}
              value={values.templateId}
              onChange={(id) => set('templateId', id)}
              nothingFoundMessage="No template for this channel"
              error={errors.templateId || undefined}
            />
            {integration && templates.isSuccess && templateOptions.length === 0 && (
              <Text size="sm" c="dimmed">
                No {channels.map((c) => CHANNEL_LABELS[c]).join(' or ')} template yet.{' '}
                <Anchor component={Link} to={`/orgs/${orgId}/templates/new`}>
                  Write one
                </Anchor>
                .
              </Text>
            )}
            {values.templateId && template.data && (
              <TemplateVariables
                variables={variables}
                values={values.variables}
                errors={errors}
                onChange={(name, value) => {
                  setValues((prev) => ({
                    ...prev,
                    variables: { ...prev.variables, [name]: value },
                  }));
                  setErrors((prev) => ({ ...prev, [`variables.${name}`]: '' }));
                }}
              />
            )}
          </Section>

          <Section title="Audience">
            <AudienceFields
              orgId={orgId}
              groupIds={values.groupIds}
              contactIds={values.contactIds}
              onGroupsChange={(ids) => set('groupIds', ids)}
              onContactsChange={(ids) => set('contactIds', ids)}
              filterQuery={values.filterQuery}
              filterChannel={values.filterChannel}
              onFilterQueryChange={(query) => set('filterQuery', query)}
              onFilterChannelChange={(channel) => set('filterChannel', channel)}
              error={errors.audience || undefined}
              filterError={filterError}
            />
            <AudienceCounts
              preview={preview}
              ready={previewReady}
              channelLabel={channelLabel}
              filtered={audience.filter !== undefined}
              blockedByFilter={filterError !== undefined}
            />
          </Section>

          <Section title="Delivery">
            <Radio.Group
              label="When"
              value={values.when}
              onChange={(when) => set('when', when as CampaignFormValues['when'])}
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
                onChange={(e) => set('scheduledLocal', e.currentTarget.value)}
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
              onChange={(v) => set('rateLimitPerSecond', typeof v === 'number' ? v : '')}
              error={errors.rateLimitPerSecond || undefined}
            />
          </Section>

          <Group justify="flex-end">
            <Button
              type="submit"
              variant="default"
              leftSection={<IconDeviceFloppy size={16} />}
              loading={save.isPending && launchKey === null}
            >
              Save draft
            </Button>
            <Button leftSection={<IconSend size={16} />} onClick={openLaunch}>
              {values.when === 'later' ? 'Schedule…' : 'Launch…'}
            </Button>
          </Group>
        </Stack>
      </form>
      <LaunchDialog
        opened={launchKey !== null}
        campaignName={values.name.trim()}
        scheduledAt={scheduledAt}
        counts={previewReady ? preview.data : undefined}
        channelLabel={channelLabel}
        onConfirm={() => void confirmLaunch()}
        onClose={() => setLaunchKey(null)}
        loading={save.isPending || launch.isPending}
        error={launchError}
      />
    </>
  );
}
