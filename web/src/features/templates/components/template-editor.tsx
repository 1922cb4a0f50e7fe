import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '@/components/form-error';
import { errorMessage } from '@/lib/api/errors';
import { CHANNEL_OPTIONS } from '@/lib/channels';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { useUnsavedChanges } from '@/lib/use-unsaved-changes';
import { useCreateTemplate, useUpdateTemplate } from '../api/save-template';
import type { Template, TemplateChannel, TemplateDraft, TemplateIssue } from '../api/types';
import { useLiveValidation } from '../api/validate-template';
import { BodyEditor } from './body-editor';
import { PreviewPane } from './preview-pane';
import { VariablesPanel } from './variables-panel';
import { VersionHistory } from './version-history';

const EMPTY_CODES = new Set(['template_subject_required', 'template_body_required']);

const draftOf = (template: Template | undefined): TemplateDraft => ({
  channel: template?.channel ?? 'email',
  subject: template?.current.subject ?? '',
  body: template?.current.body ?? '',
  text: template?.current.text ?? '',
  variables: template?.current.variables ?? [],
});

type TemplateEditorProps = {
  orgId: string;
  /** The saved template; absent when creating one. */
  template?: Template;
  canEdit: boolean;
  onCreated?: (template: Template) => void;
};

type Values = { name: string; draft: TemplateDraft };

