import { Badge, Group, Text } from '@mantine/core';
import { actionsColumn, dateColumn, DataTable } from '@/components/data-table';
import { DangerButton } from '@/components/danger-button';
import { QueryState } from '@/components/query-state';
import { useConfirmAction } from '@/components/use-confirm-action';
import { useEndSession, useSessions, type UserSession } from '../api/account';

/** Where the user is signed in; each session can be signed out (this one too). */
export function SessionsList() {
  const sessions = useSessions();
  const end = useEndSession();
  const confirm = useConfirmAction({
    mutation: end,
    variables: (session: UserSession) => session.id,
    title: (s) => (s.current ? 'Sign out here?' : `Sign out ${s.device}?`),
    confirmLabel: 'Sign out',
    message: (s) =>
      s.current
        ? 'This is the session you are using: you will need to sign in again.'
        : 'That browser will need to sign in again.',
    onDone: (_result, s) => {
      if (s.current) window.location.assign('/login');
    },
  });
  return (
    <QueryState query={sessions} what="sessions">
      {(data) => (
        <>
          <DataTable
            rows={data.items}
            minWidth={520}
            columns={[
              {
                key: 'device',
                header: 'Device',
                cell: (s) => (
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm">{s.device}</Text>
                    {s.current && (
                      <Badge size="sm" variant="light">
                        This session
                      </Badge>
                    )}
                  </Group>
                ),
              },
              { key: 'ip', header: 'IP address', cell: (s) => s.ip ?? '—' },
              dateColumn<UserSession>('lastSeenAt', 'Last seen', (s) => s.lastSeenAt),
              actionsColumn<UserSession>((s) => (
                <DangerButton onClick={() => confirm.ask(s)} aria-label={`Sign out ${s.device}`}>
                  Sign out
                </DangerButton>
              )),
            ]}
          />
          {confirm.dialog}
        </>
      )}
    </QueryState>
  );
}
