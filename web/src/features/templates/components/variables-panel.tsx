import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { TemplateIssue, TemplateVariable, VariableType } from '../api/types';

const TYPES: { value: VariableType; label: string }[] = [
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'boolean', label: 'Yes/no' },
  { value: 'date', label: 'Date' },
  { value: 'url', label: 'URL' },
  { value: 'list', label: 'List (for loops)' },
  { value: 'object', label: 'Object' },
];

type VariablesPanelProps = {
  variables: TemplateVariable[];
  onChange: (variables: TemplateVariable[]) => void;
  issues: TemplateIssue[];
  used: string[];
  readOnly?: boolean;
};

const messagesAt = (issues: TemplateIssue[], path: string) =>
  issues.filter((i) => i.path === path).map((i) => i.message);

/** Declared variables: name, type, required, default and description, with their problems. */
export function VariablesPanel({
  variables,
  onChange,
  issues,
  used,
  readOnly,
}: VariablesPanelProps) {
  const update = (index: number, patch: Partial<TemplateVariable>) =>
    onChange(variables.map((v, i) => (i === index ? { ...v, ...patch } : v)));
  const remove = (index: number) => onChange(variables.filter((_, i) => i !== index));
  const add = () =>
    onChange([
      ...variables,
      { name: `variable_${variables.length + 1}`, type: 'string', required: false },
    ]);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600}>Variables</Text>
        {!readOnly && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={add}>
            Add variable
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        Built in, no need to declare: <code>contact.name</code>, <code>contact.attributes.*</code>,{' '}
        <code>contact.identities</code>, <code>org.name</code>, and in email{' '}
        <code>unsubscribe_url</code>.
      </Text>
      {variables.length === 0 && (
        <Text size="sm" c="dimmed">
          No variables yet. Declare each placeholder your template uses.
        </Text>
      )}
      {variables.map((variable, index) => {
        const path = `variables[${index}]`;
        const nameErrors = messagesAt(issues, `${path}.name`);
        return (
          <Paper key={index} withBorder p="sm" radius="sm">
            <Stack gap="xs">
              <Group align="flex-start" gap="xs" wrap="nowrap">
                <TextInput
                  label="Name"
                  value={variable.name}
                  onChange={(e) => update(index, { name: e.currentTarget.value })}
                  error={nameErrors.join(' ') || undefined}
                  readOnly={readOnly}
                  ff="monospace"
                  style={{ flex: 1 }}
                />
                <Select
                  label="Type"
                  data={TYPES}
                  value={variable.type}
                  allowDeselect={false}
                  onChange={(type) =>
                    type && update(index, { type: type as VariableType, default: undefined })
                  }
                  readOnly={readOnly}
                  w={150}
                />
                {!readOnly && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={26}
                    aria-label={`Remove variable ${variable.name}`}
                    onClick={() => remove(index)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
              <Group gap="md">
                <Checkbox
                  label="Required"
                  checked={variable.required}
                  onChange={(e) => update(index, { required: e.currentTarget.checked })}
                  disabled={readOnly}
                />
                {used.includes(variable.name) ? (
                  <Badge size="xs" color="teal" variant="light">
                    used
                  </Badge>
                ) : (
                  <Badge size="xs" color="gray" variant="light">
                    not used
                  </Badge>
                )}
              </Group>
              <DefaultInput
                variable={variable}
                onChange={(value) => update(index, { default: value })}
                error={messagesAt(issues, `${path}.default`).join(' ') || undefined}
                readOnly={readOnly}
              />
              <TextInput
                label="Description"
                size="xs"
                value={variable.description ?? ''}
                onChange={(e) => update(index, { description: e.currentTarget.value || undefined })}
                readOnly={readOnly}
              />
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

type DefaultInputProps = {
  variable: TemplateVariable;
  onChange: (value: unknown) => void;
  error: string | undefined;
  readOnly: boolean | undefined;
};

/** The default, edited as its type: text, a number, yes/no, or JSON for lists and objects. */
function DefaultInput({ variable, onChange, error, readOnly }: DefaultInputProps) {
  const [json, setJson] = useState(() =>
    variable.default === undefined ? '' : JSON.stringify(variable.default),
  );
  const [jsonError, setJsonError] = useState<string | null>(null);
  const common = { label: 'Default (optional)', size: 'xs' as const, readOnly, error };

  if (variable.type === 'boolean') {
    return (
      <Select
        {...common}
        data={[
          { value: '', label: 'No default' },
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]}
        value={variable.default === undefined ? '' : String(variable.default)}
        onChange={(v) => onChange(v === 'true' ? true : v === 'false' ? false : undefined)}
      />
    );
  }
  if (variable.type === 'list' || variable.type === 'object') {
    return (
      <Textarea
        {...common}
        ff="monospace"
        autosize
        minRows={1}
        placeholder={variable.type === 'list' ? '[{"title": "…"}]' : '{"key": "…"}'}
        value={json}
        error={jsonError ?? error}
        onChange={(e) => {
          const text = e.currentTarget.value;
          setJson(text);
          if (text.trim() === '') {
            setJsonError(null);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(text));
            setJsonError(null);
          } catch {
            setJsonError('Not valid JSON yet');
          }
        }}
      />
    );
  }
  const raw = variable.default === undefined ? '' : String(variable.default);
  return (
    <TextInput
      {...common}
      placeholder={
        variable.type === 'date' ? '2026-03-01' : variable.type === 'url' ? 'https://…' : ''
      }
      value={raw}
      onChange={(e) => {
        const text = e.currentTarget.value;
        if (text === '') return onChange(undefined);
        onChange(variable.type === 'number' && String(Number(text)) === text ? Number(text) : text);
      }}
    />
  );
}
