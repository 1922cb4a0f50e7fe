import { Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconChevronRight,
  IconKey,
  IconListDetails,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { RoleBadge } from '@/components/role-badge';
import { OpenAlertsCard } from '@/features/alerts';
import { OrgDashboard } from '@/features/monitoring';
import { canAdminister } from '@/lib/roles';
import { useOrgContext } from './org-context';

type QuickLink = { to: string; title: string; description: string; icon: Icon };

export function OrgHomePage() {
  const { membership, user } = useOrgContext();
  const { org, role } = membership;
  const admin = canAdminister(role);
  useDocumentTitle(`${org.name} · Switchboard`);

  const links: QuickLink[] = [
    {
      to: 'settings/members',
      title: 'Members',
      description: admin
        ? 'Invite your team and manage their roles'
        : 'See who is in this organization',
      icon: IconUsers,
    },
  ];
  // Admin-only areas, like the navigation: no links to pages the server would refuse.
  if (admin) {
    links.push(
      {
        to: 'settings/api-keys',
        title: 'API keys',
        description: 'Connect your own systems to the API',
        icon: IconKey,
      },
      {
        to: 'audit-log',
        title: 'Audit log',
        description: 'Review sign-ins, invitations and key changes',
        icon: IconListDetails,
      },
    );
  }

  return (
    <Stack gap="lg" maw={960}>
      <Card withBorder padding="xl" radius="md">
        <Stack gap="xs">
          <Title order={1} size="h2">
            Welcome to {org.name}
          </Title>
          <Group gap="xs">
            <Text c="dimmed">
              Signed in as {user.name} ({user.email}), role
            </Text>
            <RoleBadge role={role} />
          </Group>
        </Stack>
      </Card>
      <OpenAlertsCard orgId={org.id} />
      <OrgDashboard orgId={org.id} />
      <Title order={2} size="h4">
        Your organization
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {links.map((link) => (
          <Card key={link.to} component={Link} to={link.to} withBorder padding="lg" radius="md">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <ThemeIcon variant="light" size="lg" radius="md" aria-hidden>
                <link.icon size={20} />
              </ThemeIcon>
              <IconChevronRight size={18} aria-hidden />
            </Group>
            <Text fw={600} mt="md">
              {link.title}
            </Text>
            <Text size="sm" c="dimmed">
              {link.description}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
