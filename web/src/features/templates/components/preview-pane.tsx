import {
  Alert,
  Button,
  Code,
  Group,
  Loader,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/api/errors';
import { useForm } from '@/lib/use-form';
import { usePreviewTemplate } from '../api/preview-template';
import type {
  RenderedTemplate,
  TemplateChannel,
  TemplateDraft,
  TemplateVariable,
} from '../api/types';
import { EmailPreviewFrame } from './email-preview-frame';
import { SmsCounter } from './sms-counter';

type PreviewPaneProps = {
  orgId: string;
  /** The draft as typed: an email is shown rendered in a sandboxed frame. */
  draft: TemplateDraft;
  channel: TemplateChannel;
  variables: TemplateVariable[];
  sampleValues: Record<string, unknown>;
  onSampleValuesChange: (values: Record<string, unknown>) => void;
  preview: RenderedTemplate | undefined;
  validating: boolean;
  /** Set for saved templates: enables "preview for a contact" (renders the saved version). */
  templateId?: string;
};

const SCALAR = new Set(['string', 'number', 'date', 'url', 'boolean']);

function RenderedView({
  rendered,
  channel,
  frame,
}: {
  rendered: RenderedTemplate;
  channel: TemplateChannel;
  /** Shown instead of the body's source (the email preview frame). */
  frame?: ReactNode;
}) {
  return (
    <Stack gap="xs">
      {rendered.subject !== undefined && (
        <Text size="sm">
          <b>Subject:</b> {rendered.subject}
        </Text>
      )}
      {frame ?? (
        <Code
          block
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
          aria-label="Rendered body"
        >
          {rendered.body || ' '}
        </Code>
      )}
      {rendered.text && (
        <>
          <Text size="xs" c="dimmed">
            Plain-text part
          </Text>
          <Code block style={{ whiteSpace: 'pre-wrap' }}>
            {rendered.text}
          </Code>
        </>
      )}
      {channel === 'sms' && rendered.sms && <SmsCounter sms={rendered.sms} />}
    </Stack>
  );
}

/** Live preview of the draft with sample values, and of the saved version for a contact. */
export function PreviewPane(props: PreviewPaneProps) {
  const { orgId, channel, variables, sampleValues, onSampleValuesChange, preview, validating } =
    props;
  const scalars = variables.filter((v) => SCALAR.has(v.type) && v.name);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Rendered with sample values, as you type
        </Text>
        {validating && <Loader size="xs" aria-label="Updating preview" />}
      </Group>
      {scalars.length > 0 && (
        <Stack gap={6}>
          <Text size="xs" c="dimmed">
            Sample values (blank uses the default or a long sample)
          </Text>
          {scalars.map((v) =>
            v.type === 'boolean' ? (
              <Switch
                key={v.name}
                label={v.name}
                checked={sampleValues[v.name] === true}
                onChange={(e) =>
                  onSampleValuesChange({ ...sampleValues, [v.name]: e.currentTarget.checked })
                }
              />
            ) : (
              <TextInput
                key={v.name}
                size="xs"
                label={v.name}
                ff="monospace"
                value={String(sampleValues[v.name] ?? '')}
                onChange={(e) => {
                  const text = e.currentTarget.value;
                  const next = { ...sampleValues };
                  if (text === '') delete next[v.name];
                  else
                    next[v.name] =
                      v.type === 'number' && String(Number(text)) === text ? Number(text) : text;
                  onSampleValuesChange(next);
                }}
              />
            ),
          )}
        </Stack>
      )}
      <Paper withBorder p="sm" radius="sm">
        {preview ? (
          <RenderedView
            rendered={preview}
            channel={channel}
            frame={
              channel === 'email' ? (
                <EmailPreviewFrame orgId={orgId} draft={props.draft} sampleValues={sampleValues} />
              ) : undefined
            }
          />
        ) : (
          <Text size="sm" c="dimmed">
            {validating ? 'Rendering…' : 'Fix the problems above to see a preview.'}
          </Text>
        )}
      </Paper>
      {props.templateId && (
        <ContactPreview
          orgId={orgId}
          templateId={props.templateId}
          channel={channel}
          sampleValues={sampleValues}
        />
      )}
    </Stack>
  );
}

function ContactPreview(props: {
  orgId: string;
  templateId: string;
  channel: TemplateChannel;
  sampleValues: Record<string, unknown>;
}) {
  const form = useForm({ initialValues: { contactId: '' } });
  const mutation = usePreviewTemplate(props.orgId, props.templateId);
  return (
    <Stack gap="xs">
      <form
        onSubmit={form.onSubmit(({ contactId }) =>
          mutation.mutate({
            variables: props.sampleValues,
            contactId: contactId.trim() || undefined,
          }),
        )}
      >
        <Group align="flex-end" gap="xs">
          <TextInput
            size="xs"
            label="Preview the saved version for a contact"
            placeholder="Contact id (blank: sample contact)"
            {...form.getInputProps('contactId')}
            style={{ flex: 1 }}
          />
          <Button size="xs" type="submit" variant="default" loading={mutation.isPending}>
            Render
          </Button>
        </Group>
      </form>
      {mutation.isError && (
        <Alert color="red" role="alert" p="xs">
          <Text size="sm">{errorMessage(mutation.error)}</Text>
        </Alert>
      )}
      {mutation.data && (
        <Paper withBorder p="sm" radius="sm">
          <RenderedView rendered={mutation.data} channel={props.channel} />
          {mutation.data.warnings.map((w) => (
            <Text key={w.path} size="xs" c="yellow.8">
              {w.message}
            </Text>
          ))}
        </Paper>
      )}
    </Stack>
  );
}
