import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useSearchParams } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { RestrictedNotice } from '@/components/restricted-notice';
import { AuditLogTable } from '@/features/audit-log';
import { canAdminister } from '@/lib/roles';
import { useOrgContext } from './org-context';

export function AuditLogPage() {
  const { membership } = useOrgContext();
  const { org, role } = membership;
  const [searchParams, setSearchParams] = useSearchParams();
  const action = searchParams.get('action') ?? '';
  useDocumentTitle(`Audit log · ${org.name} · Switchboard`);

  // The filter lives in the URL so it can be shared and survives reloads and back/forward.
  const setAction = (next: string) =>
    setSearchParams(next ? { action: next } : {}, { replace: false });

  return (
    <Stack gap="xl" maw={1200}>
      <PageHeader
        title="Audit log"
        description="Security-relevant actions in this organization, newest first."
      />
      {canAdminister(role) ? (
        <AuditLogTable orgId={org.id} action={action} onActionChange={setAction} />
      ) : (
        <RestrictedNotice
          description="The audit log records security-relevant actions; only owners and admins can review it."
          backTo={`/orgs/${org.id}`}
          backLabel="Back to overview"
        />
      )}
    </Stack>
  );
}
