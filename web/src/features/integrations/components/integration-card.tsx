import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlugConnected,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { DeleteButton, EditButton } from '@/components/action-buttons';
import { CopyField } from '@/components/copy-field';
import { DateTime } from '@/components/date-time';
import { useConfirmAction } from '@/components/use-confirm-action';
import { notifyDone, notifyError } from '@/lib/notify';
import { useDeleteIntegration } from '../api/delete-integration';
import type { Integration } from '../api/list-integrations';
import { useTestIntegration, type ConnectionTestResult } from '../api/test-integration';
import { useUpdateIntegration } from '../api/update-integration';
import { EditIntegrationModal } from './edit-integration-modal';
import { IntegrationHealth, type IntegrationViewProps } from './integration-health';
import { credentialLabel, PROVIDER_LABEL, savedNotice, WEBHOOK_HELP } from './provider-fields';

const STATUS: Record<Integration['status'], { color: string; label: string }> = {
  active: { color: 'teal', label: 'Active' },
  needs_attention: { color: 'yellow', label: 'Needs attention' },
  disabled: { color: 'gray', label: 'Disabled' },
};

const PURPOSE_LABEL: Record<string, string> = {
  events: 'Event Webhook URL',
  status: 'Status callback URL',
  inbound: 'Incoming messages URL',
  updates: 'Webhook URL',
  callback: 'Callback URL',
};

export function IntegrationCard({
  orgId,
  integration,
  canManage,
  footer,
}: IntegrationViewProps & { footer?: ReactNode }) {
  const testMutation = useTestIntegration(orgId);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const updateMutation = useUpdateIntegration(orgId);
  const [editing, setEditing] = useState(false);
  const remove = useConfirmAction({
    mutation: useDeleteIntegration(orgId),
    variables: (deleted: Integration) => deleted.id,
    title: (deleted) => `Delete ${deleted.name}?`,
    confirmLabel: 'Delete integration',
    message: () =>
      'Messages can no longer be sent through it and its callbacks will be rejected. Its history stays in monitoring.',
    onDone: (_, deleted) => {
      // The card (and the button that had focus) is gone: continue from the page start.
      document.getElementById('main-content')?.focus();
      notifyDone('Integration deleted', deleted.name);
    },
  });
  const disabled = integration.status === 'disabled';
  const retryable = !(integration.lastTest && !integration.lastTest.ok);
  const setEnabled = (enabled: boolean) =>
    updateMutation.mutate(
      { id: integration.id, patch: { status: enabled ? 'active' : 'disabled' } },
      {
        onSuccess: (updated) =>
          notifications.show(
            savedNotice(
              updated,
              updated.status === 'needs_attention',
              {
                title: enabled ? 'Integration enabled' : 'Integration disabled',
                message: enabled
                  ? `${updated.name} sends messages again.`
                  : `${updated.name} no longer sends messages.`,
              },
              'Enabled, but it needs attention',
            ),
          ),
        onError: notifyError(
          enabled ? 'Could not enable the integration' : 'Could not disable the integration',
        ),
      },
    );
  const status = STATUS[integration.status];
  const { webhook } = integration;

  return (
    <Card withBorder padding="lg" component="section" aria-label={integration.name}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Title order={3} size="h4">
                {integration.name}
              </Title>
              <Badge color={status.color} variant="light">
                {status.label}
              </Badge>
              {integration.sandbox && (
                <Badge color="grape" variant="outline">
                  Sandbox
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {PROVIDER_LABEL[integration.provider]} ·{' '}
              {Object.entries(integration.credentialHints)
                .map(([k, v]) => `${credentialLabel(integration.provider, k)} ${v}`)
                .join(' · ')}
            </Text>
            {integration.lastTest && !result && (
              <Text size="sm" c="dimmed" component="div">
                Last connection test{' '}
                {integration.lastTest.ok ? 'worked' : 'failed (run it again to see what to fix)'},{' '}
                <DateTime value={integration.lastTest.at} relative />.
              </Text>
            )}
          </Stack>
          {canManage && (
            <Group gap="xs">
              <Button
                variant="light"
                leftSection={<IconPlugConnected size={16} />}
                loading={testMutation.isPending}
                onClick={() =>
                  testMutation.mutate(integration.id, {
                    onSuccess: setResult,
                    onError: notifyError('Test failed to run'),
                  })
                }
              >
                Test connection
              </Button>
              <EditButton onClick={() => setEditing(true)} />
              <Button
                variant="default"
                leftSection={
                  disabled ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />
                }
                loading={updateMutation.isPending}
                onClick={() => setEnabled(disabled)}
              >
                {disabled ? 'Enable' : 'Disable'}
              </Button>
              <DeleteButton variant="subtle" onClick={() => remove.ask(integration)} />
            </Group>
          )}
        </Group>

        {integration.status === 'disabled' && (
          <Text size="sm" c="dimmed">
            Disabled: Switchboard does not send through this integration. Enable it to send again.
          </Text>
        )}
        {integration.status === 'needs_attention' && integration.statusMessage && (
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{integration.statusMessage}</Text>
              {/* After a failed test the credentials need fixing (Edit); otherwise the setup
                  (e.g. Telegram's webhook registration) failed and can simply be retried. */}
              {canManage && !retryable && (
                <Text size="sm" c="dimmed">
                  Replace the credentials with Edit, then run Test connection again.
                </Text>
              )}
              {canManage && retryable && (
                <Button
                  size="xs"
                  variant="light"
                  color="yellow"
                  loading={updateMutation.isPending}
                  onClick={() => setEnabled(true)}
                >
                  Set up again
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        {result && (
          <Alert
            color={result.ok ? 'teal' : 'red'}
            icon={result.ok ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
            title={result.ok ? 'Connection works' : 'Connection failed'}
            role="status"
            withCloseButton
            onClose={() => setResult(null)}
          >
            {result.message}
          </Alert>
        )}

        <Stack gap="xs">
          {Object.entries(webhook.urls).map(([purpose, url]) => (
            <CopyField key={purpose} label={PURPOSE_LABEL[purpose] ?? purpose} value={url} />
          ))}
          {webhook.verifyToken && <CopyField label="Verify token" value={webhook.verifyToken} />}
          <Text size="xs" c="dimmed">
            {WEBHOOK_HELP[integration.provider]}
          </Text>
        </Stack>

        <IntegrationHealth orgId={orgId} integration={integration} canManage={canManage} />
        {footer}
      </Stack>
      {canManage && (
        <EditIntegrationModal
          orgId={orgId}
          integration={integration}
          opened={editing}
          onClose={() => setEditing(false)}
        />
      )}
      {remove.dialog}
    </Card>
  );
}
