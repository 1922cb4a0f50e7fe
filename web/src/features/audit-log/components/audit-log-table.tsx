import {
  Button,
  Code,
  EmptyState,
  LoadingOverlay,
  Skeleton,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconListSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { DateTime } from '@/components/date-time';
import { ErrorState } from '@/components/error-state';
import { LoadMoreButton } from '@/components/load-more-button';
import { flattenPages } from '@/lib/api/pagination';
import { useAuditLog } from '../api/list-audit-log';
import { AuditActionFilter } from './audit-action-filter';
import { AuditActor, AuditMetadata, AuditTarget } from './audit-entry-parts';

type AuditLogTableProps = {
  orgId: string;
  /** Action filter (exact, or a prefix ending in "."); '' shows everything. */
  action: string;
  onActionChange: (action: string) => void;
};

export function AuditLogTable({ orgId, action, onActionChange }: AuditLogTableProps) {
  const auditLogQuery = useAuditLog(orgId, action ? { action } : {});
  const entries = flattenPages(auditLogQuery.data);
  // Suggestions: every action seen so far and its prefix (`api_key.created` → `api_key.`), kept
  // across filters. State adjusted during render, React's pattern for deriving from past renders.
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const seen = entries.flatMap((entry) => [entry.action, entry.action.replace(/[^.]+$/, '')]);
  if (seen.some((candidate) => candidate !== '' && !suggestions.includes(candidate))) {
    setSuggestions([...new Set([...suggestions, ...seen])].filter(Boolean).sort());
  }

  const filter = (
    <AuditActionFilter
      key={action}
      value={action}
      onChange={onActionChange}
      suggestions={suggestions}
    />
  );

  if (auditLogQuery.isPending) {
    return (
      <Stack>
        {filter}
        <Stack gap="xs" role="status" aria-label="Loading audit log">
          {[0, 1, 2, 3].map((row) => (
            <Skeleton key={row} height={40} />
          ))}
        </Stack>
      </Stack>
    );
  }
  if (auditLogQuery.isError && entries.length === 0) {
    return (
      <Stack>
        {filter}
        <ErrorState
          title="Could not load the audit log"
          error={auditLogQuery.error}
          onRetry={() => void auditLogQuery.refetch()}
          retrying={auditLogQuery.isRefetching}
        />
      </Stack>
    );
  }

  if (entries.length === 0) {
    return (
      <Stack>
        {filter}
        <EmptyState
          icon={<IconListSearch size={28} />}
          withIndicatorBackground
          title={action ? 'No matching events' : 'No events yet'}
          description={
            action ? (
              <>
                Nothing was recorded with the action <Code>{action}</Code>.
              </>
            ) : (
              'Security-relevant actions such as sign-ins, invitations and API key changes appear here.'
            )
          }
          py="xl"
        >
          {action && (
            <EmptyState.Actions>
              <Button variant="default" onClick={() => onActionChange('')}>
                Show all events
              </Button>
            </EmptyState.Actions>
          )}
        </EmptyState>
      </Stack>
    );
  }

  return (
    <Stack>
      {filter}
      <Table.ScrollContainer minWidth={820} pos="relative">
        <LoadingOverlay visible={auditLogQuery.isPlaceholderData} zIndex={1} />
        <Table verticalSpacing="xs" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th>IP address</Table.Th>
              <Table.Th>
                <VisuallyHidden>Details</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>
                  <DateTime value={entry.createdAt} />
                </Table.Td>
                <Table.Td>
                  <Code>{entry.action}</Code>
                </Table.Td>
                <Table.Td>
                  <AuditActor actor={entry.actor} />
                </Table.Td>
                <Table.Td>
                  <AuditTarget entry={entry} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={entry.ip ? undefined : 'dimmed'}>
                    {entry.ip ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <AuditMetadata entry={entry} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {auditLogQuery.isFetchNextPageError && (
        <ErrorState title="Could not load more events" error={auditLogQuery.error} />
      )}
      <LoadMoreButton
        hasNextPage={auditLogQuery.hasNextPage}
        isFetchingNextPage={auditLogQuery.isFetchingNextPage}
        onLoadMore={() => void auditLogQuery.fetchNextPage()}
      />
    </Stack>
  );
}
