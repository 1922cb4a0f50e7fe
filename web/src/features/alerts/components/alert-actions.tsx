import { Button, Group } from '@mantine/core';
import { IconBellOff, IconBellRinging, IconCheck, IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { notifyDone, notifyError } from '@/lib/notify';
import { useAlertAction } from '../api/alerts';
import type { Alert } from '../api/types';
import { AlertActionModal, type CommentedAction } from './alert-action-modal';

export const isSilenced = (alert: Pick<Alert, 'silencedUntil'>, now = Date.now()) =>
  alert.silencedUntil !== null && new Date(alert.silencedUntil).getTime() > now;

type Props = {
  orgId: string;
  alert: Alert;
  size?: 'xs' | 'sm';
};

/**
 * What a member can do with an alert in its state: acknowledge an open one, resolve an
 * unresolved one, silence it or end its silence (which also holds after it resolved).
 */
export function AlertActions({ orgId, alert, size = 'sm' }: Props) {
  const [asked, setAsked] = useState<CommentedAction | null>(null);
  const unsilence = useAlertAction(orgId);
  const silenced = isSilenced(alert);
  const label = (verb: string) => `${verb}: ${alert.title}`;
  return (
    <Group gap="xs" wrap="wrap" justify="flex-end">
      {alert.status === 'open' && (
        <Button
          size={size}
          variant="light"
          leftSection={<IconEye size={16} />}
          onClick={() => setAsked('acknowledge')}
          aria-label={label('Acknowledge')}
        >
          Acknowledge
        </Button>
      )}
      {alert.status !== 'resolved' && (
        <Button
          size={size}
          variant="light"
          color="teal"
          leftSection={<IconCheck size={16} />}
          onClick={() => setAsked('resolve')}
          aria-label={label('Resolve')}
        >
          Resolve
        </Button>
      )}
      {silenced ? (
        <Button
          size={size}
          variant="default"
          leftSection={<IconBellRinging size={16} />}
          loading={unsilence.isPending}
          aria-label={label('End silence')}
          onClick={() =>
            unsilence.mutate(
              { action: 'unsilence', alertId: alert.id },
              {
                onSuccess: () => notifyDone('Silence ended', alert.title),
                onError: notifyError('Could not end the silence'),
              },
            )
          }
        >
          End silence
        </Button>
      ) : (
        alert.status !== 'resolved' && (
          <Button
            size={size}
            variant="default"
            leftSection={<IconBellOff size={16} />}
            onClick={() => setAsked('silence')}
            aria-label={label('Silence')}
          >
            Silence
          </Button>
        )
      )}
      <AlertActionModal orgId={orgId} alert={alert} action={asked} onClose={() => setAsked(null)} />
    </Group>
  );
}
