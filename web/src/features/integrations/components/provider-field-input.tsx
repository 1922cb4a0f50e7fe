import { PasswordInput, TextInput } from '@mantine/core';
import type { FormState } from '@/lib/use-form';
import { fieldKey, type FieldSpec } from './provider-fields';

/** A form over provider fields: their values by field key (`credentials.apiKey`). */
export type ProviderFieldsValues = { fields: Record<string, string> };

type ProviderFieldInputProps<V extends ProviderFieldsValues> = {
  field: FieldSpec;
  form: Pick<FormState<V>, 'values' | 'errors' | 'setValues'>;
  /** Shown instead of the field's help and placeholder (e.g. with a stored value's hint). */
  description?: string;
  placeholder?: string;
  required?: boolean;
};

/** One provider field, masked when it is a secret; the browser never autofills it. */
export function ProviderFieldInput<V extends ProviderFieldsValues>(
  props: ProviderFieldInputProps<V>,
) {
  const { field, form } = props;
  const key = fieldKey(field);
  const Input = field.secret ? PasswordInput : TextInput;
  return (
    <Input
      label={field.label}
      description={props.description ?? field.help}
      placeholder={props.placeholder ?? field.placeholder}
      required={props.required ?? field.required}
      autoComplete="off"
      value={form.values.fields[key] ?? ''}
      error={form.errors[key]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        form.setValues((previous) => ({
          ...previous,
          fields: { ...previous.fields, [key]: value },
        }));
      }}
    />
  );
}
