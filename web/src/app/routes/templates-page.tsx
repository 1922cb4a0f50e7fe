import { AddButton } from '@/components/add-button';
import { TemplatesTable } from '@/features/templates';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function TemplatesPage() {
  const { org, canEdit } = useOrgPage('Templates');
  const newHref = `/orgs/${org.id}/templates/new`;
  return (
    <OrgPage
      title="Templates"
      description="Messages for every channel, with declared variables and a version for every change."
      actions={canEdit && <AddButton to={newHref}>New template</AddButton>}
      maw={1100}
    >
      <TemplatesTable orgId={org.id} canEdit={canEdit} newTemplateHref={newHref} />
    </OrgPage>
  );
}
