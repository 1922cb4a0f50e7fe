import { useSearchParams } from 'react-router';
import { RestrictedNotice } from '@/components/restricted-notice';
import { AuditLogTable } from '@/features/audit-log';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function AuditLogPage() {
  const { org, admin } = useOrgPage('Audit log');
  const [searchParams, setSearchParams] = useSearchParams();
  const action = searchParams.get('action') ?? '';

  // The filter lives in the URL so it can be shared and survives reloads and back/forward.
  const setAction = (next: string) =>
    setSearchParams(next ? { action: next } : {}, { replace: false });

  return (
    <OrgPage
      title="Audit log"
      description="Security-relevant actions in this organization, newest first."
      maw={1200}
    >
      {admin ? (
        <AuditLogTable orgId={org.id} action={action} onActionChange={setAction} />
      ) : (
        <RestrictedNotice
          description="The audit log records security-relevant actions; only owners and admins can review it."
          backTo={`/orgs/${org.id}`}
          backLabel="Back to overview"
        />
      )}
    </OrgPage>
  );
}
