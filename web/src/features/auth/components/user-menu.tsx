import { Avatar, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { notifyError } from '@/lib/notify';
import { useLogout } from '../api/logout';
import type { Me } from '../api/get-me';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return (
    (parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')
  ).toUpperCase();
}

export function UserMenu({ user }: { user: Me['user'] }) {
  const logoutMutation = useLogout();
  const logout = () =>
    logoutMutation.mutate(undefined, {
      onError: notifyError('Could not log out'),
    });

  return (
    <Menu position="bottom-end" width={240} withArrow>
      <Menu.Target>
        {/* Named by its content, not aria-label: the initials only picture the name (WCAG 2.5.3). */}
        <UnstyledButton>
          <Avatar color="blue" radius="xl" size={34} aria-hidden>
            {initials(user.name) || '?'}
          </Avatar>
          <VisuallyHidden>Account menu for {user.name}</VisuallyHidden>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as</Menu.Label>
        <Text size="sm" fw={500} px="sm" truncate>
          {user.name}
        </Text>
        <Text size="xs" c="dimmed" px="sm" pb="xs" truncate>
          {user.email}
        </Text>
        <Menu.Divider />
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} />}>
          Profile
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={logout}
          disabled={logoutMutation.isPending}
          closeMenuOnClick={false}
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
