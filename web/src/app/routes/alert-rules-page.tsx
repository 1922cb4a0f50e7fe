import { AlertRulesList } from '@/features/alerts';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function AlertRulesPage() {
  const { org, admin } = useOrgPage('Alert rules');
  return (
    <OrgPage
      title="Alert rules"
      description="What opens an alert. Each rule is evaluated every minute over the monitoring data, per integration in its scope."
      maw={1100}
    >
      <AlertRulesList orgId={org.id} admin={admin} />
    </OrgPage>
  );
}
