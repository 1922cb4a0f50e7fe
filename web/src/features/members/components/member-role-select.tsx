import { Select } from '@mantine/core';
import { notifyDone, notifyError } from '@/lib/notify';
import { assignableRoles, ROLE_LABELS, type Role } from '@/lib/roles';
import { useUpdateMemberRole } from '../api/update-member-role';
import type { Member } from '../api/list-members';

type MemberRoleSelectProps = { orgId: string; member: Member; viewerRole: Role };

export function MemberRoleSelect({ orgId, member, viewerRole }: MemberRoleSelectProps) {
  const updateRole = useUpdateMemberRole(orgId);
  const roles = assignableRoles(viewerRole);
  const data = roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

  const change = (value: string | null) => {
    const role = roles.find((candidate) => candidate === value);
    if (!role || role === member.role) return;
    updateRole.mutate(
      { userId: member.userId, role },
      {
        onSuccess: () =>
          notifyDone('Role updated', `${member.name} is now ${ROLE_LABELS[role].toLowerCase()}.`),
        onError: notifyError(`Could not change ${member.name}'s role`),
      },
    );
  };

  return (
    <Select
      aria-label={`Role of ${member.name}`}
      data={data}
      value={updateRole.isPending ? (updateRole.variables?.role ?? member.role) : member.role}
      onChange={change}
      allowDeselect={false}
      disabled={updateRole.isPending}
      size="xs"
      w={130}
    />
  );
}
