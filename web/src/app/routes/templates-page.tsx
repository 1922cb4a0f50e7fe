import { Button, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { TemplatesTable } from '@/features/templates';
import { useOrgContext } from './org-context';

export function TemplatesPage() {
  const { membership } = useOrgContext();
  const { org, role } = membership;
  const canEdit = role !== 'viewer';
  useDocumentTitle(`Templates · ${org.name} · Switchboard`);
  const newHref = `/orgs/${org.id}/templates/new`;

  return (
    <Stack gap="xl" maw={1100}>
      <PageHeader
        title="Templates"
        description="Messages for every channel, with declared variables and a version for every change."
        actions={
          canEdit && (
            <Button component={Link} to={newHref} leftSection={<IconPlus size={16} />}>
              New template
            </Button>
          )
        }
      />
      <TemplatesTable orgId={org.id} canEdit={canEdit} newTemplateHref={newHref} />
    </Stack>
  );
}
