import { Anchor, Badge, Button, EmptyState, Stack, Table, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTemplate } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DateTime } from '@/components/date-time';
import { ErrorState } from '@/components/error-state';
import { LoadMoreButton } from '@/components/load-more-button';
import { errorMessage } from '@/lib/api/errors';
import { flattenPages } from '@/lib/api/pagination';
import { useTemplates } from '../api/list-templates';
import { useDeleteTemplate } from '../api/save-template';
import type { TemplateSummary } from '../api/types';
import { CHANNEL_LABELS } from '@/lib/channels';
import { LoadingRows } from '@/components/loading-rows';

type TemplatesTableProps = { orgId: string; canEdit: boolean; newTemplateHref: string };

export function TemplatesTable({ orgId, canEdit, newTemplateHref }: TemplatesTableProps) {
  const templatesQuery = useTemplates(orgId);
  const deleteMutation = useDeleteTemplate(orgId);
  const [deleting, setDeleting] = useState<TemplateSummary | null>(null);
  const [confirmOpened, confirm] = useDisclosure(false);

  if (templatesQuery.isPending) {
    return <LoadingRows label="Loading templates" />;
  }
  if (templatesQuery.isError) {
    return (
      <ErrorState
        title="Could not load templates"
        error={templatesQuery.error}
        onRetry={() => void templatesQuery.refetch()}
        retrying={templatesQuery.isRefetching}
      />
    );
  }
  const templates = flattenPages(templatesQuery.data);
  if (templates.length === 0) {
    return (
      <EmptyState
        icon={<IconTemplate size={28} />}
        withIndicatorBackground
        title="No templates yet"
        description="Templates are the messages you send: Liquid text with declared variables, checked before they can be saved."
        py="xl"
      >
        {canEdit && (
          <EmptyState.Actions>
            <Button component={Link} to={newTemplateHref} leftSection={<IconPlus size={16} />}>
              New template
            </Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  }

  return (
    <Stack>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Updated</Table.Th>
              {canEdit && (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {templates.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <Anchor component={Link} to={t.id} fw={500} size="sm">
                    {t.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color="gray">
                    {CHANNEL_LABELS[t.channel]}
                  </Badge>
                </Table.Td>
                <Table.Td>v{t.latestVersion}</Table.Td>
                <Table.Td>
                  <DateTime value={t.updatedAt} relative />
                </Table.Td>
                {canEdit && (
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Delete template ${t.name}`}
                      onClick={() => {
                        deleteMutation.reset();
                        setDeleting(t);
                        confirm.open();
                      }}
                    >
                      Delete
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMoreButton
        hasNextPage={templatesQuery.hasNextPage}
        isFetchingNextPage={templatesQuery.isFetchingNextPage}
        onLoadMore={() => void templatesQuery.fetchNextPage()}
      />
      <ConfirmDialog
        opened={confirmOpened}
        title="Delete template?"
        confirmLabel="Delete template"
        onClose={confirm.close}
        loading={deleteMutation.isPending}
        error={deleteMutation.isError ? errorMessage(deleteMutation.error) : null}
        onConfirm={() => {
          if (!deleting) return;
          deleteMutation.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({
                color: 'teal',
                title: 'Template deleted',
                message: `“${deleting.name}” is gone from the list.`,
              });
              confirm.close();
            },
          });
        }}
      >
        <b>{deleting?.name}</b> can no longer be used for new messages. Messages already sent with
        it keep their exact version.
      </ConfirmDialog>
    </Stack>
  );
}
