import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '@/components/page-header';
import { ConflictsInbox, GroupsPanel, ImportWizard, SuppressionsTable } from '@/features/contacts';
import { canAdminister } from '@/lib/roles';
import { useOrgContext } from './org-context';

export function ConflictsPage() {
  const { membership } = useOrgContext();
  useDocumentTitle(`Conflicts · ${membership.org.name} · Switchboard`);
  return (
    <Stack gap="xl" maw={1100}>
      <PageHeader
        title="Identity conflicts"
        description="Identities claimed twice and likely duplicates, side by side."
      />
      <ConflictsInbox orgId={membership.org.id} canEdit={membership.role !== 'viewer'} />
    </Stack>
  );
}

export function GroupsPage() {
  const { membership } = useOrgContext();
  useDocumentTitle(`Groups · ${membership.org.name} · Switchboard`);
  return (
    <Stack gap="xl" maw={900}>
      <PageHeader title="Groups" description="Lists of contacts." />
      <GroupsPanel orgId={membership.org.id} canEdit={membership.role !== 'viewer'} />
    </Stack>
  );
}

export function SuppressionsPage() {
  const { membership } = useOrgContext();
  useDocumentTitle(`Suppressions · ${membership.org.name} · Switchboard`);
  return (
    <Stack gap="xl" maw={1100}>
      <PageHeader
        title="Suppressions"
        description="Opt-outs: nothing is sent to these addresses on these channels."
      />
      <SuppressionsTable
        orgId={membership.org.id}
        canEdit={membership.role !== 'viewer'}
        canLift={canAdminister(membership.role)}
      />
    </Stack>
  );
}

export function ImportPage() {
  const { membership } = useOrgContext();
  useDocumentTitle(`Import contacts · ${membership.org.name} · Switchboard`);
  return (
    <Stack gap="xl">
      <PageHeader
        title="Import contacts"
        description="Map the columns, then follow the progress. Re-importing a file creates no duplicates."
      />
      <ImportWizard orgId={membership.org.id} />
    </Stack>
  );
}