export function TemplateEditor({ orgId, template, canEdit, onCreated }: TemplateEditorProps) {
  const { bindForm, ...form } = useForm<Values>({
    initialValues: () => ({ name: template?.name ?? '', draft: draftOf(template) }),
    // Only a refused name is shown at its field; the content's problems come from validation.
    serverErrorKey: (segments) => (segments.join('.') === 'name' ? 'name' : undefined),
    serverFormError: (error) => (error.code === 'template_invalid' ? null : errorMessage(error)),
  });
  const { name, draft } = form.values;
  const [sampleValues, setSampleValues] = useState<Record<string, unknown>>({});
  const validation = useLiveValidation(orgId, draft, sampleValues);
  const create = useCreateTemplate(orgId);
  const update = useUpdateTemplate(orgId, template?.id ?? '');
  const save = template ? update : create;
  const readOnly = !canEdit;

  // A new, untouched template is not "wrong" yet: its empty subject and body are not flagged.
  const [touched, setTouched] = useState(template !== undefined);
  const result = validation.data;
  const issues: TemplateIssue[] = [...(result?.errors ?? []), ...(result?.warnings ?? [])].filter(
    (i) => touched || !EMPTY_CODES.has(i.code),
  );
  const at = (path: string) => issues.filter((i) => i.path === path);
  // Problems the part editors and the variables panel do not show next to a field.
  const general = issues.filter((i) => !/^(subject|body|text|variables\[)/.test(i.path));
  const email = draft.channel === 'email';
  const set = (patch: Partial<TemplateDraft>) => {
    setTouched(true);
    form.setValues((values) => ({ ...values, draft: { ...values.draft, ...patch } }));
  };
  const saved = template
    ? JSON.stringify(draftOf(template)) === JSON.stringify(draft) && name === template.name
    : false;
  // A new template is unsaved once anything is typed; a saved one, once it differs.
  const dirty =
    !readOnly &&
    (template
      ? !saved
      : name.trim() !== '' || JSON.stringify(draft) !== JSON.stringify(draftOf(undefined)));
  const guard = useUnsavedChanges(dirty);

  const submit = () => {
    setTouched(true);
    if (readOnly || save.isPending || !form.validate()) return;
    const content = {
      body: draft.body,
      variables: draft.variables,
      ...(email ? { subject: draft.subject, text: draft.text || null } : {}),
    };
    const onSuccess = (t: Template) => {
      notifyDone('Template saved', `Version ${t.latestVersion} is live.`);
      if (!template) {
        guard.allowNavigation();
        onCreated?.(t);
      }
    };
    const onError = (error: unknown) => form.setServerError(error);
    if (template) update.mutate({ ...content, name }, { onSuccess, onError });
    else create.mutate({ ...content, name, channel: draft.channel }, { onSuccess, onError });
  };
  useHotkeys([['mod+S', submit]], []);

  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <form
          ref={bindForm}
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack gap="md">
            <Group align="flex-start" grow>
              <TextInput
                label="Name"
                required
                {...form.getInputProps('name')}
                readOnly={readOnly}
                data-autofocus
              />
              <Select
                label="Channel"
                data={CHANNEL_OPTIONS}
                value={draft.channel}
                allowDeselect={false}
                onChange={(channel) => channel && set({ channel: channel as TemplateChannel })}
                disabled={template !== undefined || readOnly}
                description={template ? 'Fixed once created' : undefined}
              />
            </Group>
            {email && (
              <BodyEditor
                label="Subject"
                value={draft.subject}
                onChange={(subject) => set({ subject })}
                issues={at('subject')}
                readOnly={readOnly}
                minRows={1}
              />
            )}
            <BodyEditor
              label={email ? 'HTML body' : 'Message'}
              description={
                email
                  ? 'Values are HTML-escaped; write {{ value | raw }} to insert trusted HTML.'
                  : 'Liquid: {{ variable }}, {% if %}, {% for item in list %}'
              }
              value={draft.body}
              onChange={(body) => set({ body })}
              issues={at('body')}
              readOnly={readOnly}
            />
            {email && (
              <BodyEditor
                label="Plain-text part (optional)"
                value={draft.text}
                onChange={(text) => set({ text })}
                issues={at('text')}
                readOnly={readOnly}
                minRows={3}
              />
            )}
            <VariablesPanel
              variables={draft.variables}
              onChange={(variables) => set({ variables })}
              issues={issues}
              used={result?.variablesUsed ?? []}
              readOnly={readOnly}
            />
            {general.length > 0 && (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Problems">
                {general.map((i, n) => (
                  <Text key={n} size="sm">
                    {i.message}
                  </Text>
                ))}
              </Alert>
            )}
            <FormError message={form.formError} />
            {!readOnly && (
              <Group justify="space-between">
                <StatusLine
                  valid={result?.valid}
                  errors={result?.errors.length ?? 0}
                  validating={validation.validating}
                />
                <Button
                  type="submit"
                  leftSection={<IconDeviceFloppy size={16} />}
                  loading={save.isPending}
                  disabled={saved || !name.trim()}
                  title="Save (Ctrl+S)"
                >
                  {template ? 'Save new version' : 'Create template'}
                </Button>
              </Group>
            )}
            {validation.isError && (
              <FormError
                message={`Could not check the template: ${errorMessage(validation.error)}`}
              />
            )}
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Paper withBorder p="md" radius="md">
          <Tabs defaultValue="preview" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="preview">Preview</Tabs.Tab>
              {template && <Tabs.Tab value="history">History ({template.latestVersion})</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="preview">
              <PreviewPane
                orgId={orgId}
                draft={draft}
                channel={draft.channel}
                variables={draft.variables}
                sampleValues={sampleValues}
                onSampleValuesChange={setSampleValues}
                preview={result?.preview}
                validating={validation.validating}
                templateId={template?.id}
              />
            </Tabs.Panel>
            {template && (
              <Tabs.Panel value="history">
                <VersionHistory
                  key={template.current.id}
                  orgId={orgId}
                  template={template}
                  canEdit={canEdit}
                />
              </Tabs.Panel>
            )}
          </Tabs>
        </Paper>
      </Grid.Col>
      {guard.dialog}
    </Grid>
  );
}

function StatusLine({
  valid,
  errors,
  validating,
}: {
  valid: boolean | undefined;
  errors: number;
  validating: boolean;
}) {
  if (valid === undefined) return <span />;
  return (
    <Group gap={6} aria-live="polite">
      {valid ? (
        <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>
          No problems
        </Badge>
      ) : (
        <Badge color="red" variant="light">
          {errors} {errors === 1 ? 'problem' : 'problems'} to fix before saving
        </Badge>
      )}
      {validating && (
        <Text size="xs" c="dimmed">
          checking…
        </Text>
      )}
    </Group>
  );
}
