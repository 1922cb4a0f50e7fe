import { useDocumentTitle } from '@mantine/hooks';
import { useOutletContext } from 'react-router';
import type { Me, Membership } from '@/features/auth';
import { canAdminister } from '@/lib/roles';

/** What every page under /orgs/:orgId knows: the open org, the viewer's role, the viewer. */
export type OrgContext = { membership: Membership; user: Me['user'] };

export function useOrgContext(): OrgContext {
  return useOutletContext<OrgContext>();
}

/**
 * A page of the open org, titled "{title} · {org} · Switchboard" in the browser: the org, the
 * viewer, and what their role lets them do (members and up edit, admins and owners manage).
 */
export function useOrgPage(title: string) {
  const { membership, user } = useOrgContext();
  const { org, role } = membership;
  useDocumentTitle(`${title} · ${org.name} · Switchboard`);
  return { org, role, user, canEdit: role !== 'viewer', admin: canAdminister(role) };
}
