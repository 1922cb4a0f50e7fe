import { Alert, Button, EmptyState, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPlug, IconPlus } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { ErrorState } from '@/components/error-state';
import { errorMessage } from '@/lib/api/errors';
import { useCreateSandboxSet } from '../api/create-sandbox-set';
import { useIntegrations } from '../api/list-integrations';
import { IntegrationCard } from './integration-card';

type Props = { orgId: string; canManage: boolean; onCreate: () => void };

export function IntegrationsList({ orgId, canManage, onCreate }: Props) {
  const query = useIntegrations(orgId);
  const sandboxSet = useCreateSandboxSet(orgId);
  if (query.isPending) {
    return (
      <Stack gap="md" role="status" aria-label="Loading integrations">
        {[0, 1].map((row) => (
          <Skeleton key={row} height={180} />
        ))}
      </Stack>
    );
  }
  // A failed background refresh keeps the list on screen (see below); only a failed first load
  // replaces it.
  if (query.isError && !query.data) {
    return (
      <ErrorState
        title="Could not load integrations"
        error={query.error}
        onRetry={() => void query.refetch()}
        retrying={query.isRefetching}
      />
    );
  }
  if (query.data.items.length === 0) {
    return (
      <EmptyState
        icon={<IconPlug size={28} />}
        withIndicatorBackground
        title="No providers connected yet"
        description="Connect SendGrid for email, Twilio for SMS and WhatsApp, a Telegram bot or an Instagram account — or try the built-in sandbox first."
        py="xl"
      >
        {canManage && (
          <EmptyState.Actions>
            <Button leftSection={<IconPlus size={16} />} onClick={onCreate}>
              Connect a provider
            </Button>
            <Button
              variant="light"
              loading={sandboxSet.isPending}
              onClick={() =>
                sandboxSet.mutate(undefined, {
                  onError: (error) =>
                    notifications.show({
                      color: 'red',
                      title: 'Could not add the sandbox integrations',
                      message: errorMessage(error),
                    }),
                })
              }
            >
              Try the sandbox
            </Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  }
  return (
    <Stack gap="md">
      {query.isError && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} role="status">
          <Group justify="space-between" gap="xs">
            <Text size="sm">
              Could not refresh the integrations: {errorMessage(query.error)} What you see may be
              out of date.
            </Text>
            <Button
              size="xs"
              variant="light"
              loading={query.isRefetching}
              onClick={() => void query.refetch()}
            >
              Retry
            </Button>
          </Group>
        </Alert>
      )}
      {query.data.items.map((integration) => (
        <IntegrationCard
          key={integration.id}
          orgId={orgId}
          integration={integration}
          canManage={canManage}
        />
      ))}
    </Stack>
  );
}
