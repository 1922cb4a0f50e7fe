import { ActionIcon, Autocomplete, Button, Group } from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useForm } from '@/lib/use-form';

type AuditActionFilterProps = {
  value: string;
  onChange: (action: string) => void;
  suggestions: string[];
};

/** Filters by action (exact, or a prefix ending in "."); applied on Enter, pick, or the button. */
export function AuditActionFilter({ value, onChange, suggestions }: AuditActionFilterProps) {
  // The parent re-keys this component when `value` changes elsewhere (e.g. browser back).
  const form = useForm({ initialValues: { action: value } });
  const draft = form.values.action;

  return (
    <form
      onSubmit={form.onSubmit(({ action }) => onChange(action.trim()))}
      role="search"
      aria-label="Filter audit log"
    >
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Autocomplete
          label="Action"
          description='Exact action, or a prefix such as "api_key."'
          placeholder="e.g. member.invited"
          {...form.getInputProps('action')}
          onOptionSubmit={(option) => onChange(option)}
          data={suggestions}
          w={280}
          spellCheck={false}
          autoCapitalize="off"
          rightSection={
            draft !== '' ? (
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label="Clear action"
                onClick={() => {
                  form.setFieldValue('action', '');
                  onChange('');
                }}
              >
                <IconX size={14} />
              </ActionIcon>
            ) : undefined
          }
        />
        <Button type="submit" variant="default" leftSection={<IconSearch size={16} />}>
          Apply
        </Button>
      </Group>
    </form>
  );
}
