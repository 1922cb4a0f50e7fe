import { Anchor, Skeleton, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { TemplateEditor, useTemplate } from '@/features/templates';
import { useOrgContext } from './org-context';

/** /templates/new and /templates/:templateId. */
export function TemplateEditorPage() {
  const { membership } = useOrgContext();
  const { org, role } = membership;
  const { templateId } = useParams();
  const navigate = useNavigate();
  const canEdit = role !== 'viewer';
  const query = useTemplate(org.id, templateId);
  const title = templateId ? (query.data?.name ?? 'Template') : 'New template';
  useDocumentTitle(`${title} · ${org.name} · Switchboard`);
  const list = `/orgs/${org.id}/templates`;

  const back = (
    <Anchor component={Link} to={list} size="sm">
      <IconArrowLeft size={14} /> All templates
    </Anchor>
  );

  if (templateId && query.isPending) {
    return (
      <Stack gap="md" role="status" aria-label="Loading template">
        <Skeleton height={32} w={240} />
        <Skeleton height={320} />
      </Stack>
    );
  }
  if (templateId && query.isError) {
    return (
      <Stack gap="md">
        {back}
        <ErrorState
          title="Could not load this template"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      {back}
      <PageHeader
        title={title}
        description={
          query.data
            ? `Version ${query.data.latestVersion}`
            : 'Write it, declare its variables, watch the preview.'
        }
      />
      <TemplateEditor
        key={query.data?.id ?? 'new'}
        orgId={org.id}
        template={query.data}
        canEdit={canEdit}
        onCreated={(t) => void navigate(`${list}/${t.id}`, { replace: true })}
      />
    </Stack>
  );
}
