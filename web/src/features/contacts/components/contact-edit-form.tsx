import { Button, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { FormActions, FormFrame } from '@/components/form-frame';
import { RemovableRow } from '@/components/removable-row';
import { errorMessage } from '@/lib/api/errors';
import { removeAt, replaceAt } from '@/lib/lists';
import { notifyDone } from '@/lib/notify';
import { useForm, type FormErrors } from '@/lib/use-form';
import { useUpdateContact, type Contact } from '../api/contacts';

type Props = { orgId: string; contact: Contact; onDone: () => void };
type Row = { key: string; value: string };
type Values = { name: string; rows: Row[] };

const KEY_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

function validate({ name, rows }: Values): FormErrors {
  const errors: FormErrors = {};
  if (!name.trim()) errors.name = 'Name is required';
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const key = r.key.trim();
    if (!KEY_PATTERN.test(key)) errors[`key.${i}`] = 'Letters, digits, _ . - (at most 64)';
    else if (seen.has(key)) errors[`key.${i}`] = 'This key is used twice';
    seen.add(key);
  });
  return errors;
}

/** Name and attributes of a contact. Attributes are saved as a whole: removed rows are removed. */
export function ContactEditForm({ orgId, contact, onDone }: Props) {
  const update = useUpdateContact(orgId, contact.id);
  const form = useForm<Values>({
    initialValues: {
      name: contact.name,
      rows: Object.entries(contact.attributes).map(([key, value]) => ({ key, value })),
    },
    validate,
    serverErrorKey: (segments) => (segments.join('.') === 'name' ? 'name' : undefined),
    serverFormError: errorMessage,
  });
  const { rows } = form.values;
  const setRows = (change: (all: Row[]) => Row[]) =>
    form.setValues((values) => ({ ...values, rows: change(values.rows) }));
  const setRow = (index: number, patch: Partial<Row>) =>
    setRows((all) => replaceAt(all, index, { ...all[index]!, ...patch }));

  const submit = ({ name, rows }: Values) =>
    update.mutate(
      {
        name: name.trim(),
        attributes: Object.fromEntries(rows.map((r) => [r.key.trim(), r.value])),
      },
      {
        onSuccess: () => {
          notifyDone('Contact saved', name.trim());
          onDone();
        },
        onError: (e) => form.setServerError(e),
      },
    );

  return (
    <FormFrame form={form} onSubmit={submit} aria-label="Edit contact">
      <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
      <Text size="sm" fw={500}>
        Attributes
      </Text>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No attributes. Add one for details like a company or a customer number.
        </Text>
      )}
      {rows.map((row, i) => (
        <RemovableRow
          key={i}
          removeLabel={`Remove attribute ${row.key || i + 1}`}
          onRemove={() => setRows((all) => removeAt(all, i))}
        >
          <TextInput
            aria-label={`Attribute ${i + 1} key`}
            placeholder="key"
            value={row.key}
            error={form.errors[`key.${i}`]}
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
        </RemovableRow>
      ))}
      <FormActions
        submitLabel="Save"
        pending={update.isPending}
        onCancel={onDone}
        lockCancel
        extra={
          <Button
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => setRows((all) => [...all, { key: '', value: '' }])}
            disabled={rows.length >= 50}
          >
            Add attribute
          </Button>
        }
      />
    </FormFrame>
  );
}
