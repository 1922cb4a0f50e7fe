import { NavLink, Stack } from '@mantine/core';
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
import type { ReactNode } from 'react';
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
 * Only areas that exist are listed, and only those the viewer's role may open (API keys and the
 * audit log are admin-only on the server). New features add their entry here when they ship.
 */
export function OrgNavigation({ orgId, isAdmin, onNavigate }: OrgNavigationProps) {
  const base = `/orgs/${orgId}`;
  return (
    <Stack component="nav" gap={4} aria-label="Organization">
      <NavItem to={base} label="Overview" icon={IconHome} end onNavigate={onNavigate} />
      <NavItem
        to={`${base}/monitoring`}
        label="Monitoring"
        icon={IconActivityHeartbeat}
        onNavigate={onNavigate}
      />
      <NavItem
        to={`${base}/alerts`}
        label="Alerts"
        icon={IconAlertTriangle}
        badge={<AlertsNavBadge orgId={orgId} />}
        onNavigate={onNavigate}
      />
      <NavItem to={`${base}/campaigns`} label="Campaigns" icon={IconSend} onNavigate={onNavigate} />
      <NavItem
        to={`${base}/contacts`}
        label="Contacts"
        icon={IconAddressBook}
        end
        onNavigate={onNavigate}
      />
      <NavItem
        to={`${base}/contacts/conflicts`}
        label="Conflicts"
        icon={IconGitMerge}
        onNavigate={onNavigate}
      />
      <NavItem to={`${base}/groups`} label="Groups" icon={IconUsersGroup} onNavigate={onNavigate} />
      <NavItem
        to={`${base}/suppressions`}
        label="Suppressions"
        icon={IconBan}
        onNavigate={onNavigate}
      />
      <NavItem
        to={`${base}/messages`}
        label="Messages"
        icon={IconMessages}
        onNavigate={onNavigate}
      />
      <NavItem
        to={`${base}/templates`}
        label="Templates"
        icon={IconTemplate}
        onNavigate={onNavigate}
      />
      <NavItem
        to={`${base}/integrations`}
        label="Integrations"
        icon={IconPlug}
        onNavigate={onNavigate}
      />
      <NavItem
        to={`${base}/settings/members`}
        label="Members"
        icon={IconUsers}
        onNavigate={onNavigate}
      />
      <NavItem
        to={`${base}/settings`}
        label="Settings"
        icon={IconSettings}
        end
        onNavigate={onNavigate}
      />
      {isAdmin && (
        <>
          <NavItem
            to={`${base}/settings/api-keys`}
            label="API keys"
            icon={IconKey}
            onNavigate={onNavigate}
          />
          <NavItem
            to={`${base}/audit-log`}
            label="Audit log"
            icon={IconListDetails}
            onNavigate={onNavigate}
          />
        </>
      )}
    </Stack>
  );
}
