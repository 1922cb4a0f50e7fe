import {
  Anchor,
  Button,
  EmptyState,
  Group,
  Skeleton,
  Stack,
  Table,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorState } from '@/components/error-state';
import { errorMessage } from '@/lib/api/errors';
import { useCreateGroup, useDeleteGroup, useGroups } from '../api/groups';

export function GroupsPanel({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const groups = useGroups(orgId);
  const create = useCreateGroup(orgId);
  const remove = useDeleteGroup(orgId);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  return (
    <Stack>
      {canEdit && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              { name: name.trim() },
              { onSuccess: () => setName(''), onError: (err) => setError(errorMessage(err)) },
            );
          }}
        >
          <Group align="flex-start">
            <TextInput
              aria-label="New group name"
              placeholder="New group name"
              value={name}
              error={error}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setError(null);
              }}
            />
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create group
            </Button>
          </Group>
        </form>
      )}
      {groups.isPending ? (
        <Skeleton height={100} role="status" aria-label="Loading groups" />
      ) : groups.isError ? (
        <ErrorState
          title="Could not load groups"
          error={groups.error}
          onRetry={() => void groups.refetch()}
        />
      ) : groups.data.items.length === 0 ? (
        <EmptyState
          icon={<IconUsersGroup size={28} />}
          withIndicatorBackground
          title="No groups yet"
          description="Groups are lists of contacts, e.g. a campaign audience."
          py="xl"
        />
      ) : (
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.data.items.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/orgs/${orgId}/contacts?groupId=${g.id}`}>
                    {g.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{g.memberCount}</Table.Td>
                <Table.Td>
                  {canEdit && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Delete group ${g.name}`}
                      onClick={() => {
                        remove.reset();
                        setDeleting({ id: g.id, name: g.name });
                      }}
                    >
                      Delete
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={`Delete the group ${deleting?.name ?? ''}?`}
        confirmLabel="Delete group"
        loading={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', title: 'Group deleted', message: deleting.name });
              setDeleting(null);
            },
          })
        }
      >
        Its contacts are not deleted, only removed from the group.
      </ConfirmDialog>
    </Stack>
  );
}
