import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '@/components/form-error';
import { errorMessage, isApiError } from '@/lib/api/errors';
import { useUpdateContact, type Contact } from '../api/contacts';

type Props = { orgId: string; contact: Contact; onDone: () => void };
type Row = { key: string; value: string };

const KEY_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Name and attributes of a contact. Attributes are saved as a whole: removed rows are removed. */
export function ContactEditForm({ orgId, contact, onDone }: Props) {
  const update = useUpdateContact(orgId, contact.id);
  const [name, setName] = useState(contact.name);
  const [rows, setRows] = useState<Row[]>(
    Object.entries(contact.attributes).map(([key, value]) => ({ key, value })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const validate = () => {
    const next: Record<string, string> = {};
    if (!name.trim()) next.name = 'Name is required';
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      const key = r.key.trim();
      if (!KEY_PATTERN.test(key)) next[`key.${i}`] = 'Letters, digits, _ . - (at most 64)';
      else if (seen.has(key)) next[`key.${i}`] = 'This key is used twice';
      seen.add(key);
    });
    setErrors(next);
    return Object.keys(next).length === 0;
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!validate()) return;
    update.mutate(
      {
        name: name.trim(),
        attributes: Object.fromEntries(rows.map((r) => [r.key.trim(), r.value])),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Contact saved', message: name.trim() });
          onDone();
        },
        onError: (e) => {
          setFormError(errorMessage(e));
          if (isApiError(e) && e.fieldErrors.some((f) => f.path === 'name'))
            setErrors({ name: e.fieldErrors.find((f) => f.path === 'name')!.message });
        },
      },
    );
  };

  const setRow = (index: number, patch: Partial<Row>) =>
    setRows((all) => all.map((r, i) => (i === index ? { ...r, ...patch } : r)));

  return (
    <form onSubmit={submit} noValidate aria-label="Edit contact">
      <Stack>
        <FormError message={formError} />
        <TextInput
          label="Name"
          required
          data-autofocus
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Text size="sm" fw={500}>
          Attributes
        </Text>
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            No attributes. Add one for details like a company or a customer number.
          </Text>
        )}
        {rows.map((row, i) => (
          <Group key={i} align="flex-start" wrap="nowrap" gap="xs">
            <TextInput
              aria-label={`Attribute ${i + 1} key`}
              placeholder="key"
              value={row.key}
              error={errors[`key.${i}`]}
              onChange={(e) => setRow(i, { key: e.currentTarget.value })}
              w={200}
            />
            <TextInput
              aria-label={`Attribute ${i + 1} value`}
              placeholder="value"
              value={row.value}
              maxLength={1000}
              onChange={(e) => setRow(i, { value: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={4}
              aria-label={`Remove attribute ${row.key || i + 1}`}
              onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Button
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => setRows((all) => [...all, { key: '', value: '' }])}
            disabled={rows.length >= 50}
          >
            Add attribute
          </Button>
          <Group>
            <Button variant="default" onClick={onDone} disabled={update.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
