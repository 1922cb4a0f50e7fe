import { Button } from '@mantine/core';
import { IconBuildingOff } from '@tabler/icons-react';
import { Link, Outlet, useParams } from 'react-router';
import { EmptyList } from '@/components/empty-list';
import { useMe } from '@/features/auth';
import type { OrgContext } from './org-context';

/** Resolves /orgs/:orgId against the viewer's memberships before any org page renders. */
export function OrgLayout() {
  const { orgId } = useParams();
  const { data: me } = useMe();
  const membership = me?.memberships.find((candidate) => candidate.org.id === orgId);

  if (!me || !membership) {
    return (
      <EmptyList
        icon={IconBuildingOff}
        title="Organization not found"
        description="It does not exist, or you are not a member of it. Ask an admin for an invitation."
        actions={
          <Button component={Link} to="/">
            Go to my organizations
          </Button>
        }
      />
    );
  }

  const context: OrgContext = { membership, user: me.user };
  return <Outlet context={context} />;
}
