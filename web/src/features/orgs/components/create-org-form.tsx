import { TextInput } from '@mantine/core';
import { FormActions, FormFrame } from '@/components/form-frame';
import { useForm } from '@/lib/use-form';
import { requiredText } from '@/lib/validators';
import { useCreateOrg, type Org } from '../api/create-org';

type CreateOrgFormProps = { onCreated: (org: Org) => unknown; onCancel?: () => void };

export function CreateOrgForm({ onCreated, onCancel }: CreateOrgFormProps) {
  const createOrgMutation = useCreateOrg({ onSuccess: onCreated });
  const form = useForm({
    initialValues: { name: '' },
    validate: { name: requiredText('Organization name', 100) },
  });

  const submit = (values: typeof form.values) =>
    createOrgMutation.mutate(
      { name: values.name.trim() },
      { onError: (error) => form.setServerError(error) },
    );

  return (
    <FormFrame form={form} onSubmit={submit}>
      <TextInput
        label="Organization name"
        description="Usually your company or team name. You can change it later."
        autoComplete="organization"
        required
        autoFocus
        {...form.getInputProps('name')}
      />
      <FormActions
        submitLabel="Create organization"
        pending={createOrgMutation.isPending}
        onCancel={onCancel}
      />
    </FormFrame>
  );
}
