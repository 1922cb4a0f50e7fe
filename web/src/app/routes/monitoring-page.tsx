import { MonitoringDashboard } from '@/features/monitoring';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function MonitoringPage() {
  const { org } = useOrgPage('Monitoring');
  return (
    <OrgPage
      title="Monitoring"
      description="How your providers are doing: volume, failures, latency and every provider event."
      maw={1280}
    >
      <MonitoringDashboard orgId={org.id} />
    </OrgPage>
  );
}
