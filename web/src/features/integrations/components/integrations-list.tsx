import type { ReactNode } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPlug } from '@tabler/icons-react';
import { AddButton } from '@/components/add-button';
import { EmptyList } from '@/components/empty-list';
import { QueryState } from '@/components/query-state';
import { errorMessage } from '@/lib/api/errors';
import { useInstance } from '@/lib/instance';
import { notifyError } from '@/lib/notify';
import { useCreateSandboxSet } from '../api/create-sandbox-set';
import { useIntegrations, type Integration } from '../api/list-integrations';
import { IntegrationCard } from './integration-card';

type Props = {
  orgId: string;
  canManage: boolean;
  onCreate: () => void;
  /** What other features show at the end of each card (its alert rules). */
  footer?: (integration: Integration) => ReactNode;
};

export function IntegrationsList({ orgId, canManage, onCreate, footer }: Props) {
  const query = useIntegrations(orgId);
  const sandboxSet = useCreateSandboxSet(orgId);
  // Offered only where the server runs the sandbox (GET /api/v1/instance).
  const sandbox = useInstance().data?.sandbox === true;
  return (
    <QueryState
      query={query}
      what="integrations"
      skeleton={{ rows: 2, height: 180, gap: 'md' }}
      isEmpty={(data) => data.items.length === 0}
      empty={
        <EmptyList
          icon={IconPlug}
          title="No providers connected yet"
          description={`Connect SendGrid for email, Twilio for SMS and WhatsApp, a Telegram bot or an Instagram account${sandbox ? ' — or try the built-in sandbox first' : ''}.`}
          actions={
            canManage && (
              <>
                <AddButton onClick={onCreate}>Connect a provider</AddButton>
                {sandbox && (
                  <Button
                    variant="light"
                    loading={sandboxSet.isPending}
                    onClick={() =>
                      sandboxSet.mutate(undefined, {
                        onError: notifyError('Could not add the sandbox integrations'),
                      })
                    }
                  >
                    Try the sandbox
                  </Button>
                )}
              </>
            )
          }
        />
      }
    >
      {(data) => (
        <Stack gap="md">
          {/* A failed background refresh keeps the list on screen, saying it may be stale. */}
          {query.isError && (
            <Alert color="yellow" icon={<IconAlertTriangle size={18} />} role="status">
              <Group justify="space-between" gap="xs">
                <Text size="sm">
                  Could not refresh the integrations: {errorMessage(query.error)} What you see may
                  be out of date.
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
          {data.items.map((integration) => (
            <IntegrationCard
              key={integration.id}
              orgId={orgId}
              integration={integration}
              canManage={canManage}
              footer={footer?.(integration)}
            />
          ))}
        </Stack>
      )}
    </QueryState>
  );
}
