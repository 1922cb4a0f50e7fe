import { Button, Group } from '@mantine/core';
import { IconEdit, IconPlayerPause, IconPlayerPlay, IconSend, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { DeleteButton } from '@/components/action-buttons';
import { useConfirmAction } from '@/components/use-confirm-action';
import { errorMessage } from '@/lib/api/errors';
import { channelLabel } from '@/lib/channels';
import { notifyDone } from '@/lib/notify';
import { useCampaignAction, type CampaignAction } from '../api/campaign-actions';
import { useDeleteCampaign } from '../api/delete-campaign';
import { useAudiencePreview } from '../api/preview-audience';
import type { Campaign } from '../api/types';
import { LaunchDialog } from './launch-dialog';

type Confirmable = Exclude<CampaignAction, 'launch'>;

const CONFIRM: Record<
  Confirmable,
  { title: (name: string) => string; body: (c: Campaign) => string; label: string; color: string }
> = {
  pause: {
    title: (name) => `Pause “${name}”?`,
    body: (c) =>
      c.status === 'scheduled'
        ? 'It will not start at its scheduled time until you resume it.'
        : 'Messages not yet handed to the provider wait until you resume. Those already sent keep reporting their delivery.',
    label: 'Pause sending',
    color: 'yellow',
  },
  resume: {
    title: (name) => `Resume “${name}”?`,
    body: (c) =>
      `The ${c.stats.queued.toLocaleString()} queued message(s) will be sent, at the campaign's rate.`,
    label: 'Resume sending',
    color: 'blue',
  },
  cancel: {
    title: (name) => `Cancel “${name}”?`,
    body: (c) =>
      c.status === 'scheduled'
        ? 'It will never be sent. This cannot be undone.'
        : `The ${(c.stats.queued + c.stats.sending).toLocaleString()} message(s) not yet sent will never be sent. Messages already sent are not recalled. This cannot be undone.`,
    label: 'Cancel campaign',
    color: 'red',
  },
};

/** A draft is deleted rather than cancelled (it never sent anything): see DeleteDraft. */
const AVAILABLE: Record<Campaign['status'], Confirmable[]> = {
  draft: [],
  scheduled: ['pause', 'cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  completed: [],
  cancelled: [],
};

const ICONS = { pause: IconPlayerPause, resume: IconPlayerPlay, cancel: IconX };
const BUTTON_LABELS = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel campaign' };

type CampaignActionsProps = {
  orgId: string;
  campaign: Campaign;
  editHref: string;
  /** After the draft was deleted: the page it was on no longer exists. */
  onDeleted: () => void;
};

/** What can be done to a campaign in its current status, each after a confirmation. */
export function CampaignActions({ orgId, campaign, editHref, onDeleted }: CampaignActionsProps) {
  const action = useCampaignAction(orgId);
  const [launchKey, setLaunchKey] = useState<string | null>(null);
  const draft = campaign.status === 'draft';
  const preview = useAudiencePreview(
    orgId,
    draft
      ? {
          integrationId: campaign.integrationId,
          templateId: campaign.templateId,
          audience: campaign.audience,
        }
      : null,
  );
  const notifyChanged = (updated: Campaign) =>
    notifyDone(
      `Campaign ${updated.status === 'running' ? 'sending' : updated.status}`,
      updated.name,
    );
  const change = useConfirmAction({
    mutation: action,
    variables: (which: Confirmable) => ({ campaignId: campaign.id, action: which }),
    title: (which) => CONFIRM[which].title(campaign.name),
    confirmLabel: (which) => CONFIRM[which].label,
    confirmColor: (which) => CONFIRM[which].color,
    cancelLabel: 'Keep it as it is',
    message: (which) => CONFIRM[which].body(campaign),
    onDone: notifyChanged,
  });

  const launch = () =>
    action.mutate(
      { campaignId: campaign.id, action: 'launch', idempotencyKey: launchKey ?? undefined },
      {
        onSuccess: (updated) => {
          setLaunchKey(null);
          notifyChanged(updated);
        },
      },
    );

  return (
    <>
      <Group gap="sm">
        {draft && (
          <>
            <Button
              component={Link}
              to={editHref}
              variant="default"
              leftSection={<IconEdit size={16} />}
            >
              Edit
            </Button>
            <Button
              leftSection={<IconSend size={16} />}
              onClick={() => {
                action.reset();
                setLaunchKey(crypto.randomUUID());
              }}
            >
              {campaign.scheduledAt ? 'Schedule…' : 'Launch…'}
            </Button>
            <DeleteDraft orgId={orgId} campaign={campaign} onDeleted={onDeleted} />
          </>
        )}
        {AVAILABLE[campaign.status].map((which) => {
          const Icon = ICONS[which];
          return (
            <Button
              key={which}
              variant={which === 'cancel' ? 'light' : 'default'}
              color={which === 'cancel' ? 'red' : undefined}
              leftSection={<Icon size={16} />}
              onClick={() => change.ask(which)}
            >
              {BUTTON_LABELS[which]}
            </Button>
          );
        })}
      </Group>
      {change.dialog}
      {draft && (
        <LaunchDialog
          opened={launchKey !== null}
          campaignName={campaign.name}
          scheduledAt={campaign.scheduledAt}
          counts={preview.data}
          channelLabel={channelLabel(campaign.channel)}
          onConfirm={launch}
          onClose={() => setLaunchKey(null)}
          loading={action.isPending}
          error={action.error ? errorMessage(action.error) : null}
        />
      )}
    </>
  );
}

/** "Delete draft", after a confirmation; a draft leaves no trace but the audit log. */
function DeleteDraft({ orgId, campaign, onDeleted }: Omit<CampaignActionsProps, 'editHref'>) {
  const remove = useConfirmAction({
    mutation: useDeleteCampaign(orgId),
    variables: (deleted: Campaign) => deleted.id,
    title: (deleted) => `Delete “${deleted.name}”?`,
    confirmLabel: 'Delete draft',
    message: () =>
      'The draft is deleted for everyone in the organization. Nothing was sent from it, and this cannot be undone.',
    onDone: (_, deleted) => {
      notifyDone('Draft deleted', `“${deleted.name}” is gone from the campaigns.`);
      onDeleted();
    },
  });
  return (
    <>
      <DeleteButton onClick={() => remove.ask(campaign)}>Delete draft</DeleteButton>
      {remove.dialog}
    </>
  );
}
