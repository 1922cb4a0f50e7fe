import { useOutletContext } from 'react-router';
import type { Me, Membership } from '@/features/auth';

/** What every page under /orgs/:orgId knows: the open org, the viewer's role, the viewer. */
export type OrgContext = { membership: Membership; user: Me['user'] };

export function useOrgContext(): OrgContext {
  return useOutletContext<OrgContext>();
}
