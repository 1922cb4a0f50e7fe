import { Badge, Code, Group, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { AddButton } from '@/components/add-button';
import { DangerButton } from '@/components/danger-button';
import { DateTime } from '@/components/date-time';
import { EmptyList } from '@/components/empty-list';
import { actionsColumn, dateColumn, PagedTable, type Column } from '@/components/paged-table';
import { useConfirmAction } from '@/components/use-confirm-action';
import { formatDateTime } from '@/lib/format';
import { notifyDone } from '@/lib/notify';
import { useApiKeys, type ApiKey } from '../api/list-api-keys';
import { useRevokeApiKey } from '../api/revoke-api-key';

type ApiKeysTableProps = { orgId: string; canManage: boolean; onCreate: () => void };

export function ApiKeysTable({ orgId, canManage, onCreate }: ApiKeysTableProps) {
  const apiKeysQuery = useApiKeys(orgId);
  const revoke = useConfirmAction({
    mutation: useRevokeApiKey(orgId),
    variables: (apiKey: ApiKey) => apiKey.id,
    title: 'Revoke API key?',
    confirmLabel: 'Revoke API key',
    message: (apiKey) => (
      <>
        Any application using <b>{apiKey.name}</b> will stop working immediately. This cannot be
        undone.
      </>
    ),
    onDone: (_, apiKey) =>
      notifyDone('API key revoked', `Requests using “${apiKey.name}” are now rejected.`),
  });

  const status: Column<ApiKey> = canManage
    ? actionsColumn((apiKey) =>
        apiKey.revokedAt ? (
          <RevokedBadge revokedAt={apiKey.revokedAt} />
        ) : (
          <DangerButton
            aria-label={`Revoke API key ${apiKey.name}`}
            onClick={() => revoke.ask(apiKey)}
          >
            Revoke
          </DangerButton>
        ),
      )
    : {
        key: 'status',
        header: 'Status',
        align: 'right',
        cell: (apiKey) =>
          apiKey.revokedAt ? (
            <RevokedBadge revokedAt={apiKey.revokedAt} />
          ) : (
            <Badge color="teal" variant="light">
              Active
            </Badge>
          ),
      };

  return (
    <PagedTable
      query={apiKeysQuery}
      what="API keys"
      minWidth={760}
      rowProps={(apiKey) => ({ c: apiKey.revokedAt ? 'dimmed' : undefined })}
      columns={[
        {
          key: 'name',
          header: 'Name',
          cell: (apiKey) => (
            <Text size="sm" fw={500} td={apiKey.revokedAt ? 'line-through' : undefined}>
              {apiKey.name}
            </Text>
          ),
        },
        { key: 'key', header: 'Key', cell: (apiKey) => <Code>{apiKey.prefix}…</Code> },
        {
          key: 'scopes',
          header: 'Scopes',
          cell: (apiKey) => (
            <Group gap={4}>
              {apiKey.scopes.map((scope) => (
                <Badge key={scope} size="sm" variant="outline" color="gray">
                  {scope}
                </Badge>
              ))}
            </Group>
          ),
        },
        dateColumn<ApiKey>('created', 'Created', (apiKey) => apiKey.createdAt),
        {
          key: 'used',
          header: 'Last used',
          cell: (apiKey) =>
            apiKey.lastUsedAt ? (
              <DateTime value={apiKey.lastUsedAt} relative />
            ) : (
              <Text size="sm" c="dimmed">
                Never
              </Text>
            ),
        },
        status,
      ]}
      empty={
        <EmptyList
          icon={IconKey}
          title="No API keys yet"
          description="API keys let your own systems call the Switchboard API on behalf of this organization."
          actions={canManage && <AddButton onClick={onCreate}>Create API key</AddButton>}
        />
      }
    >
      {revoke.dialog}
    </PagedTable>
  );
}

function RevokedBadge({ revokedAt }: { revokedAt: string }) {
  return (
    <Badge color="red" variant="light" title={`Revoked ${formatDateTime(revokedAt)}`}>
      Revoked
    </Badge>
  );
}
