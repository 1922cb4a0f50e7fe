import { ConflictsInbox, GroupsPanel, ImportWizard, SuppressionsTable } from '@/features/contacts';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function ConflictsPage() {
  const { org, canEdit } = useOrgPage('Conflicts');
  return (
    <OrgPage
      title="Identity conflicts"
      description="Identities claimed twice and likely duplicates, side by side."
      maw={1100}
    >
      <ConflictsInbox orgId={org.id} canEdit={canEdit} />
    </OrgPage>
  );
}

export function GroupsPage() {
  const { org, canEdit } = useOrgPage('Groups');
  return (
    <OrgPage title="Groups" description="Lists of contacts." maw={900}>
      <GroupsPanel orgId={org.id} canEdit={canEdit} />
    </OrgPage>
  );
}

export function SuppressionsPage() {
  const { org, canEdit, admin } = useOrgPage('Suppressions');
  return (
    <OrgPage
      title="Suppressions"
      description="Opt-outs: nothing is sent to these addresses on these channels."
      maw={1100}
    >
      <SuppressionsTable orgId={org.id} canEdit={canEdit} canLift={admin} />
    </OrgPage>
  );
}

export function ImportPage() {
  const { org } = useOrgPage('Import contacts');
  return (
    <OrgPage
      title="Import contacts"
      description="Map the columns, then follow the progress. Re-importing a file creates no duplicates."
    >
      <ImportWizard orgId={org.id} />
    </OrgPage>
  );
}
