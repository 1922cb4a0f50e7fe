import { Button, Menu, Text } from '@mantine/core';
import { IconBuilding, IconCheck, IconPlus, IconSelector } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { ROLE_LABELS, type Role } from '@/lib/roles';

type OrgMembership = { org: { id: string; name: string }; role: Role };

type OrgSwitcherProps = { memberships: OrgMembership[]; currentOrgId: string | undefined };

/** Same page in another org: /orgs/A/audit-log → /orgs/B/audit-log. */
function pathInOrg(pathname: string, currentOrgId: string | undefined, orgId: string): string {
  const prefix = `/orgs/${currentOrgId}`;
  if (currentOrgId && pathname.startsWith(prefix))
    return `/orgs/${orgId}${pathname.slice(prefix.length)}`;
  return `/orgs/${orgId}`;
}

export function OrgSwitcher({ memberships, currentOrgId }: OrgSwitcherProps) {
  const { pathname } = useLocation();
  const current = memberships.find((membership) => membership.org.id === currentOrgId);
  const sorted = [...memberships].sort((a, b) => a.org.name.localeCompare(b.org.name));

  return (
    <Menu position="bottom-start" width={280} withArrow>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconBuilding size={16} />}
          rightSection={<IconSelector size={14} />}
          maw={260}
          miw={0}
          title="Switch organization"
          styles={{ inner: { minWidth: 0 }, label: { minWidth: 0 } }}
        >
          <Text span size="sm" fw={500} truncate>
            {current?.org.name ?? 'Select organization'}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Organizations</Menu.Label>
        {sorted.map(({ org, role }) => (
          <Menu.Item
            key={org.id}
            component={Link}
            to={pathInOrg(pathname, currentOrgId, org.id)}
            rightSection={
              org.id === currentOrgId ? (
                <IconCheck size={14} aria-label="Current organization" />
              ) : (
                <Text size="xs" c="dimmed">
                  {ROLE_LABELS[role]}
                </Text>
              )
            }
          >
            <Text size="sm" truncate>
              {org.name}
            </Text>
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item component={Link} to="/orgs/new" leftSection={<IconPlus size={16} />}>
          Create organization
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
