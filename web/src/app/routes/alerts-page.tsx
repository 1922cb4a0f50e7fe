import { Button, Center, Loader } from '@mantine/core';
import { IconBellCog } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link } from 'react-router';
import { AlertsView } from '@/features/alerts';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function AlertsPage() {
  const { org, canEdit } = useOrgPage('Alerts');
  return (
    <OrgPage
      title="Alerts"
      description="When a provider fails, slows down, goes silent or receives forged callbacks: who saw it, what was done, and when it recovered."
      actions={
        <Button
          component={Link}
          to="rules"
          variant="default"
          leftSection={<IconBellCog size={16} />}
        >
          Alert rules
        </Button>
      }
      maw={1280}
    >
      <Suspense
        fallback={
          <Center py="xl">
            <Loader aria-label="Loading alerts" />
          </Center>
        }
      >
        <AlertsView orgId={org.id} canAct={canEdit} />
      </Suspense>
    </OrgPage>
  );
}
