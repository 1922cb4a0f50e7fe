import {
  Badge,
  Button,
  Code,
  EmptyState,
  Group,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DateTime } from '@/components/date-time';
import { ErrorState } from '@/components/error-state';
import { LoadMoreButton } from '@/components/load-more-button';
import { errorMessage } from '@/lib/api/errors';
import { flattenPages } from '@/lib/api/pagination';
import { formatDateTime } from '@/lib/format';
import { useApiKeys, type ApiKey } from '../api/list-api-keys';
import { useRevokeApiKey } from '../api/revoke-api-key';
import { LoadingRows } from '@/components/loading-rows';

type ApiKeysTableProps = { orgId: string; canManage: boolean; onCreate: () => void };

export function ApiKeysTable({ orgId, canManage, onCreate }: ApiKeysTableProps) {
  const apiKeysQuery = useApiKeys(orgId);
  const revokeMutation = useRevokeApiKey(orgId);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [confirmOpened, confirm] = useDisclosure(false);

  if (apiKeysQuery.isPending) {
    return <LoadingRows label="Loading API keys" />;
  }
  if (apiKeysQuery.isError) {
    return (
      <ErrorState
        title="Could not load API keys"
        error={apiKeysQuery.error}
        onRetry={() => void apiKeysQuery.refetch()}
        retrying={apiKeysQuery.isRefetching}
      />
    );
  }

  const apiKeys = flattenPages(apiKeysQuery.data);
  if (apiKeys.length === 0) {
    return (
      <EmptyState
        icon={<IconKey size={28} />}
        withIndicatorBackground
        title="No API keys yet"
        description="API keys let your own systems call the Switchboard API on behalf of this organization."
        py="xl"
      >
        {canManage && (
          <EmptyState.Actions>
            <Button leftSection={<IconPlus size={16} />} onClick={onCreate}>
              Create API key
            </Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  }

  const confirmRevoke = () => {
    if (!revoking) return;
    revokeMutation.mutate(revoking.id, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          title: 'API key revoked',
          message: `Requests using “${revoking.name}” are now rejected.`,
        });
        confirm.close();
      },
    });
  };

  return (
    <Stack>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Scopes</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>{canManage ? <VisuallyHidden>Actions</VisuallyHidden> : 'Status'}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {apiKeys.map((apiKey) => (
              <Table.Tr key={apiKey.id} c={apiKey.revokedAt ? 'dimmed' : undefined}>
                <Table.Td>
                  <Text size="sm" fw={500} td={apiKey.revokedAt ? 'line-through' : undefined}>
                    {apiKey.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Code>{apiKey.prefix}…</Code>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {apiKey.scopes.map((scope) => (
                      <Badge key={scope} size="sm" variant="outline" color="gray">
                        {scope}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <DateTime value={apiKey.createdAt} relative />
                </Table.Td>
                <Table.Td>
                  {apiKey.lastUsedAt ? (
                    <DateTime value={apiKey.lastUsedAt} relative />
                  ) : (
                    <Text size="sm" c="dimmed">
                      Never
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {apiKey.revokedAt ? (
                    <Badge
                      color="red"
                      variant="light"
                      title={`Revoked ${formatDateTime(apiKey.revokedAt)}`}
                    >
                      Revoked
                    </Badge>
                  ) : canManage ? (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Revoke API key ${apiKey.name}`}
                      onClick={() => {
                        revokeMutation.reset();
                        setRevoking(apiKey);
                        confirm.open();
                      }}
                    >
                      Revoke
                    </Button>
                  ) : (
                    <Badge color="teal" variant="light">
                      Active
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMoreButton
        hasNextPage={apiKeysQuery.hasNextPage}
        isFetchingNextPage={apiKeysQuery.isFetchingNextPage}
        onLoadMore={() => void apiKeysQuery.fetchNextPage()}
      />
      <ConfirmDialog
        opened={confirmOpened}
        title="Revoke API key?"
        confirmLabel="Revoke API key"
        onConfirm={confirmRevoke}
        onClose={confirm.close}
        loading={revokeMutation.isPending}
        error={revokeMutation.isError ? errorMessage(revokeMutation.error) : null}
      >
        Any application using <b>{revoking?.name}</b> will stop working immediately. This cannot be
        undone.
      </ConfirmDialog>
    </Stack>
  );
}
