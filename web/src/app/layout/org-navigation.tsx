import { NavLink, Stack, Text } from '@mantine/core';
import {
  IconActivityHeartbeat,
  IconAddressBook,
  IconAlertTriangle,
  IconBan,
  IconGitMerge,
  IconHome,
  IconKey,
  IconListDetails,
  IconMessages,
  IconPlug,
  IconSend,
  IconSettings,
  IconTemplate,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import { Link, useMatch } from 'react-router';
import { AlertsNavBadge } from '@/features/alerts';

type NavItemProps = {
  to: string;
  label: string;
  icon: Icon;
  end?: boolean;
  /** A count beside the label (unresolved alerts). */
  badge?: ReactNode;
  onNavigate: () => void;
};

function NavItem({ to, label, icon: ItemIcon, end = false, badge, onNavigate }: NavItemProps) {
  const active = useMatch({ path: to, end }) !== null;
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      leftSection={<ItemIcon size={18} stroke={1.6} />}
      rightSection={badge}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={onNavigate}
    />
  );
}

type OrgNavigationProps = { orgId: string; isAdmin: boolean; onNavigate: () => void };

/**
 * Grouped by what people come for: messaging, the audience, insights, settings. Only areas that
 * exist are listed, and only those the viewer's role may open (API keys and the audit log are
 * admin-only on the server). New features add their entry here when they ship.
 */
export function OrgNavigation({ orgId, isAdmin, onNavigate }: OrgNavigationProps) {
  const base = `/orgs/${orgId}`;
  const item = (to: string, label: string, icon: Icon, extra: Partial<NavItemProps> = {}) => (
    <NavItem to={`${base}${to}`} label={label} icon={icon} onNavigate={onNavigate} {...extra} />
  );
  return (
    <Stack component="nav" gap={4} aria-label="Organization">
      {item('', 'Overview', IconHome, { end: true })}
      <NavSection label="Messaging">
        {item('/campaigns', 'Campaigns', IconSend)}
        {item('/messages', 'Messages', IconMessages)}
        {item('/templates', 'Templates', IconTemplate)}
        {item('/integrations', 'Integrations', IconPlug)}
      </NavSection>
      <NavSection label="Audience">
        {item('/contacts', 'Contacts', IconAddressBook, { end: true })}
        {item('/contacts/conflicts', 'Conflicts', IconGitMerge)}
        {item('/groups', 'Groups', IconUsersGroup)}
        {item('/suppressions', 'Suppressions', IconBan)}
      </NavSection>
      <NavSection label="Insights">
        {item('/monitoring', 'Monitoring', IconActivityHeartbeat)}
        {item('/alerts', 'Alerts', IconAlertTriangle, {
          badge: <AlertsNavBadge orgId={orgId} />,
        })}
      </NavSection>
      <NavSection label="Settings">
        {item('/settings/members', 'Members', IconUsers)}
        {item('/settings', 'Settings', IconSettings, { end: true })}
        {isAdmin && item('/settings/api-keys', 'API keys', IconKey)}
        {isAdmin && item('/audit-log', 'Audit log', IconListDetails)}
      </NavSection>
    </Stack>
  );
}

/** A labelled group of the navigation (a screen reader announces the group with its links). */
function NavSection({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    <Stack gap={2} role="group" aria-labelledby={id} mt="xs">
      <Text id={id} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" py={4}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}
