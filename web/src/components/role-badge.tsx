import { Badge } from '@mantine/core';
import { ROLE_LABELS, type Role } from '@/lib/roles';

const ROLE_COLORS: Record<Role, string> = {
  owner: 'grape',
  admin: 'blue',
  member: 'teal',
  viewer: 'gray',
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant="light" color={ROLE_COLORS[role]}>
      {ROLE_LABELS[role]}
    </Badge>
  );
}
