import { ActionIcon, Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import { actionsColumn, dateColumn, PagedTable } from '@/components/paged-table';
import { RoleBadge } from '@/components/role-badge';
import { useConfirmAction } from '@/components/use-confirm-action';
import { notifyDone } from '@/lib/notify';
import { canAdminister, type Role } from '@/lib/roles';
import { useMembers, type Member } from '../api/list-members';
import { useRemoveMember } from '../api/remove-member';
import { MemberRoleSelect } from './member-role-select';

type MembersTableProps = { orgId: string; viewerRole: Role; viewerUserId: string };

/** Admins manage everyone but owners; owners manage everyone; nobody edits themselves here. */
function canManage(viewerRole: Role, viewerUserId: string, member: Member): boolean {
  if (!canAdminister(viewerRole) || member.userId === viewerUserId) return false;
  return member.role !== 'owner' || viewerRole === 'owner';
}

export function MembersTable({ orgId, viewerRole, viewerUserId }: MembersTableProps) {
  const membersQuery = useMembers(orgId);
  const remove = useConfirmAction({
    mutation: useRemoveMember(orgId),
    variables: (member: Member) => member.userId,
    title: 'Remove member?',
    confirmLabel: 'Remove member',
    message: (member) => (
      <>
        <b>{member.name}</b> ({member.email}) will immediately lose access to this organization. You
        can invite them again later.
      </>
    ),
    onDone: (_, member) =>
      notifyDone('Member removed', `${member.name} no longer has access to this organization.`),
  });
  const manageable = (member: Member) => canManage(viewerRole, viewerUserId, member);

  return (
    <PagedTable
      query={membersQuery}
      what="members"
      minWidth={640}
      rowKey={(member) => member.userId}
      columns={[
        {
          key: 'member',
          header: 'Member',
          cell: (member) => (
            <>
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
            </>
          ),
        },
        {
          key: 'role',
          header: 'Role',
          cell: (member) =>
            manageable(member) ? (
              <MemberRoleSelect orgId={orgId} member={member} viewerRole={viewerRole} />
            ) : (
              <RoleBadge role={member.role} />
            ),
        },
        dateColumn<Member>('joined', 'Joined', (member) => member.joinedAt),
        actionsColumn<Member>(
          (member) =>
            manageable(member) && (
              <Tooltip label="Remove from organization" withArrow>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${member.name}`}
                  onClick={() => remove.ask(member)}
                >
                  <IconUserMinus size={18} />
                </ActionIcon>
              </Tooltip>
            ),
        ),
      ]}
      empty={null}
    >
      {remove.dialog}
    </PagedTable>
  );
}
