import { Button, Group, Stack, TextInput } from '@mantine/core';
import { IconDeviceFloppy, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '@/components/form-error';
import { errorMessage } from '@/lib/api/errors';
import { CHANNEL_LABELS } from '@/lib/channels';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { useUnsavedChanges } from '@/lib/use-unsaved-changes';
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
import { DeliverySection, MessageSection, Section } from './campaign-form-sections';
import {
  audienceOf,
  EMPTY_VALUES,
  errorKeyOf,
  filterProblem,
  serverErrorKey,
  toInput,
  validate,
  valuesFromCampaign,
} from './form-values';
import { LaunchDialog } from './launch-dialog';

type CampaignFormProps = {
  orgId: string;
  /** A saved draft being edited; absent when creating one. */
  campaign?: Campaign;
  onSaved: (campaign: Campaign) => void;
};

/** Name, integration, template and its variables, audience with live counts, schedule, rate. */
export function CampaignForm({ orgId, campaign, onSaved }: CampaignFormProps) {
  const integrations = useIntegrationOptions(orgId);
  const templates = useTemplateOptions(orgId);
  const { bindForm, ...form } = useForm({
    initialValues: () => (campaign ? valuesFromCampaign(campaign) : EMPTY_VALUES),
    validate: (current) => validate(current, variables),
    errorKeyOf,
    serverErrorKey,
  });
  const { values, errors } = form;
  const template = useTemplateDetail(orgId, values.templateId);
  const variables = template.data?.current.variables ?? [];
  // Set once the draft exists, so a launch retried after a failure updates it, not a copy.
  const [savedId, setSavedId] = useState<string | undefined>(campaign?.id);
  const [launchKey, setLaunchKey] = useState<string | null>(null);
  const [launchError, setLaunchError] = useState<string | null>(null);
  const save = useSaveCampaign(orgId);
  const launch = useCampaignAction(orgId);
  // Unsaved: what the form holds differs from what was loaded or last saved.
  const [savedJson, setSavedJson] = useState(() =>
    JSON.stringify(campaign ? valuesFromCampaign(campaign) : EMPTY_VALUES),
  );
  const guard = useUnsavedChanges(JSON.stringify(values) !== savedJson);

  const integration = integrations.data?.items.find((i) => i.id === values.integrationId);
  const channels = integration ? integrationChannels(integration) : [];
  const chosenTemplate = templates.data?.items.find((t) => t.id === values.templateId);
  const channel = chosenTemplate?.channel ?? (channels.length === 1 ? channels[0] : undefined);
  const channelLabel = channel ? CHANNEL_LABELS[channel] : null;

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

  const persist = async (): Promise<Campaign | null> => {
    try {
      const saved = await save.mutateAsync({
        campaignId: savedId,
        body: toInput(values, variables),
      });
      setSavedId(saved.id);
      setSavedJson(JSON.stringify(values));
      // What follows a save (the campaign's page) is not leaving unsaved work.
      guard.allowNavigation();
      return saved;
    } catch (error) {
      form.setServerError(error);
      return null;
    }
  };

  const saveDraft = async () => {
    const saved = await persist();
    if (!saved) return;
    notifyDone('Draft saved', saved.name);
    onSaved(saved);
  };

  const openLaunch = () => {
    if (!form.validate()) return;
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
      notifyDone(
        launched.status === 'scheduled' ? 'Campaign scheduled' : 'Campaign launched',
        launched.name,
      );
      onSaved(launched);
    } catch (error) {
      setLaunchError(errorMessage(error));
    }
  };

  const scheduledAt =
    values.when === 'later' && values.scheduledLocal
      ? new Date(values.scheduledLocal).toISOString()
      : null;

  return (
    <>
      <form ref={bindForm} onSubmit={form.onSubmit(() => void saveDraft())} noValidate>
        <Stack gap="lg" maw={820}>
          <FormError message={form.formError} />
          <Section title="Campaign">
            <TextInput
              label="Name"
              description="For you and your team; recipients never see it."
              required
              data-autofocus
              value={values.name}
              error={errors.name || undefined}
              onChange={(e) => form.setFieldValue('name', e.currentTarget.value)}
            />
          </Section>

          <MessageSection
            orgId={orgId}
            form={form}
            integrations={{
              items: integrations.data?.items,
              pending: integrations.isPending,
              failed: integrations.isError,
            }}
            templates={{ items: templates.data?.items, loaded: templates.isSuccess }}
            variables={template.data ? variables : undefined}
          />

          <Section title="Audience">
            <AudienceFields
              orgId={orgId}
              groupIds={values.groupIds}
              contactIds={values.contactIds}
              onGroupsChange={(ids) => form.setFieldValue('groupIds', ids)}
              onContactsChange={(ids) => form.setFieldValue('contactIds', ids)}
              filterQuery={values.filterQuery}
              filterChannel={values.filterChannel}
              onFilterQueryChange={(query) => form.setFieldValue('filterQuery', query)}
              onFilterChannelChange={(channel) => form.setFieldValue('filterChannel', channel)}
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

          <DeliverySection form={form} />

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
      {guard.dialog}
    </>
  );
}
