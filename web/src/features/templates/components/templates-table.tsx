import { Badge } from '@mantine/core';
import { IconTemplate } from '@tabler/icons-react';
import { AddButton } from '@/components/add-button';
import { DangerButton } from '@/components/danger-button';
import { EmptyList } from '@/components/empty-list';
import { actionsColumn, dateColumn, nameColumn, PagedTable } from '@/components/paged-table';
import { useConfirmAction } from '@/components/use-confirm-action';
import { CHANNEL_LABELS } from '@/lib/channels';
import { notifyDone } from '@/lib/notify';
import { useTemplates } from '../api/list-templates';
import { useDeleteTemplate } from '../api/save-template';
import type { TemplateSummary } from '../api/types';

type TemplatesTableProps = { orgId: string; canEdit: boolean; newTemplateHref: string };

export function TemplatesTable({ orgId, canEdit, newTemplateHref }: TemplatesTableProps) {
  const templatesQuery = useTemplates(orgId);
  const remove = useConfirmAction({
    mutation: useDeleteTemplate(orgId),
    variables: (template: TemplateSummary) => template.id,
    title: 'Delete template?',
    confirmLabel: 'Delete template',
    message: (template) => (
      <>
        <b>{template.name}</b> can no longer be used for new messages. Messages already sent with it
        keep their exact version.
      </>
    ),
    onDone: (_, template) =>
      notifyDone('Template deleted', `“${template.name}” is gone from the list.`),
  });

  return (
    <PagedTable
      query={templatesQuery}
      what="templates"
      minWidth={640}
      columns={[
        nameColumn<TemplateSummary>((t) => t.id),
        {
          key: 'channel',
          header: 'Channel',
          cell: (t) => (
            <Badge variant="light" color="gray">
              {CHANNEL_LABELS[t.channel]}
            </Badge>
          ),
        },
        { key: 'version', header: 'Version', cell: (t) => `v${t.latestVersion}` },
        dateColumn<TemplateSummary>('updated', 'Updated', (t) => t.updatedAt),
        canEdit &&
          actionsColumn<TemplateSummary>((t) => (
            <DangerButton aria-label={`Delete template ${t.name}`} onClick={() => remove.ask(t)}>
              Delete
            </DangerButton>
          )),
      ]}
      empty={
        <EmptyList
          icon={IconTemplate}
          title="No templates yet"
          description="Templates are the messages you send: Liquid text with declared variables, checked before they can be saved."
          actions={canEdit && <AddButton to={newTemplateHref}>New template</AddButton>}
        />
      }
    >
      {remove.dialog}
    </PagedTable>
  );
}
