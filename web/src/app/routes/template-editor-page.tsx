import { Anchor } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { TemplateEditor, useTemplate } from '@/features/templates';
import { EditorFrame } from './editor-frame';
import { useOrgContext, useOrgPage } from './org-context';

/** /templates/new and /templates/:templateId. */
export function TemplateEditorPage() {
  const { org } = useOrgContext().membership;
  const { templateId } = useParams();
  const navigate = useNavigate();
  const query = useTemplate(org.id, templateId);
  const title = templateId ? (query.data?.name ?? 'Template') : 'New template';
  const { canEdit } = useOrgPage(title);
  const list = `/orgs/${org.id}/templates`;

  return (
    <EditorFrame
      back={
        <Anchor component={Link} to={list} size="sm">
          <IconArrowLeft size={14} /> All templates
        </Anchor>
      }
      title={title}
      description={
        query.data
          ? `Version ${query.data.latestVersion}`
          : 'Write it, declare its variables, watch the preview.'
      }
      what="template"
      query={templateId ? query : null}
    >
      {(template) => (
        <TemplateEditor
          key={template?.id ?? 'new'}
          orgId={org.id}
          template={template}
          canEdit={canEdit}
          onCreated={(t) => void navigate(`${list}/${t.id}`, { replace: true })}
        />
      )}
    </EditorFrame>
  );
}
