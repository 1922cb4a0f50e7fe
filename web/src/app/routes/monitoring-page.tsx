import { Center, Loader } from '@mantine/core';
import { Suspense } from 'react';
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
      <Suspense
        fallback={
          <Center py="xl">
            <Loader aria-label="Loading the monitoring dashboard" />
          </Center>
        }
      >
        <MonitoringDashboard orgId={org.id} />
      </Suspense>
    </OrgPage>
  );
}
