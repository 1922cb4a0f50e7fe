import { Checkbox, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { TemplateVariable } from '../api/form-options';

type TemplateVariablesProps = {
  variables: TemplateVariable[];
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
  onChange: (name: string, value: string) => void;
  readOnly?: boolean;
};

const TYPE_LABELS: Record<TemplateVariable['type'], string> = {
  string: 'text',
  number: 'number',
  boolean: 'yes/no',
  date: 'date',
  url: 'URL',
  list: 'JSON list',
  object: 'JSON object',
};

function describe(variable: TemplateVariable): string {
  const parts = [TYPE_LABELS[variable.type]];
  if (variable.default !== undefined) parts.push(`default: ${JSON.stringify(variable.default)}`);
  else if (!variable.required) parts.push('optional');
  if (variable.description) parts.push(variable.description);
  return parts.join(' · ');
}

/** Inputs for the template's declared variables: one value for the whole campaign. */
export function TemplateVariables(props: TemplateVariablesProps) {
  const { variables, values, errors, onChange, readOnly } = props;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        Campaign-wide variables
      </Text>
      <Text size="xs" c="dimmed">
        The same value for every recipient. Contact fields (<code>contact.name</code>,{' '}
        <code>contact.attributes.*</code>) are filled in per recipient.
      </Text>
      {variables.length === 0 && (
        <Text size="sm" c="dimmed">
          This template declares no variables of its own.
        </Text>
      )}
      {variables.map((variable) => {
        const common = {
          label: variable.name,
          description: describe(variable),
          error: errors[`variables.${variable.name}`],
          required: variable.required && variable.default === undefined,
          readOnly,
        };
        const value = values[variable.name] ?? '';
        if (variable.type === 'boolean') {
          return (
            <Checkbox
              key={variable.name}
              {...common}
              checked={value === 'true'}
              onChange={(e) => onChange(variable.name, e.currentTarget.checked ? 'true' : 'false')}
            />
          );
        }
        if (variable.type === 'list' || variable.type === 'object') {
          return (
            <Textarea
              key={variable.name}
              {...common}
              autosize
              minRows={2}
              ff="monospace"
              value={value}
              onChange={(e) => onChange(variable.name, e.currentTarget.value)}
            />
          );
        }
        return (
          <TextInput
            key={variable.name}
            {...common}
            type={variable.type === 'url' ? 'url' : 'text'}
            inputMode={variable.type === 'number' ? 'decimal' : undefined}
            value={value}
            onChange={(e) => onChange(variable.name, e.currentTarget.value)}
          />
        );
      })}
    </Stack>
  );
}
