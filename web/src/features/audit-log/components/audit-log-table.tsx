import { Button, Code, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconListSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyList } from '@/components/empty-list';
import { dateColumn, PagedTable } from '@/components/paged-table';
import { flattenPages } from '@/lib/api/pagination';
import { useAuditLog, type AuditLogEntry } from '../api/list-audit-log';
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

  return (
    <Stack>
      {filter}
      <PagedTable
        query={auditLogQuery}
        what="audit log"
        skeleton={{ rows: 4 }}
        errorTitle="Could not load the audit log"
        moreErrorTitle="Could not load more events"
        minWidth={820}
        dense
        columns={[
          dateColumn<AuditLogEntry>('time', 'Time', (entry) => entry.createdAt, { exact: true }),
          { key: 'action', header: 'Action', cell: (entry) => <Code>{entry.action}</Code> },
          { key: 'actor', header: 'Actor', cell: (entry) => <AuditActor actor={entry.actor} /> },
          { key: 'target', header: 'Target', cell: (entry) => <AuditTarget entry={entry} /> },
          {
            key: 'ip',
            header: 'IP address',
            cell: (entry) => (
              <Text size="sm" c={entry.ip ? undefined : 'dimmed'}>
                {entry.ip ?? '—'}
              </Text>
            ),
          },
          {
            key: 'details',
            header: <VisuallyHidden>Details</VisuallyHidden>,
            align: 'right',
            cell: (entry) => <AuditMetadata entry={entry} />,
          },
        ]}
        empty={
          <EmptyList
            icon={IconListSearch}
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
            actions={
              action && (
                <Button variant="default" onClick={() => onActionChange('')}>
                  Show all events
                </Button>
              )
            }
          />
        }
      />
    </Stack>
  );
}
