import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconEdit,
  IconPlayerPause,
  IconPlayerPlay,
  IconSend,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { FormError } from '@/components/form-error';
import { errorMessage } from '@/lib/api/errors';
import { useCampaignAction, type CampaignAction } from '../api/campaign-actions';
import { useDeleteCampaign } from '../api/delete-campaign';
import { CHANNEL_LABELS } from '@/lib/channels';
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
  const [pending, setPending] = useState<Confirmable | null>(null);
  const [launchKey, setLaunchKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
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

  const run = (which: CampaignAction) =>
    action.mutate(
      { campaignId: campaign.id, action: which, idempotencyKey: launchKey ?? undefined },
      {
        onSuccess: (updated) => {
          setPending(null);
          setLaunchKey(null);
          notifications.show({
            color: 'teal',
            title: `Campaign ${updated.status === 'running' ? 'sending' : updated.status}`,
            message: updated.name,
          });
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );

  const open = (which: Confirmable) => {
    setError(null);
    setPending(which);
  };
  const confirm = pending ? CONFIRM[pending] : null;

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
                setError(null);
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
              onClick={() => open(which)}
            >
              {BUTTON_LABELS[which]}
            </Button>
          );
        })}
      </Group>
      <Modal
        opened={confirm !== null}
        onClose={action.isPending ? () => {} : () => setPending(null)}
        title={confirm?.title(campaign.name)}
        centered
      >
        {confirm && pending && (
          <Stack>
            <Text size="sm">{confirm.body(campaign)}</Text>
            <FormError message={error} />
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => setPending(null)}
                disabled={action.isPending}
              >
                Keep it as it is
              </Button>
              <Button
                color={confirm.color}
                onClick={() => run(pending)}
                loading={action.isPending}
                data-autofocus
              >
                {confirm.label}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      {draft && (
        <LaunchDialog
          opened={launchKey !== null}
          campaignName={campaign.name}
          scheduledAt={campaign.scheduledAt}
          counts={preview.data}
          channelLabel={CHANNEL_LABELS[campaign.channel as keyof typeof CHANNEL_LABELS] ?? null}
          onConfirm={() => run('launch')}
          onClose={() => setLaunchKey(null)}
          loading={action.isPending}
          error={error}
        />
      )}
    </>
  );
}

/** "Delete draft", after a confirmation; a draft leaves no trace but the audit log. */
function DeleteDraft({ orgId, campaign, onDeleted }: Omit<CampaignActionsProps, 'editHref'>) {
  const remove = useDeleteCampaign(orgId);
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="light"
        color="red"
        leftSection={<IconTrash size={16} />}
        onClick={() => {
          remove.reset();
          setOpened(true);
        }}
      >
        Delete draft
      </Button>
      <ConfirmDialog
        opened={opened}
        title={`Delete “${campaign.name}”?`}
        confirmLabel="Delete draft"
        onClose={() => setOpened(false)}
        loading={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() =>
          remove.mutate(campaign.id, {
            onSuccess: () => {
              notifications.show({
                color: 'teal',
                title: 'Draft deleted',
                message: `“${campaign.name}” is gone from the campaigns.`,
              });
              onDeleted();
            },
          })
        }
      >
        The draft is deleted for everyone in the organization. Nothing was sent from it, and this
        cannot be undone.
      </ConfirmDialog>
    </>
  );
}
