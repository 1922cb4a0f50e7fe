import {
  ActionIcon,
  Badge,
  Group,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUserMinus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DateTime } from '@/components/date-time';
import { ErrorState } from '@/components/error-state';
import { LoadMoreButton } from '@/components/load-more-button';
import { RoleBadge } from '@/components/role-badge';
import { errorMessage } from '@/lib/api/errors';
import { flattenPages } from '@/lib/api/pagination';
import { canAdminister, type Role } from '@/lib/roles';
import { useMembers, type Member } from '../api/list-members';
import { useRemoveMember } from '../api/remove-member';
import { MemberRoleSelect } from './member-role-select';
import { LoadingRows } from '@/components/loading-rows';

type MembersTableProps = { orgId: string; viewerRole: Role; viewerUserId: string };

/** Admins manage everyone but owners; owners manage everyone; nobody edits themselves here. */
function canManage(viewerRole: Role, viewerUserId: string, member: Member): boolean {
  if (!canAdminister(viewerRole) || member.userId === viewerUserId) return false;
  return member.role !== 'owner' || viewerRole === 'owner';
}

export function MembersTable({ orgId, viewerRole, viewerUserId }: MembersTableProps) {
  const membersQuery = useMembers(orgId);
  const removeMutation = useRemoveMember(orgId);
  // Kept after closing so the dialog text does not blank out during its exit transition.
  const [removing, setRemoving] = useState<Member | null>(null);
  const [confirmOpened, confirm] = useDisclosure(false);

  if (membersQuery.isPending) {
    return <LoadingRows label="Loading members" />;
  }
  if (membersQuery.isError) {
    return (
      <ErrorState
        title="Could not load members"
        error={membersQuery.error}
        onRetry={() => void membersQuery.refetch()}
        retrying={membersQuery.isRefetching}
      />
    );
  }

  const members = flattenPages(membersQuery.data);
  const confirmRemove = () => {
    if (!removing) return;
    removeMutation.mutate(removing.userId, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          title: 'Member removed',
          message: `${removing.name} no longer has access to this organization.`,
        });
        confirm.close();
      },
    });
  };

  return (
    <Stack>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Joined</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => {
              const manageable = canManage(viewerRole, viewerUserId, member);
              return (
                <Table.Tr key={member.userId}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {member.name}
                      </Text>
                      {member.userId === viewerUserId && (
                        <Badge size="xs" variant="outline" color="gray">
                          You
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {member.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {manageable ? (
                      <MemberRoleSelect orgId={orgId} member={member} viewerRole={viewerRole} />
                    ) : (
                      <RoleBadge role={member.role} />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={member.joinedAt} relative />
                  </Table.Td>
                  <Table.Td ta="right">
                    {manageable && (
                      <Tooltip label="Remove from organization" withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${member.name}`}
                          onClick={() => {
                            removeMutation.reset();
                            setRemoving(member);
                            confirm.open();
                          }}
                        >
                          <IconUserMinus size={18} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMoreButton
        hasNextPage={membersQuery.hasNextPage}
        isFetchingNextPage={membersQuery.isFetchingNextPage}
        onLoadMore={() => void membersQuery.fetchNextPage()}
      />
      <ConfirmDialog
        opened={confirmOpened}
        title="Remove member?"
        confirmLabel="Remove member"
        onConfirm={confirmRemove}
        onClose={confirm.close}
        loading={removeMutation.isPending}
        error={removeMutation.isError ? errorMessage(removeMutation.error) : null}
      >
        <b>{removing?.name}</b> ({removing?.email}) will immediately lose access to this
        organization. You can invite them again later.
      </ConfirmDialog>
    </Stack>
  );
}
